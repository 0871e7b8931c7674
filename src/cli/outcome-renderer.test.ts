import { describe, expect, it } from "vitest";
import type { Order } from "../server/api-types.js";
import { renderOrder } from "./outcome-renderer.js";
import { plainStyle } from "./style.js";

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

describe("an order's line in the terminal", () => {
  it("tells the fill as the broker reported it: nine decimals of shares, the average price to the hundredth of a cent", () => {
    expect(renderOrder(order, plainStyle)).toContain("filled 0.123456789 shares at $227.1734");
  });

  it("shows a sub-dollar limit price whole", () => {
    const limit = {
      ...order,
      orderType: "limit" as const,
      limitPrice: 0.5525,
      status: "accepted" as const,
      filledQuantity: 0,
      filledAvgPrice: null,
    };
    expect(renderOrder(limit, plainStyle)).toContain("limit $0.5525");
  });
});
