import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrokerSandbox,
  silentLogger,
  startBrokerSandbox,
  testCalls,
} from "../../../test/helpers/brokers/broker-sandbox.js";
import { OrderRejected } from "../errors.js";
import type { BrokerAccount, OrderRequest } from "../model.js";
import type { TradingSession } from "../session.js";
import { createSnaptradeClient } from "./client.js";
import { clientOrderUuid } from "./client-order-id.js";

let sandbox: BrokerSandbox;
let session: TradingSession;
let tradeable: BrokerAccount;
let readOnly: BrokerAccount;
const userId = "snap-orders-user";
/** Shared by the sandbox and the adapters, so a trade id can be made to expire. */
let clockOffsetMs = 0;
const now = () => new Date(Date.now() + clockOffsetMs);

beforeAll(async () => {
  sandbox = await startBrokerSandbox({ now });
  await sandbox.seed({
    prices: { AAPL: 200, MSFT: 400 },
    users: [
      {
        id: userId,
        history: false,
        snaptrade: {
          connections: [
            {
              brokerage: "Robinhood",
              attached: true,
              accounts: [{ name: "Individual", cash: 8_000, positions: [{ symbol: "MSFT", units: 3 }] }],
            },
            {
              brokerage: "Schwab",
              type: "read",
              attached: true,
              accounts: [{ name: "Brokerage", cash: 1_000 }],
            },
          ],
        },
      },
    ],
  });
  const snaptrade = createSnaptradeClient(sandbox.config.snaptrade, testCalls(), silentLogger, now);
  session = snaptrade.session(await snaptrade.registerUser(userId));
  const accounts = await session.listAccounts();
  tradeable = accounts.find((a) => a.canTrade)!;
  readOnly = accounts.find((a) => !a.canTrade)!;
});

afterAll(() => sandbox.close());

let sequence = 0;
function order(overrides: Partial<OrderRequest> = {}): OrderRequest {
  sequence += 1;
  return {
    accountId: tradeable.id,
    symbol: "AAPL",
    side: "buy",
    quantity: 1,
    notional: null,
    orderType: "market",
    limitPrice: null,
    stopPrice: null,
    timeInForce: "day",
    clientOrderId: `proposal-${sequence}`,
    ...overrides,
  };
}

describe("SnapTrade orders", () => {
  it("previews with the broker's order impact and a trade id good for 5 minutes", async () => {
    const preview = await session.previewOrder(order({ quantity: 2 }));
    expect(preview).toMatchObject({
      price: 200,
      priceSource: "snaptrade order impact",
      amount: 400,
      amountSource: "broker_preview",
      buyingPowerBefore: 8_000,
      currency: "USD",
    });
    expect(preview.tradeId).toBeTruthy();
    const lifetime = Date.parse(preview.tradeExpiresAt!) - now().getTime();
    expect(lifetime).toBeGreaterThan(4.9 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(5 * 60_000);
  });

  it("places the previewed trade id once, then falls back to a forced order with the client order id", async () => {
    const request = order({ symbol: "MSFT", side: "sell", quantity: 1 });
    const preview = await session.previewOrder(request);
    const before = (await sandbox.orders("snaptrade")).length;

    const first = await session.placeOrder(request, preview);
    expect(first).toMatchObject({ symbol: "MSFT", side: "sell", quantity: 1, clientOrderId: null });
    expect(first.brokerOrderId).toBeTruthy();

    const second = await session.placeOrder(request, preview);
    expect(second.brokerOrderId).not.toBe(first.brokerOrderId);
    const recorded = (await sandbox.orders("snaptrade")).slice(before);
    expect(recorded.map((o) => o.clientOrderId)).toEqual([null, clientOrderUuid(request.clientOrderId)]);
  });

  it("falls back to a forced order when the trade id has expired", async () => {
    const request = order();
    const preview = await session.previewOrder(request);
    clockOffsetMs += 6 * 60_000;
    const placed = await session.placeOrder(request, preview);
    expect(placed.brokerOrderId).toBeTruthy();
    const [last] = (await sandbox.orders("snaptrade")).slice(-1);
    expect(last?.clientOrderId).toBe(clientOrderUuid(request.clientOrderId));
  });

  it("maps a broker refusal to OrderRejected with the broker's words", async () => {
    const tooBig = session.placeOrder(order({ quantity: 1_000 }), null);
    await expect(tooBig).rejects.toBeInstanceOf(OrderRejected);
    await expect(tooBig).rejects.toMatchObject({ reason: expect.stringMatching(/buying power/i) });
    const onReadOnly = session.placeOrder(order({ accountId: readOnly.id }), null);
    await expect(onReadOnly).rejects.toMatchObject({
      name: "OrderRejected",
      reason: expect.stringMatching(/read-only/),
    });
  });

  it("reads, lists and cancels an open order", async () => {
    const open = await session.placeOrder(order({ orderType: "limit", limitPrice: 1 }), null);
    expect(open).toMatchObject({ status: "accepted", orderType: "limit", limitPrice: 1 });

    expect(await session.getOrder(tradeable.id, open.brokerOrderId)).toMatchObject({
      brokerOrderId: open.brokerOrderId,
      symbol: "AAPL",
      status: "accepted",
    });
    // SnapTrade's order list is its daily cache: an order placed since the last sync is not
    // there yet, while the order's own endpoint (above) knows it.
    const openOrders = await session.listOrders(tradeable.id, { openOnly: true });
    expect(openOrders.map((o) => o.brokerOrderId)).not.toContain(open.brokerOrderId);

    const cancelled = await session.cancelOrder(tradeable.id, open.brokerOrderId);
    expect(cancelled).toMatchObject({ brokerOrderId: open.brokerOrderId, status: "cancelled" });
    const again = session.cancelOrder(tradeable.id, open.brokerOrderId);
    await expect(again).rejects.toMatchObject({
      name: "OrderRejected",
      reason: expect.stringMatching(/cannot be canceled/),
    });
  });

  it("finds an order by what it is: found, absent, ambiguous", async () => {
    const placedAfter = now();
    const request = order({ symbol: "AAPL", orderType: "limit", limitPrice: 2, quantity: 3 });
    const placed = await session.placeOrder(request, null);

    const found = await session.findOrder(request, placedAfter);
    expect(found).toMatchObject({ kind: "found", order: { brokerOrderId: placed.brokerOrderId } });
    expect(await session.findOrder(order({ symbol: "AAPL", quantity: 7 }), placedAfter)).toEqual({
      kind: "absent",
    });
    const afterItWasPlaced = new Date(now().getTime() + 60_000);
    expect(await session.findOrder(request, afterItWasPlaced)).toEqual({ kind: "absent" });

    await session.placeOrder({ ...request, clientOrderId: "proposal-twin" }, null);
    const ambiguous = await session.findOrder(request, placedAfter);
    expect(ambiguous.kind).toBe("ambiguous");
    if (ambiguous.kind === "ambiguous") expect(ambiguous.candidates).toHaveLength(2);
  });
});
