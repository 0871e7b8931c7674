import { describe, expect, it } from "vitest";
import { parseIntent } from "./intent-parser.js";
import { choicesIn, pickChoice } from "./open-question.js";

const question =
  "You hold TSLA in 2 accounts that can trade it: Alpaca Paper (15 shares) and Robinhood Individual (25 shares). Which account should I sell from? Each account gets its own confirmation.";
const threeAccounts =
  'I couldn\'t find an account called "main". Which one did you mean: Charles Schwab Individual Brokerage, Charles Schwab Roth IRA and Robinhood Individual?';

describe("answers to the agent's own which-one question", () => {
  it("reads the choices the question lists", () => {
    expect(choicesIn(question)).toEqual(["Alpaca Paper", "Robinhood Individual"]);
    expect(choicesIn(threeAccounts)).toEqual([
      "Charles Schwab Individual Brokerage",
      "Charles Schwab Roth IRA",
      "Robinhood Individual",
    ]);
  });

  it.each([
    ["the individual one", "Robinhood Individual"],
    ["the Robinhood one", "Robinhood Individual"],
    ["alpaca", "Alpaca Paper"],
    ["the paper one", "Alpaca Paper"],
    ["the first one", "Alpaca Paper"],
    ["the second one", "Robinhood Individual"],
    ["the last one", "Robinhood Individual"],
  ])("%j picks %s", (reply, choice) => {
    expect(pickChoice(reply, question)).toEqual({ choice });
  });

  it("a reply that fits several choices picks none", () => {
    expect(pickChoice("the individual one", threeAccounts)).toEqual({
      several: ["Charles Schwab Individual Brokerage", "Robinhood Individual"],
    });
    expect(pickChoice("the roth", threeAccounts)).toEqual({ choice: "Charles Schwab Roth IRA" });
  });

  it("completes the order the question was about with the picked account", () => {
    const draft = {
      order: { side: "sell" as const, symbol: "TSLA", fraction: 0.5 },
      missing: { kind: "tool_question" as const, question },
    };
    expect(parseIntent("the individual one", { pending: null, draft, lastSymbol: "TSLA" })).toEqual({
      kind: "tool_calls",
      calls: [
        {
          name: "prepare_order",
          args: { symbol: "TSLA", side: "sell", fraction: 0.5, account: "Robinhood Individual" },
        },
      ],
    });
    const ambiguous = { ...draft, missing: { kind: "tool_question" as const, question: threeAccounts } };
    expect(
      parseIntent("the individual one", { pending: null, draft: ambiguous, lastSymbol: "TSLA" }),
    ).toMatchObject({
      kind: "clarify",
      question: expect.stringMatching(
        /^That fits Charles Schwab Individual Brokerage and Robinhood Individual/,
      ),
    });
  });
});
