import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import type { DecisionOutcome } from "../../orders/contract/index.js";
import type { GetOrdersResult } from "../tool-contracts.js";
import { answerFor, boundModel } from "./test-support/bound-tools.js";
import {
  awaitingSellApple,
  buyVooPaperCard,
  lastOrderFilled,
  sellAppleCard,
  submittedFilled,
} from "./test-support/sample-results.js";

/** Answers about orders: status, cards waiting for approval, decisions and failures. */

const PLACED = /\b(?:placed|submitted|executed|filled|bought|sold)\b/i;

describe("order status answers", () => {
  it("reports the last order's fill", async () => {
    const text = await answerFor("did my order fill", "get_orders", { limit: 1 }, lastOrderFilled);
    expect(text).toBe(
      "Your last order (2026-11-25): buy 10 AAPL in Charles Schwab Individual. Status: filled, 10 shares at $190.05.",
    );
  });

  it.each([
    ["accepted", 0, null, "Status: accepted by the broker, not filled yet."],
    ["partially_filled", 4, 189.5, "Status: partly filled, 4 of 10 shares at $189.50 so far."],
    ["unknown", 0, null, "Status: not confirmed yet: it is being checked with the broker."],
    ["rejected", 0, null, "Status: rejected by the broker."],
  ] as const)("words status %s plainly", async (status, filledQuantity, filledAvgPrice, sentence) => {
    const [order] = lastOrderFilled.orders;
    const result: GetOrdersResult = { orders: [{ ...order!, status, filledQuantity, filledAvgPrice }] };
    expect(await answerFor("status of my last order", "get_orders", { limit: 1 }, result)).toContain(
      sentence,
    );
  });

  it("lists orders with ids and says how to cancel one", async () => {
    const [order] = lastOrderFilled.orders;
    const open = {
      ...order!,
      id: "ord_777",
      status: "accepted",
      filledQuantity: 0,
      filledAvgPrice: null,
      orderType: "limit" as const,
      limitPrice: 180,
    };
    const text = await answerFor(
      "cancel my AAPL order",
      "get_orders",
      { symbol: "AAPL" },
      { orders: [open, order!] },
    );
    expect(text).toContain("Your recent orders for AAPL:");
    expect(text).toContain(
      "buy 10 AAPL with a limit of $180.00 in Charles Schwab Individual, accepted by the broker, not filled yet (id ord_777)",
    );
    expect(text).toContain('Tell me which one to cancel: "cancel order <id>".');
  });

  it("says when there are no orders", async () => {
    expect(await answerFor("show my orders", "get_orders", {}, { orders: [] })).toBe(
      "I found no orders placed through me yet.",
    );
  });
});

describe("cards waiting for approval never claim an order was placed", () => {
  it("summarises a sell card", async () => {
    const text = await answerFor(
      "sell 2 AAPL",
      "prepare_order",
      { symbol: "AAPL", side: "sell", quantity: 2 },
      awaitingSellApple,
    );
    expect(text.split("\n")[0]).toBe(
      "Ready to sell 2 AAPL from Charles Schwab Individual (••••1234) at about $190.00 a share, about $380.00 in total.",
    );
    expect(text).toContain("Why this account: Charles Schwab Individual holds the most AAPL.");
    expect(text).toContain("You can pick Robinhood Brokerage on the card instead.");
    expect(text).toMatch(/Approve or reject on the card, or tell me what to change\.$/);
    expect(text).not.toMatch(PLACED);
  });

  it("says a paper account is paper and estimates shares for a dollar order", async () => {
    const text = await answerFor(
      "buy $500 of VOO",
      "prepare_order",
      { symbol: "VOO", side: "buy", notional: 500 },
      {
        status: "awaiting_confirmation",
        confirmation: buyVooPaperCard,
      },
    );
    expect(text).toMatch(
      /^Ready to buy \$500\.00 of VOO in Alpaca Paper \(••••5678, paper trading, no real money\) at about \$474\.78 a share \(about 1\.05 shares\)\./,
    );
  });

  it("includes the limit, time in force and card warnings", async () => {
    const card = {
      ...sellAppleCard,
      order: {
        ...sellAppleCard.order,
        side: "buy" as const,
        quantity: 5,
        orderType: "limit" as const,
        limitPrice: 180,
        timeInForce: "gtc" as const,
      },
      warnings: ["The market is closed; the order will wait for the open."],
    };
    const text = await answerFor(
      "buy 5 AAPL at 180 gtc",
      "prepare_order",
      {},
      { status: "awaiting_confirmation", confirmation: card },
    );
    expect(text).toContain(
      "Ready to buy 5 AAPL with a limit of $180.00 in Charles Schwab Individual (••••1234)",
    );
    expect(text).toContain(", good till cancelled.");
    expect(text).toContain("Note: The market is closed; the order will wait for the open.");
  });

  it("summarises a cancellation card and a revised card", async () => {
    const cancel = await answerFor(
      "cancel my last order",
      "prepare_cancel",
      {},
      {
        status: "awaiting_confirmation",
        confirmation: { ...sellAppleCard, kind: "cancel" },
      },
    );
    expect(cancel).toBe(
      "Ready to cancel your order to sell 2 AAPL in Charles Schwab Individual (••••1234). Approve or reject on the card.",
    );
    const revised = await answerFor("make it 5", "revise_pending_order", { quantity: 5 }, awaitingSellApple);
    expect(revised).toMatch(/^Updated: ready to sell 2 AAPL/);
    expect(revised).toContain("This card replaces the previous one.");
  });

  it("explains refusals with their reason and passes on the question", async () => {
    const refused = await answerFor(
      "sell 2 AAPL",
      "prepare_order",
      {},
      {
        status: "refused",
        reason: "AAPL is only held in Chase Self-Directed Investing, which is read-only.",
        reconnectUrl: "https://app.example.com/reconnect",
      },
    );
    expect(refused).toBe(
      "I can't place that order: AAPL is only held in Chase Self-Directed Investing, which is read-only. Nothing was sent to your broker. You can reconnect the account here: https://app.example.com/reconnect",
    );
    const unsafeLink = await answerFor(
      "sell 2 AAPL",
      "prepare_order",
      {},
      { status: "refused", reason: "Broken.", reconnectUrl: "javascript:alert(1)" },
    );
    expect(unsafeLink).not.toContain("javascript");
    const question = await answerFor(
      "sell 2 AAPL",
      "prepare_order",
      {},
      {
        status: "needs_clarification",
        question: "You hold AAPL in Schwab and Robinhood. Which account should I sell from?",
      },
    );
    expect(question).toBe("You hold AAPL in Schwab and Robinhood. Which account should I sell from?");
  });
});

