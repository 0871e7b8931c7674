import { describe, expect, it } from "vitest";
import type { PendingConfirmation } from "../server/api-types.js";
import { renderCard, selectableAlternatives } from "./card-renderer.js";
import { colourStyle, plainStyle } from "./style.js";

const now = new Date("2026-01-05T15:00:00Z");

function sampleCard(overrides: Partial<PendingConfirmation> = {}): PendingConfirmation {
  return {
    id: "5b0f2c1e-1111-4222-8333-444455556666",
    kind: "order",
    order: {
      symbol: "AAPL",
      description: "Apple Inc.",
      side: "sell",
      quantity: 2,
      notional: null,
      orderType: "market",
      limitPrice: null,
      stopPrice: null,
      timeInForce: "day",
    },
    account: {
      id: "snaptrade_schwab-1",
      provider: "snaptrade",
      institution: "Charles Schwab",
      name: "Individual Brokerage",
      numberMasked: "••••1234",
      isPaper: false,
    },
    routing: {
      reason:
        "Charles Schwab Individual Brokerage holds the most AAPL (50) of the 2 accounts that can sell it.",
      rule: "holder",
      alternatives: [
        {
          accountId: "snaptrade_fidelity-1",
          institution: "Fidelity",
          name: "Fidelity Individual",
          holds: 30,
          buyingPower: 5000,
          canTrade: false,
          whyNot: "it is connected with read-only access",
        },
        {
          accountId: "snaptrade_robinhood-1",
          institution: "Robinhood",
          name: "Robinhood Individual",
          holds: 12,
          buyingPower: 1800,
          canTrade: true,
          whyNot: null,
        },
      ],
    },
    estimate: {
      price: 228.29,
      priceSource: "snaptrade order impact",
      asOf: "2026-01-05T14:59:58Z",
      amount: 456.58,
      amountSource: "broker_preview",
      fees: null,
      buyingPowerBefore: 12500,
      buyingPowerAfter: 12956.58,
      currency: "USD",
    },
    basis: null,
    cancel: null,
    warnings: ["The market is closed; the order will wait for the next session."],
    text: "Sell 2 shares of AAPL ...",
    hash: "hash-1",
    expiresAt: "2026-01-05T15:04:30Z",
    ...overrides,
  };
}

describe("renderCard", () => {
  const text = renderCard(sampleCard(), plainStyle, now);

  it("shows the order, the account with its number and whether it is live", () => {
    expect(text).toContain("SELL 2 shares of AAPL (Apple Inc.), market, DAY");
    expect(text).toMatch(/Account\s+Charles Schwab Individual Brokerage ••••1234 \(live\)/);
  });

  it("shows the estimate with its sources, unknown fees and buying power before → after", () => {
    expect(text).toMatch(
      /Estimate\s+\$456\.58 \(broker preview\) at \$228\.29\/share \(snaptrade order impact/,
    );
    expect(text).toMatch(/Fees\s+unknown/);
    expect(text).toMatch(/Buying power\s+\$12,500\.00 → \$12,956\.58/);
  });

  it("shows warnings, the routing reason and the alternatives with why not, numbering only tradeable ones", () => {
    expect(text).toMatch(/Warning\s+The market is closed/);
    expect(text).toMatch(/Why\s+Charles Schwab Individual Brokerage holds the most AAPL/);
    expect(text).toMatch(
      /- Fidelity Individual \(holds 30, buying power \$5,000\.00\) — not chosen: it is connected with read-only access/,
    );
    expect(text).toMatch(/1\. Robinhood Individual \(holds 12, buying power \$1,800\.00\)/);
    expect(selectableAlternatives(sampleCard()).map((a) => a.accountId)).toEqual(["snaptrade_robinhood-1"]);
  });

  it("shows when the card expires", () => {
    expect(text).toMatch(/Expires\s+\d\d:\d\d:\d\d \(in 4m 30s\)/);
    expect(renderCard(sampleCard({ expiresAt: "2026-01-05T14:00:00Z" }), plainStyle, now)).toContain(
      "(in expired)",
    );
  });

  it("shows dollar amounts, limit and stop prices, paper accounts and known fees", () => {
    const card = sampleCard({
      order: {
        ...sampleCard().order,
        side: "buy",
        quantity: 3,
        notional: null,
        orderType: "stop_limit",
        stopPrice: 200,
        limitPrice: 195,
      },
      account: {
        ...sampleCard().account,
        institution: "Alpaca",
        name: "Alpaca paper account",
        isPaper: true,
      },
      estimate: { ...sampleCard().estimate, fees: 1.5, amountSource: "estimate" },
      routing: { reason: "", rule: null, alternatives: [] },
      warnings: [],
    });
    const out = renderCard(card, plainStyle, now);
    expect(out).toContain("BUY 3 shares of AAPL (Apple Inc.), stop $200.00, limit $195.00, DAY");
    expect(out).toMatch(/Alpaca paper account ••••1234 \(paper\)/);
    expect(out).toMatch(/\(estimate\)/);
    expect(out).toMatch(/Fees\s+\$1\.50/);
    expect(out).not.toContain("Alternatives");
  });

  it("shows a sub-dollar limit and a quoted price with every digit they have, not rounded to cents", () => {
    const card = sampleCard({
      order: {
        symbol: "KO",
        description: "The Coca-Cola Company",
        side: "buy",
        quantity: 10,
        notional: null,
        orderType: "limit",
        limitPrice: 0.5525,
        stopPrice: null,
        timeInForce: "day",
      },
      estimate: { ...sampleCard().estimate, price: 0.8013, amount: 5.525 },
    });
    const out = renderCard(card, plainStyle, now);
    expect(out).toContain("BUY 10 shares of KO (The Coca-Cola Company), limit $0.5525, DAY");
    expect(out).toMatch(/at \$0\.8013\/share/);
  });

  it("draws a cancellation card without an estimate", () => {
    const out = renderCard(sampleCard({ kind: "cancel" }), plainStyle, now);
    expect(out).toContain("Confirm cancellation");
    expect(out).toContain("Cancel the open order to sell 2 shares of AAPL");
    expect(out).not.toContain("Estimate");
  });

  it("uses no escape codes in plain style, and colours in colour style", () => {
    expect(text).not.toContain("\u001b[");
    expect(renderCard(sampleCard(), colourStyle, now)).toContain("\u001b[");
  });
});
