import { describe, expect, it } from "vitest";
import type { PendingConfirmation } from "../api/types.js";
import { cardSummary } from "./card-summary.js";

const now = Date.parse("2026-01-05T15:00:00Z");
const card = (order: Partial<PendingConfirmation["order"]>, extra: Partial<PendingConfirmation> = {}) =>
  ({
    id: "p1",
    kind: "order",
    order: { symbol: "AAPL", side: "sell", quantity: 2, notional: null, ...order },
    account: { institution: "Charles Schwab", name: "Individual Brokerage", isPaper: false },
    expiresAt: new Date(now + 5 * 60_000).toISOString(),
    ...extra,
  }) as PendingConfirmation;

describe("the card as one spoken sentence", () => {
  it("names the side, size, symbol, account and the time left", () => {
    expect(cardSummary(card({}), now)).toBe(
      "Order to confirm: sell 2 AAPL from Charles Schwab Individual Brokerage, expires in 5 minutes.",
    );
  });

  it("says a dollar amount, a paper account and a cancellation as such", () => {
    const buy = card(
      { side: "buy", quantity: null, notional: 500, symbol: "VOO" },
      {
        kind: "cancel",
        expiresAt: new Date(now + 50_000).toISOString(),
        account: { institution: "Alpaca", name: "Paper", isPaper: true } as PendingConfirmation["account"],
      },
    );
    expect(cardSummary(buy, now)).toBe(
      "Cancellation to confirm: buy $500.00 of VOO in Alpaca Paper (paper), expires in 1 minute.",
    );
  });
});