describe("decision outcomes report what really happened", () => {
  const submitted = (
    order: Partial<Extract<DecisionOutcome, { outcome: "submitted" }>["order"]>,
  ): DecisionOutcome => ({
    outcome: "submitted",
    order: { ...(submittedFilled as Extract<DecisionOutcome, { outcome: "submitted" }>).order, ...order },
  });

  it.each<[string, DecisionOutcome, RegExp]>([
    [
      "a fill",
      submittedFilled,
      /^Done: your order to sell 2 AAPL in Charles Schwab Individual was placed and filled, 2 shares at \$190\.02\.$/,
    ],
    [
      "an accepted order",
      submitted({ status: "accepted", filledQuantity: 0, filledAvgPrice: null }),
      /was placed: accepted by the broker, not filled yet\./,
    ],
    [
      "a paper fill",
      submitted({ isPaper: true, institution: "Alpaca", accountName: "Paper" }),
      /This is a paper trading account \(paper trading, no real money\)\./,
    ],
    [
      "an order being checked",
      submitted({ status: "unknown", filledQuantity: 0, filledAvgPrice: null }),
      /was sent, but it is not confirmed yet: it is being checked with the broker\. Please don't place it again/,
    ],
    [
      "a user rejection",
      { outcome: "rejected_by_user" },
      /^OK, I didn't place it\. Nothing was sent to your broker\.$/,
    ],
    [
      "an unknown outcome",
      { outcome: "unknown", orderId: "ord_9", message: "Broker timed out" },
      /I don't know yet whether order ord_9 went through: “Broker timed out”\. It is being checked/,
    ],
    [
      "a failure",
      { outcome: "failed", reason: "Insufficient buying power." },
      /^The order was not placed: Insufficient buying power\. Nothing was bought or sold\.$/,
    ],
    [
      "a cancellation",
      {
        outcome: "cancel_submitted",
        orderId: "ord_777",
        status: "cancelled",
        description: "your limit order to buy 1 MSFT at $300.00",
      },
      /^Your limit order to buy 1 MSFT at \$300\.00 is cancelled\.$/,
    ],
  ])("%s", async (_name, outcome, expected) => {
    const messages = [
      new HumanMessage("yes"),
      new ToolMessage({ content: JSON.stringify(outcome), tool_call_id: "decision-1", name: "approval" }),
    ];
    const reply = await boundModel().invoke(messages);
    expect(reply.text).toMatch(expected);
  });
});

describe("failed tool calls say it was not done and why", () => {
  it("explains an error ToolMessage from an order tool", async () => {
    const messages = [
      new HumanMessage("sell 2 AAPL"),
      new AIMessage({
        content: "",
        tool_calls: [
          {
            type: "tool_call",
            id: "t1",
            name: "prepare_order",
            args: { symbol: "AAPL", side: "sell", quantity: 2 },
          },
        ],
      }),
      new ToolMessage({
        content: "Error: broker unavailable\n Please fix your mistakes.",
        tool_call_id: "t1",
        status: "error",
      }),
    ];
    const reply = await boundModel().invoke(messages);
    expect(reply.text).toBe(
      "I couldn't prepare that order: “broker unavailable”. Not done: nothing was sent to your broker.",
    );
  });

  it("explains a failed read and an unreadable result", async () => {
    const messages = [
      new HumanMessage("what do I hold"),
      new AIMessage({
        content: "",
        tool_calls: [{ type: "tool_call", id: "t2", name: "get_holdings", args: {} }],
      }),
      new ToolMessage({ content: "Error: SnapTrade rate limit", tool_call_id: "t2", status: "error" }),
    ];
    expect((await boundModel().invoke(messages)).text).toBe(
      "I couldn't look up your holdings: “SnapTrade rate limit”.",
    );
    const garbled = await answerFor("what do I hold", "get_holdings", {}, { unexpected: true });
    expect(garbled).toBe("I couldn't read the answer I got when trying to look up your holdings.");
  });

  it("never treats a read tool's data as an order outcome", async () => {
    const text = await answerFor("what do I hold", "get_holdings", {}, submittedFilled);
    expect(text).not.toMatch(PLACED);
  });
});
