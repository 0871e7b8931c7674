import { describe, expect, it } from "vitest";
import { decisionAnswer } from "./decision-wording.js";
import { describeOrder, describeStatus } from "./order-wording.js";

/** What every user is told after a fill: the broker's figures, not rounded ones. */
describe("order wording keeps the broker's digits", () => {
  it("an average fill price is shown with every digit the broker gave, at least cents", () => {
    expect(describeStatus("filled", 3, 3, 227.1734)).toBe("filled, 3 shares at $227.1734");
    expect(describeStatus("filled", 1, 1, 227.1)).toBe("filled, 1 share at $227.10");
    expect(describeStatus("partially_filled", 2, 5, 1234.56789)).toBe(
      "partly filled, 2 of 5 shares at $1,234.56789 so far",
    );
  });

  it("a fractional fill (Alpaca reports up to nine decimals) is not rounded to six", () => {
    expect(describeStatus("partially_filled", 0.123456789, 0.5, null)).toBe(
      "partly filled, 0.123456789 of 0.5 shares so far",
    );
    expect(describeOrder({ side: "buy", symbol: "VOO", quantity: 0.123456, notional: null })).toBe(
      "buy 0.123456 VOO",
    );
  });

  it("the outcome of an approval names the real fill", () => {
    const told = decisionAnswer({
      outcome: "submitted",
      order: {
        id: "o1",
        symbol: "AAPL",
        side: "buy",
        quantity: 3,
        notional: null,
        orderType: "market",
        limitPrice: null,
        stopPrice: null,
        status: "filled",
        filledQuantity: 3,
        filledAvgPrice: 227.1734,
        institution: "Charles Schwab",
        accountName: "Individual",
        isPaper: false,
      },
    } as Parameters<typeof decisionAnswer>[0]);
    expect(told).toBe(
      "Done: your order to buy 3 AAPL in Charles Schwab Individual was placed and filled, 3 shares at $227.1734.",
    );
  });
});
