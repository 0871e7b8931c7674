import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type BrokerSandbox,
  silentLogger,
  startBrokerSandbox,
  testCalls,
} from "../../../test/helpers/brokers/broker-sandbox.js";
import type { OrderRequest } from "../model.js";
import type { TradingSession } from "../session.js";
import { createAlpacaClient } from "./client.js";

/** The Alpaca adapter against the sandbox's Alpaca habits (real SDK). */
let sandbox: BrokerSandbox;
let keys: { keyId: string; secret: string; accountId: string };

const session = (): TradingSession =>
  createAlpacaClient(
    sandbox.config.alpaca,
    { ...testCalls(), cacheSize: 4 },
    silentLogger,
    () => new Date(),
  ).session({ keyId: keys.keyId, secret: keys.secret, paper: true });

async function accountId(s: TradingSession) {
  return (await s.listAccounts())[0]!.id;
}

function order(accountId: string, overrides: Partial<OrderRequest> = {}): OrderRequest {
  return {
    accountId,
    symbol: "INTC",
    side: "buy",
    quantity: 10,
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
  sandbox = await startBrokerSandbox({ behaviour: { workingFillMs: 50 } });
  const [user] = await sandbox.seed({
    prices: { INTC: 30 },
    users: [{ id: "alpaca-habits", alpaca: { cash: 10_000 } }],
  });
  keys = { keyId: user!.alpaca!.keyId, secret: user!.alpaca!.secret, accountId: user!.alpaca!.accountId };
});
afterAll(() => sandbox.close());

describe("Alpaca adapter under the vendor's habits", () => {
  it("an account whose owner suspended trading, or that is not ACTIVE, cannot trade", async () => {
    expect((await session().listAccounts())[0]?.canTrade).toBe(true);
    await sandbox.admin(`/accounts/${keys.accountId}/settings`, { tradeSuspendedByUser: true });
    expect((await session().listAccounts())[0]?.canTrade).toBe(false);
    await sandbox.admin(`/accounts/${keys.accountId}/settings`, {
      tradeSuspendedByUser: false,
      alpacaStatus: "SUBMISSION_FAILED",
    });
    expect((await session().listAccounts())[0]?.canTrade).toBe(false);
    await sandbox.admin(`/accounts/${keys.accountId}/settings`, { alpacaStatus: "ACTIVE" });
    expect((await session().listAccounts())[0]?.canTrade).toBe(true);
  });

  it("a market buy's preview says what Alpaca holds against buying power (the price plus its collar)", async () => {
    const s = session();
    const preview = await s.previewOrder(order(await accountId(s), { quantity: 10 }));
    expect(preview.amount).toBe(300);
    expect(preview.buyingPowerNeeded).toBeCloseTo(312, 6);
    const limit = await s.previewOrder(order(await accountId(s), { orderType: "limit", limitPrice: 30 }));
    expect(limit.buyingPowerNeeded).toBeUndefined();
  });

  it("maps Alpaca's other statuses: working ones stay open, replaced goes to review", async () => {
    const s = session();
    const id = await accountId(s);
    const expectations: Array<[string, string]> = [
      ["pending_new", "accepted"],
      ["accepted_for_bidding", "accepted"],
      ["done_for_day", "accepted"],
      ["calculated", "accepted"],
      ["pending_cancel", "accepted"],
      ["replaced", "needs_review"],
    ];
    for (const [status, expected] of expectations) {
      const placed = await s.placeOrder(
        order(id, { orderType: "limit", limitPrice: 1, timeInForce: "gtc" }),
        null,
      );
      await sandbox.admin(`/orders/${placed.brokerOrderId}/vendor-status`, { status });
      expect((await s.getOrder(id, placed.brokerOrderId)).status, status).toBe(expected);
    }
  });

  it("a limit order placed under working fills answers accepted, then its fill is read later", async () => {
    const s = session();
    const id = await accountId(s);
    const placed = await s.placeOrder(order(id, { orderType: "limit", limitPrice: 31, quantity: 1 }), null);
    expect(placed).toMatchObject({ status: "accepted", filledQuantity: 0 });
    await vi.waitFor(
      async () =>
        expect(await s.getOrder(id, placed.brokerOrderId)).toMatchObject({
          status: "filled",
          filledQuantity: 1,
        }),
      { timeout: 5_000, interval: 50 },
    );
  });
});
