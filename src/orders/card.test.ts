import { describe, expect, it } from "vitest";
import { cardText, orderInWords, toPendingConfirmation } from "./card.js";
import type { AccountCard, Estimate, OrderSpec } from "./contract/index.js";
import type { ProposalRecord } from "./records.js";

const limitSell: OrderSpec = {
  symbol: "AAPL",
  description: "Apple Inc.",
  side: "sell",
  quantity: 2,
  notional: null,
  orderType: "limit",
  limitPrice: 190.5,
  stopPrice: null,
  timeInForce: "gtc",
};
const dollarBuy: OrderSpec = {
  symbol: "NVDA",
  description: "",
  side: "buy",
  quantity: null,
  notional: 250,
  orderType: "market",
  limitPrice: null,
  stopPrice: null,
  timeInForce: "day",
};
const schwab: AccountCard = {
  id: "snaptrade_sc",
  provider: "snaptrade",
  institution: "Charles Schwab",
  name: "Individual Brokerage",
  numberMasked: "••••1234",
  isPaper: false,
};
const alpacaPaper: AccountCard = {
  id: "alpaca_p",
  provider: "alpaca",
  institution: "Alpaca",
  name: "Paper",
  numberMasked: "",
  isPaper: true,
};
const previewed: Estimate = {
  price: 190.5,
  priceSource: "your limit price",
  asOf: "2026-11-30T09:00:00.000Z",
  amount: 381,
  amountSource: "broker_preview",
  fees: 0,
  buyingPowerBefore: 1_000,
  buyingPowerAfter: 1_381,
  currency: "USD",
};
const unknownEstimate: Estimate = {
  price: null,
  priceSource: "last trade",
  asOf: "2026-11-30T09:00:00.000Z",
  amount: null,
  amountSource: "estimate",
  fees: null,
  buyingPowerBefore: null,
  buyingPowerAfter: null,
  currency: "USD",
};
const orderCard = (fields: Partial<Parameters<typeof cardText>[0]> = {}) =>
  ({
    kind: "order",
    spec: limitSell,
    account: schwab,
    estimate: previewed,
    warnings: [],
    basis: null,
    ...fields,
  }) as Parameters<typeof cardText>[0];
const firstLine = (spec: OrderSpec, account = schwab) =>
  cardText(orderCard({ spec, account })).split("\n")[0];

/** The card is the text the user approves: every value on it is the value sent, in plain words. */
describe("the order card's text", () => {
  it("states the order, its size basis, the broker's preview, buying power and each warning, line by line", () => {
    const text = cardText(
      orderCard({
        basis: "half of the 4 AAPL in Charles Schwab Individual Brokerage = 2 shares",
        warnings: ["The market is closed.", "This is about 30% of your live portfolio's value."],
      }),
    );
    expect(text.split("\n")).toEqual([
      "Sell 2 shares of AAPL (Apple Inc.) with a limit of $190.50, GTC, from Charles Schwab Individual Brokerage ••••1234 (live).",
      "Size: half of the 4 AAPL in Charles Schwab Individual Brokerage = 2 shares.",
      "Estimated $381.00 (broker preview) at $190.50 per share (your limit price); fees $0.00.",
      "Buying power $1,000.00 → $1,381.00.",
      "Warning: The market is closed.",
      "Warning: This is about 30% of your live portfolio's value.",
    ]);
  });

  it("a dollar buy in a paper account: 'worth', 'in', no number, no description; unknown figures say unknown, never $0", () => {
    const text = cardText(orderCard({ spec: dollarBuy, account: alpacaPaper, estimate: unknownEstimate }));
    expect(text).toBe(
      [
        "Buy $250.00 worth of NVDA at market, DAY, in Alpaca Paper (paper).",
        "Estimated unknown (our estimate) at unknown per share (last trade); fees unknown.",
      ].join("\n"),
    );
  });

  it("shows the buying power before even when the after is unknown", () => {
    const text = cardText(orderCard({ estimate: { ...previewed, buyingPowerAfter: null } }));
    expect(text.split("\n")).toContain("Buying power $1,000.00 → unknown.");
  });

  it.each([
    [{ orderType: "market", limitPrice: null }, "Sell 2 shares of AAPL (Apple Inc.) at market, GTC"],
    [
      { orderType: "stop", limitPrice: null, stopPrice: 180 },
      "Sell 2 shares of AAPL (Apple Inc.) with a stop at $180.00, GTC",
    ],
    [
      { orderType: "stop_limit", limitPrice: 179.5, stopPrice: 180 },
      "Sell 2 shares of AAPL (Apple Inc.) with a stop at $180.00 and a limit of $179.50, GTC",
    ],
    [{ limitPrice: 0.1234 }, "Sell 2 shares of AAPL (Apple Inc.) with a limit of $0.1234, GTC"],
    [{ quantity: 1, timeInForce: "day" }, "Sell 1 share of AAPL (Apple Inc.) with a limit of $190.50, DAY"],
    [{ quantity: 1234.567891 }, "Sell 1,234.567891 shares of AAPL (Apple Inc.) with a limit of $190.50, GTC"],
  ] as const)("each order type, price and size exactly as sent: %o", (change, start) => {
    expect(firstLine({ ...limitSell, ...change } as OrderSpec)).toBe(
      `${start}, from Charles Schwab Individual Brokerage ••••1234 (live).`,
    );
  });
});

