import { describe, expect, it } from "vitest";
import type { PendingConfirmation } from "../server/api-types.js";
import { promptEdit } from "./edit-prompt.js";

const card = {
  order: {
    symbol: "AAPL",
    side: "sell",
    quantity: 2,
    notional: null,
    orderType: "market",
    limitPrice: null,
    stopPrice: null,
  },
  account: { institution: "Charles Schwab", name: "Individual Brokerage" },
  routing: {
    alternatives: [
      { accountId: "snaptrade_fid", institution: "Fidelity", name: "Fidelity Individual", canTrade: false },
      { accountId: "snaptrade_rh", institution: "Robinhood", name: "Robinhood Individual", canTrade: true },
    ],
  },
} as unknown as PendingConfirmation;

/** Answers the dialog's questions in order; null once they run out (input ended). */
function scripted(answers: string[]) {
  const asked: string[] = [];
  return {
    asked,
    ask: async (question: string) => {
      asked.push(question);
      return answers.shift() ?? null;
    },
  };
}

describe("promptEdit", () => {
  it("builds shares, a limit price and an alternative account", async () => {
    const { ask } = scripted(["5", "180", "1"]);
    expect(await promptEdit(card, ask, () => {})).toEqual({
      quantity: 5,
      limitPrice: 180,
      orderType: "limit",
      accountId: "snaptrade_rh",
    });
  });

  it("asks for dollars only when shares are kept, and re-asks after nonsense", async () => {
    const said: string[] = [];
    const { ask, asked } = scripted(["", "abc", "$1,500", "", ""]);
    expect(await promptEdit(card, ask, (t) => said.push(t))).toEqual({ notional: 1500 });
    expect(asked.filter((q) => q.startsWith("Dollars"))).toHaveLength(2);
    expect(said.some((t) => t.includes("positive number"))).toBe(true);
  });

  it("returns null when nothing changes or input ends", async () => {
    expect(await promptEdit(card, scripted(["", "", "", ""]).ask, () => {})).toBeNull();
    expect(await promptEdit(card, scripted(["5"]).ask, () => {})).toBeNull();
  });
});
