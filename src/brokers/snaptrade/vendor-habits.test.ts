import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrokerSandbox,
  silentLogger,
  startBrokerSandbox,
  testCalls,
} from "../../../test/helpers/brokers/broker-sandbox.js";
import type { BrokerAccount, OrderRequest } from "../model.js";
import type { TradingSession } from "../session.js";
import { createSnaptradeClient } from "./client.js";

/** The SnapTrade adapter against the sandbox's SnapTrade habits (real SDK). */
let sandbox: BrokerSandbox;
let session: TradingSession;
let accounts: BrokerAccount[];
const userId = "snap-habits-user";

const named = (name: string) => {
  const account = accounts.find((a) => a.name === name);
  if (!account) throw new Error(`no account ${name}`);
  return account;
};

function order(accountId: string, overrides: Partial<OrderRequest> = {}): OrderRequest {
  return {
    accountId,
    symbol: "AAPL",
    side: "buy",
    quantity: 1,
    notional: null,
    orderType: "market",
    limitPrice: null,
    stopPrice: null,
    timeInForce: "day",
    clientOrderId: crypto.randomUUID(),
    ...overrides,
  };
}

beforeAll(async () => {
  sandbox = await startBrokerSandbox();
  const [seeded] = await sandbox.seed({
    prices: { AAPL: 200 },
    users: [
      {
        id: userId,
        snaptrade: {
          connections: [
            {
              brokerage: "Robinhood",
              attached: true,
              accounts: [
                {
                  name: "Options",
                  cash: 1_000,
                  positions: [{ symbol: "AAPL", units: 1, avgPrice: 150 }],
                  optionPositions: [
                    {
                      underlying: "AAPL",
                      type: "call",
                      strike: 250,
                      expiration: "2026-12-18",
                      units: 3,
                      price: 2.5,
                    },
                    {
                      underlying: "AAPL",
                      type: "put",
                      strike: 150,
                      expiration: "2026-12-18",
                      units: 2,
                      price: 1.25,
                      avgPrice: 1,
                      multiplier: 10,
                    },
                  ],
                },
              ],
            },
            {
              brokerage: "Charles Schwab",
              attached: true,
              accounts: [{ name: "Whole Shares", cash: 5_000 }],
            },
          ],
        },
      },
    ],
  });
  const schwab = seeded?.snaptrade?.connections.find((c) =>
    c.accounts.some((a) => a.name === "Whole Shares"),
  );
  await sandbox.admin(`/connections/${schwab?.id}/brokerage`, { allowsFractionalUnits: false });
  const snaptrade = createSnaptradeClient(
    sandbox.config.snaptrade,
    testCalls(),
    silentLogger,
    () => new Date(),
  );
  session = snaptrade.session(await snaptrade.registerUser(userId));
  accounts = await session.listAccounts();
});
afterAll(() => sandbox.close());

describe("SnapTrade adapter under the vendor's habits", () => {
  it("values option positions at price x units x the contract's multiplier", async () => {
    const positions = await session.listPositions(named("Options").id);
    expect(positions.find((p) => p.symbol === "AAPL261218C00250000")).toMatchObject({
      quantity: 3,
      price: 2.5,
      marketValue: 750,
      costBasis: 750,
    });
    expect(positions.find((p) => p.symbol === "AAPL261218P00150000")).toMatchObject({
      quantity: 2,
      price: 1.25,
      marketValue: 25,
      costBasis: 20,
    });
    // 1,000 cash + 200 (one share) + 750 + 25
    const { account } = await session.refreshAccount!(named("Options"));
    expect(account.totalValue).toBe(1_975);
  });

  it("feeds the brokerage's allows_fractional_units to sizing (false: whole shares only)", async () => {
    expect((await session.lookupSymbol(named("Whole Shares").id, "AAPL"))?.fractionable).toBe(false);
    expect((await session.lookupSymbol(named("Options").id, "AAPL"))?.fractionable).toBe(true);
  });

  it("an impact without a price: the amount is our estimate from a quote, labelled so", async () => {
    await sandbox.admin("/config", { behaviour: { snaptradeImpactWithoutPrices: true } });
    const preview = await session.previewOrder(order(named("Whole Shares").id, { quantity: 2 }));
    await sandbox.admin("/config", { behaviour: { snaptradeImpactWithoutPrices: false } });
    expect(preview).toMatchObject({
      price: 200,
      amount: 400,
      amountSource: "estimate",
      priceSource: "snaptrade quote",
    });
    expect(preview.tradeId).toBeTruthy();
  });

  it("maps SnapTrade's other statuses: working ones stay accepted, REPLACED goes to review, FAILED is rejected", async () => {
    const accountId = named("Whole Shares").id;
    const expectations: Array<[string, string]> = [
      ["QUEUED", "accepted"],
      ["TRIGGERED", "accepted"],
      ["PENDING_RISK_REVIEW", "accepted"],
      ["CANCEL_PENDING", "accepted"],
      ["REPLACED", "needs_review"],
      ["FAILED", "rejected"],
    ];
    for (const [status, expected] of expectations) {
      const placed = await session.placeOrder(
        order(accountId, { orderType: "limit", limitPrice: 1, timeInForce: "gtc" }),
        null,
      );
      await sandbox.admin(`/orders/${placed.brokerOrderId}/vendor-status`, { status });
      expect((await session.getOrder(accountId, placed.brokerOrderId)).status, status).toBe(expected);
    }
  });
});