describe("an order in words", () => {
  it.each([
    [{ ...limitSell, orderType: "market", limitPrice: null, side: "buy" }, "your market order to buy 2 AAPL"],
    [dollarBuy, "your market order to buy $250.00 of NVDA"],
    [limitSell, "your limit order to sell 2 AAPL at $190.50"],
    [
      { ...limitSell, orderType: "stop", limitPrice: null, stopPrice: 180 },
      "your stop order to sell 2 AAPL with a stop at $180.00",
    ],
    [
      { ...limitSell, orderType: "stop_limit", limitPrice: 179.5, stopPrice: 180 },
      "your stop-limit order to sell 2 AAPL with a stop at $180.00 and a limit of $179.50",
    ],
    [
      { ...limitSell, quantity: 0.123456, limitPrice: 0.5 },
      "your limit order to sell 0.123456 AAPL at $0.50",
    ],
  ] as const)("%o → %s", (spec, words) => {
    expect(orderInWords(spec as OrderSpec)).toBe(words);
  });
});

describe("the cancel card's text", () => {
  it("names the order it cancels, its time in force and account, then each warning", () => {
    const text = cardText({
      kind: "cancel",
      spec: { orderId: "o-1", brokerOrderId: "b-1", order: limitSell },
      account: schwab,
      estimate: unknownEstimate,
      warnings: ["Part of it has filled."],
      basis: null,
    });
    expect(text).toBe(
      [
        "Cancel your limit order to sell 2 AAPL at $190.50 (GTC) in Charles Schwab Individual Brokerage ••••1234 (live).",
        "Warning: Part of it has filled.",
      ].join("\n"),
    );
  });
});

describe("the pending confirmation", () => {
  const base = {
    id: "p-1",
    userId: "u-1",
    threadId: null,
    status: "awaiting" as const,
    account: schwab,
    estimate: previewed,
    routing: { reason: "Charles Schwab holds the most AAPL.", rule: "holder" as const, alternatives: [] },
    basis: "all 2 AAPL",
    warnings: ["w"],
    cardText: "the stored text",
    hash: "h".repeat(43),
    expiresAt: "2026-11-30T09:05:00.000Z",
    brokerPreview: null,
    supersededBy: null,
    createdAt: "2026-11-30T09:00:00.000Z",
    storedSpec: {},
  };
  const order: ProposalRecord = { ...base, kind: "order", spec: limitSell, request: null };
  const cancel = (order: OrderSpec): ProposalRecord => ({
    ...base,
    kind: "cancel",
    spec: { orderId: "00000000-0000-4000-8000-0000000000aa", brokerOrderId: "b-1", order },
    request: null,
  });

  it("an order card shows the stored proposal's own fields and text", () => {
    expect(toPendingConfirmation(order)).toEqual({
      id: "p-1",
      kind: "order",
      order: limitSell,
      account: schwab,
      routing: base.routing,
      estimate: previewed,
      basis: "all 2 AAPL",
      cancel: null,
      warnings: ["w"],
      text: "the stored text",
      hash: base.hash,
      expiresAt: base.expiresAt,
    });
  });

  it("a cancel card shows the order it cancels and what of it is left, in exact decimals", () => {
    const shown = toPendingConfirmation(cancel({ ...limitSell, quantity: 0.3 }), {
      status: "partially_filled",
      filledQuantity: 0.1,
    });
    expect(shown.order).toEqual({ ...limitSell, quantity: 0.3 });
    expect(shown.cancel).toEqual({
      orderId: "00000000-0000-4000-8000-0000000000aa",
      status: "partially_filled",
      filledQuantity: 0.1,
      remainingQuantity: 0.2,
    });
  });

  it("a dollar order being cancelled has no share count left to show", () => {
    const shown = toPendingConfirmation(cancel(dollarBuy), { status: "accepted", filledQuantity: 0 });
    expect(shown.cancel?.remainingQuantity).toBeNull();
  });

  it("a cancel card is never shown without the state of the order it cancels", () => {
    expect(() => toPendingConfirmation(cancel(limitSell))).toThrow(/state of the order it cancels/);
  });
});
