import { describe, expect, it } from "vitest";
import type { Order } from "../api/types.js";
import { orderSummary } from "./order-summary.js";

const order: Order = {
  id: "5b0e6f1e-3c55-4f0e-9d4c-2b7d5c1f9a01",
  confirmationId: "0d5c3a3e-7f7a-4a55-8a2e-6c1b9e0f2d11",
  threadId: null,
  accountId: "alpaca_1",
  provider: "alpaca",
  symbol: "AAPL",
  side: "buy",
  quantity: null,
  notional: 28.05,
  orderType: "market",
  limitPrice: null,
  stopPrice: null,
  timeInForce: "day",
  status: "filled",
  statusDetail: null,
  brokerOrderId: "b-1",
  clientOrderId: "c-1",
  filledQuantity: 0.123456789,
  filledAvgPrice: 227.1734,
  createdAt: "2026-12-01T10:00:00.000Z",
  updatedAt: "2026-12-01T10:00:01.000Z",
};

describe("an order's one-line summary", () => {
  it("tells the fill as the broker reported it, not rounded", () => {
    expect(orderSummary(order)).toBe("Buy $28.05 AAPL — Filled: 0.123456789 shares at $227.1734");
  });
});
