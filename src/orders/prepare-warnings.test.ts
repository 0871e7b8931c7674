import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPglite, type TestDatabase } from "../../test/helpers/databases.js";
import { BrokerUnavailable } from "../brokers/errors.js";
import { migrate } from "../core/db/migrate.js";
import type { OrderRequest } from "./contract/index.js";
import {
  type FakeWorld,
  fakeWorld,
  type PreparerHarnessOptions,
  preparerFor,
  testAccount,
} from "./test-support/preparer.js";

// Live: $20,000 in all (Fidelity reports no value). Paper: $1,000,000, never added to live money.
const robinhood = testAccount("snaptrade_rh", {
  institution: "Robinhood",
  name: "Individual",
  totalValue: 10_000,
  buyingPower: 1_000_000,
});
const webull = testAccount("snaptrade_wb", {
  institution: "Webull",
  name: "Margin",
  totalValue: 10_000,
  buyingPower: 100,
});
const fidelity = testAccount("snaptrade_fi", { institution: "Fidelity", canTrade: false, totalValue: null });
const alpacaPaper = testAccount("alpaca_paper", {
  provider: "alpaca",
  institution: "Alpaca",
  name: "Paper",
  isPaper: true,
  totalValue: 1_000_000,
  buyingPower: 500_000,
});
const world = (fields: Partial<FakeWorld> = {}) =>
  fakeWorld({ accounts: [robinhood, webull, fidelity, alpacaPaper], ...fields });
const buyKo = (quantity: number, fields: Partial<OrderRequest> = {}): OrderRequest => ({
  symbol: "KO",
  side: "buy",
  quantity,
  account: "Robinhood",
  ...fields,
});
const paperNote = "This is a paper (simulated) account: no real money moves.";

