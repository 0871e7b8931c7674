import { describe, expect, it } from "vitest";
import { fractionalFillOrder } from "../../../test/fixtures/fractional-fill-order.js";
import { orderSummary } from "./order-summary.js";

const order = fractionalFillOrder;

describe("an order's one-line summary", () => {
  it("tells the fill as the broker reported it, not rounded", () => {
    expect(orderSummary(order)).toBe("Buy $28.05 AAPL — Filled: 0.123456789 shares at $227.1734");
  });
});
