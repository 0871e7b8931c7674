import { describe, expect, it } from "vitest";
import { fractionalFillOrder } from "../../test/fixtures/fractional-fill-order.js";
import { renderOrder } from "./outcome-renderer.js";
import { plainStyle } from "./style.js";

const order = fractionalFillOrder;

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
