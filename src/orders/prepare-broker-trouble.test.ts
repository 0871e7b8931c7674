import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestPglite, type TestDatabase } from "../../test/helpers/databases.js";
import {
  AuthFailed,
  BrokerUnavailable,
  ConnectionBroken,
  OrderRejected,
  RateLimited,
} from "../brokers/errors.js";
import { migrate } from "../core/db/migrate.js";
import type { Logger } from "../core/logger.js";
import type { OrderRequest } from "./contract/index.js";
import { OrderRefused } from "./errors.js";
import {
  type FakeWorld,
  fakeWorld,
  type PreparerHarnessOptions,
  preparerFor,
  testAccount,
} from "./test-support/preparer.js";

const robinhood = testAccount("snaptrade_rh", {
  institution: "Robinhood",
  name: "Individual",
  buyingPower: 5_000,
});
const world = (fields: Partial<FakeWorld> = {}) => fakeWorld({ accounts: [robinhood], ...fields });
const buy: OrderRequest = { symbol: "KO", side: "buy", quantity: 3 };

/** What the user is told when the broker cannot look up, price or check an order. */
describe("preparing a card when the broker is in trouble", () => {
  let db: TestDatabase;
  const prepare = (w: FakeWorld, request: OrderRequest = buy, options?: PreparerHarnessOptions) =>
    preparerFor(db, w, options).prepare(request);

  beforeAll(async () => {
    db = await openTestPglite();
    await migrate(db.pool);
  });
  afterAll(async () => {
    await db?.close();
  });

  it.each([
    [
      "lookupSymbol",
      new AuthFailed("snaptrade"),
      "Robinhood no longer accepts our credentials for this account; please re-link it.",
    ],
    [
      "getQuote",
      new AuthFailed("snaptrade"),
      "Robinhood no longer accepts our credentials for this account; please re-link it.",
    ],
    ["getQuote", new RateLimited("snaptrade", 2.2), "Robinhood is busy right now; try again in 3 seconds."],
    ["lookupSymbol", new RateLimited("snaptrade", 4), "Robinhood is busy right now; try again in 4 seconds."],
    [
      "lookupSymbol",
      new BrokerUnavailable("snaptrade"),
      "Robinhood is not answering right now, so I can't price the order. Try again shortly.",
    ],
    [
      "getQuote",
      new BrokerUnavailable("snaptrade"),
      "Robinhood is not answering right now, so I can't price the order. Try again shortly.",
    ],
    [
      "previewOrder",
      new OrderRejected("snaptrade", "not enough shares"),
      "Robinhood would not accept this order: not enough shares",
    ],
    [
      "previewOrder",
      new AuthFailed("snaptrade"),
      "Robinhood no longer accepts our credentials for this account; please re-link it.",
    ],
  ] as const)("%s failing with %s is refused in words", async (call, failure, reason) => {
    const w = world({ failures: { [call]: failure } });
    const preparing = prepare(w);
    await expect(preparing).rejects.toBeInstanceOf(OrderRefused);
    await expect(preparing).rejects.toMatchObject({ reason, details: undefined });
  });

  it("an error of no known kind passes through as it is; a thrown non-error becomes an error", async () => {
    const odd = new Error("unexpected answer");
    for (const call of ["lookupSymbol", "getQuote", "previewOrder"] as const) {
      await expect(prepare(world({ failures: { [call]: odd } }))).rejects.toBe(odd);
    }
    await expect(prepare(world({ failures: { lookupSymbol: "socket hang up" } }))).rejects.toThrow(
      new Error("socket hang up"),
    );
  });

  it("a symbol the broker does not know, or will not trade, is refused naming it and the broker", async () => {
    const unknown = world({ symbols: { ZZZZ: null } });
    await expect(prepare(unknown, { ...buy, symbol: "ZZZZ" })).rejects.toThrow(
      new OrderRefused("ZZZZ is not a symbol Robinhood knows."),
    );
    const halted = world({
      symbols: { HALT: { symbol: "HALT", description: "Halted", tradable: false, fractionable: true } },
    });
    await expect(prepare(halted, { ...buy, symbol: "HALT" })).rejects.toThrow(
      new OrderRefused("HALT cannot be traded at Robinhood."),
    );
    expect(halted.previewed).toEqual([]);
  });

  describe("a broken connection", () => {
    const asked: Array<[string, string]> = [];
    const portal = (answer: () => Promise<string | null>) => ({
      deps: {
        reconnectUrl: (userId: string, connectionId: string) => {
          asked.push([userId, connectionId]);
          return answer();
        },
      },
    });
    const reconnect = "Your Robinhood connection needs to be reconnected before you can trade there.";

    it.each(["lookupSymbol", "getQuote", "previewOrder"] as const)(
      "at %s: refused with a link to repair it",
      async (call) => {
        asked.length = 0;
        const w = world({ failures: { [call]: new ConnectionBroken("snaptrade", "conn-1", true) } });
        const { prepare, userId } = preparerFor(
          db,
          w,
          portal(async () => "https://portal.example/fix"),
        );
        const preparing = prepare(buy);
        await expect(preparing).rejects.toBeInstanceOf(OrderRefused);
        await expect(preparing).rejects.toMatchObject({
          reason: reconnect,
          reconnectUrl: "https://portal.example/fix",
          details: { reconnectUrl: "https://portal.example/fix" },
        });
        expect(asked).toEqual([[userId, "conn-1"]]);
      },
    );

    it("without a link when none can be made: no connection id, no portal, or the portal fails", async () => {
      asked.length = 0;
      const noId = world({ failures: { getQuote: new ConnectionBroken("snaptrade", null, false) } });
      await expect(
        prepare(
          noId,
          buy,
          portal(async () => "https://portal.example/fix"),
        ),
      ).rejects.toMatchObject({
        reason: reconnect,
        reconnectUrl: undefined,
      });
      expect(asked).toEqual([]);
      const broken = () =>
        world({ failures: { getQuote: new ConnectionBroken("snaptrade", "conn-2", true) } });
      await expect(prepare(broken())).rejects.toMatchObject({ reason: reconnect, reconnectUrl: undefined });
      for (const answer of [async () => null, async () => Promise.reject(new Error("portal down"))]) {
        await expect(prepare(broken(), buy, portal(answer))).rejects.toMatchObject({
          reason: reconnect,
          reconnectUrl: undefined,
        });
      }
    });
  });

  describe("no broker preview", () => {
    const logged = () => {
      const info = vi.fn();
      return { info, logger: { info, warn() {}, error() {}, debug() {} } as unknown as Logger };
    };

    it.each([new BrokerUnavailable("snaptrade"), new RateLimited("snaptrade", 1)])(
      "(%s): the card carries our own estimate at the quote, labelled so, and the log says why",
      async (failure) => {
        const { info, logger } = logged();
        const w = world({ failures: { previewOrder: failure }, prices: { KO: 10.333 } });
        const card = await prepare(w, buy, { logger });
        expect(card.brokerPreview).toBeNull();
        expect(card.estimate).toEqual({
          price: 10.333,
          priceSource: "snaptrade latest trade",
          asOf: "2026-11-30T09:00:00.000Z",
          // 3 × 10.333 = 30.999, to the cent.
          amount: 31,
          amountSource: "estimate",
          fees: null,
          buyingPowerBefore: 5_000,
          buyingPowerAfter: 4_969,
          currency: "USD",
        });
        expect(info).toHaveBeenCalledWith(
          { accountId: robinhood.id, symbol: "KO" },
          "order preview unavailable; using an estimate",
        );
      },
    );

    it("a limit order is estimated at its limit; a sell adds to buying power; a dollar order is its amount", async () => {
      const down = { previewOrder: new BrokerUnavailable("snaptrade") };
      const held = [
        {
          accountId: robinhood.id,
          symbol: "KO",
          description: "",
          quantity: 10,
          price: 100,
          marketValue: 1_000,
          costBasis: null,
        },
      ];
      const sell = await prepare(world({ failures: down, positions: held }), {
        symbol: "KO",
        side: "sell",
        quantity: 2,
        orderType: "limit",
        limitPrice: 150,
      });
      expect(sell.estimate).toMatchObject({
        price: 150,
        priceSource: "your limit price",
        amount: 300,
        buyingPowerBefore: 5_000,
        buyingPowerAfter: 5_300,
      });
      const dollars = await prepare(world({ failures: down }), { symbol: "KO", side: "buy", notional: 250 });
      expect(dollars.estimate).toMatchObject({ price: 100, amount: 250, buyingPowerAfter: 4_750 });
    });

    it("an account that does not report buying power has none before or after", async () => {
      const w = fakeWorld({
        accounts: [{ ...robinhood, buyingPower: null }],
        failures: { previewOrder: new BrokerUnavailable("snaptrade") },
      });
      const card = await prepare(w);
      expect(card.estimate).toMatchObject({ amount: 300, buyingPowerBefore: null, buyingPowerAfter: null });
    });
  });

  describe("with a broker preview", () => {
    const preview = (fields: object) => () => ({
      price: 101,
      priceSource: "snaptrade impact",
      asOf: "2026-11-30T09:01:00.000Z",
      amount: 303.5,
      amountSource: "broker_preview" as const,
      fees: 0.5,
      buyingPowerBefore: 4_000,
      buyingPowerAfter: 3_696.5,
      currency: "USD",
      ...fields,
    });

    it("the card shows the broker's figures as they are", async () => {
      const card = await prepare(world({ preview: preview({}) }));
      expect(card.estimate).toEqual({
        price: 101,
        priceSource: "snaptrade impact",
        asOf: "2026-11-30T09:01:00.000Z",
        amount: 303.5,
        amountSource: "broker_preview",
        fees: 0.5,
        buyingPowerBefore: 4_000,
        buyingPowerAfter: 3_696.5,
        currency: "USD",
      });
    });

    it("a figure the preview leaves out comes from the quote or the account, saying where from", async () => {
      const card = await prepare(world({ preview: preview({ price: null, buyingPowerBefore: null }) }));
      expect(card.estimate).toMatchObject({
        price: 100,
        priceSource: "snaptrade latest trade",
        buyingPowerBefore: 5_000,
      });
    });
  });
});
