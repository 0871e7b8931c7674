import { AIMessage, type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { toolInputs } from "../tool-contracts.js";
import { ask, toolTurn } from "./test-support/bound-tools.js";
import {
  awaitingSellApple,
  buyVooPaperCard,
  sellAppleCard,
  submittedFilled,
} from "./test-support/sample-results.js";

/** Replies while a confirmation card is open: changes become revise_pending_order; yes/no never approve. */

const sellCardOpen: BaseMessage[] = [
  ...toolTurn(
    "sell 2 AAPL",
    "prepare_order",
    { symbol: "AAPL", side: "sell", quantity: 2 },
    awaitingSellApple,
  ),
  new AIMessage(
    "Ready to sell 2 AAPL from Charles Schwab Individual (••••1234). Approve or reject on the card.",
  ),
];

const dollarCardOpen: BaseMessage[] = [
  ...toolTurn(
    "buy $500 of VOO",
    "prepare_order",
    { symbol: "VOO", side: "buy", notional: 500 },
    {
      status: "awaiting_confirmation",
      confirmation: buyVooPaperCard,
    },
  ),
  new AIMessage("Ready to buy $500.00 of VOO."),
];

describe("changes to the open card", () => {
  it.each([
    ["make it 5 shares", { quantity: 5 }],
    ["make it 5", { quantity: 5 }],
    ["how about 3 shares", { quantity: 3 }],
    ["actually only 1 share", { quantity: 1 }],
    ["sell 5 AAPL instead", { quantity: 5 }],
    ["make it $200", { notional: 200 }],
    ["use Schwab instead", { account: "Schwab" }],
    ["from my Robinhood instead", { account: "Robinhood" }],
    ["switch to my Roth IRA", { account: "Roth IRA" }],
    ["set a limit of 180", { limitPrice: 180, orderType: "limit" }],
    ["make it a limit order at 185.50", { limitPrice: 185.5, orderType: "limit" }],
    ["stop at 170", { stopPrice: 170, orderType: "stop" }],
    ["make it good till cancelled", { timeInForce: "gtc" }],
    ["change it to a market order", { orderType: "market" }],
    ["yes but make it 5", { quantity: 5 }],
  ])("%s", async (phrase, args) => {
    const reply = await ask(phrase, sellCardOpen);
    expect(reply.tool_calls?.map((c) => [c.name, c.args])).toEqual([["revise_pending_order", args]]);
    expect(toolInputs.revise_pending_order.safeParse(reply.tool_calls?.[0]?.args).success).toBe(true);
  });

  it("keeps a dollar card in dollars for a bare number", async () => {
    const reply = await ask("make it 200", dollarCardOpen);
    expect(reply.tool_calls?.map((c) => [c.name, c.args])).toEqual([
      ["revise_pending_order", { notional: 200 }],
    ]);
  });

  it("asks instead of guessing a fraction it can't send", async () => {
    const reply = await ask("actually sell half", sellCardOpen);
    expect(reply.tool_calls ?? []).toEqual([]);
    expect(reply.text).toMatch(/number of shares or dollars/);
  });

  it("won't turn a sell card into a buy", async () => {
    const reply = await ask("buy instead", sellCardOpen);
    expect(reply.tool_calls ?? []).toEqual([]);
    expect(reply.text).toMatch(/sell order and I can't turn it into a buy/);
  });

  it("revises the newest card after an earlier revision", async () => {
    const revised = [
      ...sellCardOpen,
      ...toolTurn(
        "make it 5 shares",
        "revise_pending_order",
        { quantity: 5 },
        {
          status: "awaiting_confirmation",
          confirmation: { ...sellAppleCard, id: "conf_9", order: { ...sellAppleCard.order, quantity: 5 } },
        },
      ),
      new AIMessage("Updated: ready to sell 5 AAPL."),
    ];
    const reply = await ask("make it 4", revised);
    expect(reply.tool_calls?.map((c) => [c.name, c.args])).toEqual([
      ["revise_pending_order", { quantity: 4 }],
    ]);
  });

  it("still sees the card after a refused revision", async () => {
    const refused = [
      ...sellCardOpen,
      ...toolTurn(
        "use Chase instead",
        "revise_pending_order",
        { account: "Chase" },
        {
          status: "refused",
          reason: "Chase Self-Directed Investing is read-only.",
        },
      ),
      new AIMessage("I couldn't change the order."),
    ];
    const reply = await ask("make it 1 share", refused);
    expect(reply.tool_calls?.map((c) => c.name)).toEqual(["revise_pending_order"]);
  });
});

describe("yes and no reaching the model never approve", () => {
  it.each(["yes", "no", "yes please", "no wait, yes", "maybe", "ok", "cancel", "cancel it", "go ahead"])(
    "%s",
    async (phrase) => {
      const reply = await ask(phrase, sellCardOpen);
      expect(reply.tool_calls ?? []).toEqual([]);
      expect(reply.text).toMatch(
        /can't approve or reject orders myself\. Approve or reject on the card, or reply/,
      );
      expect(reply.text).not.toMatch(/\b(?:placed|submitted|approved)\b/);
    },
  );
});

describe("a decision on a condition neither approves nor changes the card", () => {
  it.each([
    "yes if it's under 200",
    "ok go ahead if the price is below 150",
    "yes as long as it fills today",
    "go ahead once it drops to 180",
  ])("%s", async (phrase) => {
    const reply = await ask(phrase, sellCardOpen);
    expect(reply.tool_calls ?? []).toEqual([]);
    expect(reply.text).toMatch(/can't approve on a condition, and nothing was sent/);
  });
});

describe("questions about the open card are answered from the card", () => {
  it.each([
    ["what are the fees on this?", /didn't give a fee|did not give a fee/],
    ["any commission on that?", /did not give a fee/],
    ["which account is that in?", /This order is for Charles Schwab/],
    ["how much will it cost?", /\$380\.00 \(an estimate\), fees unknown/],
  ])("%s", async (phrase, answer) => {
    const reply = await ask(phrase, sellCardOpen);
    expect(reply.tool_calls ?? []).toEqual([]);
    expect(reply.text).toMatch(answer);
  });
});

describe("other messages while a card is open", () => {
  it.each([
    ["what's my buying power?", "get_buying_power"],
    ["what's in my Schwab account?", "get_holdings"],
    ["what's Apple trading at", "get_quote"],
    ["buy 3 MSFT", "prepare_order"],
  ])("%s is handled normally", async (phrase, tool) => {
    const reply = await ask(phrase, sellCardOpen);
    expect(reply.tool_calls?.map((c) => c.name)).toEqual([tool]);
  });

  it("refuses to change a cancellation card", async () => {
    const cancelCard = [
      ...toolTurn(
        "cancel my last order",
        "prepare_cancel",
        {},
        {
          status: "awaiting_confirmation",
          confirmation: { ...sellAppleCard, kind: "cancel" },
        },
      ),
      new AIMessage("Ready to cancel your order."),
    ];
    const reply = await ask("make it 5 shares", cancelCard);
    expect(reply.tool_calls ?? []).toEqual([]);
    expect(reply.text).toMatch(/cancels an order, so there is nothing to change/);
  });

  it("has no open card once a decision came back", async () => {
    const decided = [
      ...sellCardOpen,
      new HumanMessage("yes"),
      new ToolMessage({
        content: JSON.stringify(submittedFilled),
        tool_call_id: "decision-1",
        name: "approval",
      }),
      new AIMessage("Done."),
    ];
    const reply = await ask("make it 5 shares", decided);
    expect(reply.tool_calls ?? []).toEqual([]);
    expect(reply.text).toMatch(/no order waiting for your confirmation/);
    const yes = await ask("yes", decided);
    expect(yes.text).toMatch(/no order waiting for your confirmation/);
  });
});