/** The warnings a card carries: each one true of this order in this account now, and no other. */
describe("the warnings on a card", () => {
  let db: TestDatabase;
  const warnings = async (request: OrderRequest, w = world(), options?: PreparerHarnessOptions) =>
    (
      await preparerFor(db, w, {
        limits: { maxOrderNotional: 1e9, maxDailyNotional: 1e9 },
        ...options,
      }).prepare(request)
    ).warnings;

  beforeAll(async () => {
    db = await openTestPglite();
    await migrate(db.pool);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("an order inside every bound carries none", async () => {
    expect(await warnings(buyKo(1))).toEqual([]);
  });

  it("a closed market: the order waits for the next session, named when the broker says when", async () => {
    const closed = (nextOpen: string | null) =>
      world({ clock: { isOpen: false, nextOpen, nextClose: null } });
    expect(await warnings(buyKo(1), closed("2026-12-01T14:30:00Z"))).toEqual([
      "The market is closed; the order will wait for the next session (opens 2026-12-01T14:30:00Z).",
    ]);
    expect(await warnings(buyKo(1), closed(null))).toEqual([
      "The market is closed; the order will wait for the next session.",
    ]);
    expect(
      await warnings(buyKo(1), world({ failures: { marketClock: new BrokerUnavailable("alpaca") } })),
    ).toEqual(["Could not check whether the market is open."]);
  });

  it("a SnapTrade order reads Alpaca's market clock when an active Alpaca account is linked, else its own", async () => {
    const withAlpaca = world();
    await warnings(buyKo(1), withAlpaca);
    expect(withAlpaca.clockAskedOf).toEqual([alpacaPaper.id]);
    const alpacaBroken = fakeWorld({
      accounts: [robinhood, { ...alpacaPaper, connectionStatus: "broken" }],
    });
    await warnings(buyKo(1), alpacaBroken);
    expect(alpacaBroken.clockAskedOf).toEqual([robinhood.id]);
    const alpacaFails = world({ failures: { [`tradingSession:${alpacaPaper.id}`]: new Error("no keys") } });
    await warnings(buyKo(1), alpacaFails);
    expect(alpacaFails.clockAskedOf).toEqual([robinhood.id]);
    const alpacaOrder = world();
    await warnings(buyKo(1, { account: "Alpaca" }), alpacaOrder);
    expect(alpacaOrder.clockAskedOf).toEqual([alpacaPaper.id]);
    expect(alpacaOrder.sessionsOpened).toEqual([alpacaPaper.id]);
  });

  it("an order above a quarter of the portfolio of its own kind (live or paper) says what share it is", async () => {
    // A quarter of $20,000 live is $5,000: exactly that is not above it.
    expect(await warnings(buyKo(50))).toEqual([]);
    expect(await warnings(buyKo(50.01))).toEqual(["This order is about 25% of your live portfolio's value."]);
    expect(await warnings(buyKo(60))).toEqual(["This order is about 30% of your live portfolio's value."]);
    // At the worst price it may fill at: a $120 limit makes 45 shares $5,400.
    expect(await warnings(buyKo(45, { orderType: "limit", limitPrice: 120 }))).toEqual([
      "This order is about 27% of your live portfolio's value.",
    ]);
    expect(await warnings(buyKo(2_600, { account: "Alpaca" }))).toEqual([
      "This order is about 26% of your paper portfolio's value.",
      paperNote,
    ]);
    expect(await warnings(buyKo(2_500, { account: "Alpaca" }))).toEqual([paperNote]);
    expect(await warnings(buyKo(60), world(), { deps: { concentrationWarningShare: 0.3 } })).toEqual([]);
    expect(await warnings(buyKo(61), world(), { deps: { concentrationWarningShare: 0.3 } })).toEqual([
      "This order is about 31% of your live portfolio's value.",
    ]);
  });

  it("no share of a portfolio whose value nobody reports", async () => {
    const unvalued = fakeWorld({
      accounts: [
        { ...robinhood, totalValue: null },
        { ...webull, totalValue: 0 },
      ],
    });
    expect(await warnings(buyKo(1), unvalued)).toEqual([]);
  });

  it("stale holdings: the account's own warnings and its provider's general ones, not another account's or provider's", async () => {
    const w = world({
      warnings: [
        { provider: "snaptrade", accountId: robinhood.id, message: "Robinhood synced 2 days ago." },
        { provider: "snaptrade", accountId: webull.id, message: "Webull synced 3 days ago." },
        { provider: "snaptrade", message: "SnapTrade is slow." },
        { provider: "alpaca", message: "Alpaca is slow." },
      ],
    });
    expect(await warnings(buyKo(1), w)).toEqual([
      "Holdings may be out of date: Robinhood synced 2 days ago.",
      "Holdings may be out of date: SnapTrade is slow.",
    ]);
  });

  describe("a buy against buying power", () => {
    const withPreview = (amount: number | null, buyingPowerNeeded?: number) =>
      world({
        preview: () => ({
          price: 100,
          priceSource: "snaptrade impact",
          asOf: "2026-11-30T09:00:00.000Z",
          amount,
          amountSource: "broker_preview",
          fees: 0,
          buyingPowerBefore: 5_000,
          buyingPowerAfter: null,
          currency: "USD",
          ...(buyingPowerNeeded === undefined ? {} : { buyingPowerNeeded }),
        }),
      });

    it("a cost above buying power is likely refused; exactly the buying power is not", async () => {
      expect(await warnings(buyKo(1), withPreview(5_000.01))).toEqual([
        "The estimated cost $5,000.01 is more than this account's buying power ($5,000.00); the broker will likely reject it.",
      ]);
      expect(await warnings(buyKo(1), withPreview(5_000))).toEqual([]);
    });

    it("a broker that checks above the market price may refuse what fits at it", async () => {
      expect(await warnings(buyKo(1), withPreview(4_900, 5_000.01))).toEqual([
        "Robinhood checks a market buy at up to $5,000.01 (above the market price, to cover price moves), more than this account's buying power ($5,000.00); it may refuse the order. A smaller order or a limit order fits.",
      ]);
      expect(await warnings(buyKo(1), withPreview(4_900, 5_000))).toEqual([]);
    });

    it("an account that does not report buying power is said not to have been checked", async () => {
      const unknown = fakeWorld({ accounts: [{ ...robinhood, buyingPower: null }] });
      expect(await warnings(buyKo(1), unknown)).toEqual([
        "Robinhood Individual did not report its buying power, so this order was not checked against it.",
      ]);
    });

    it("nothing is said when the cost is unknown, or on a sell", async () => {
      expect(await warnings(buyKo(1), withPreview(null, 9_999))).toEqual([]);
      const held = [
        {
          accountId: webull.id,
          symbol: "KO",
          description: "",
          quantity: 80,
          price: 100,
          marketValue: 8_000,
          costBasis: null,
        },
      ];
      const noBuyingPower = fakeWorld({ accounts: [{ ...webull, buyingPower: null }], positions: held });
      expect(await warnings({ symbol: "KO", side: "sell", quantity: 1 }, noBuyingPower)).toEqual([]);
      // Webull has $100 of buying power: selling $7,000 of KO is not checked against it.
      expect(
        await warnings(
          { symbol: "KO", side: "sell", quantity: 70 },
          fakeWorld({ accounts: [webull], positions: held }),
        ),
      ).toEqual(["This order is about 70% of your live portfolio's value."]);
    });
  });
});
