import { describe, expect, it } from "vitest";
import type { DefaultAccountToolResult, ToolName } from "../tool-contracts.js";
import { toolInputs } from "../tool-contracts.js";
import { answerFor, ask, toolTurn } from "./test-support/bound-tools.js";

/**
 * The default trading account in the offline model: choosing, asking and clearing, said many
 * ways, and an answer written only from the tool's result.
 */

const SET: Array<[string, string]> = [
  ["make my Robinhood account the default", "Robinhood"],
  ["use alpaca by default from now on", "Alpaca"],
  ["set Charles Schwab Roth IRA as my default account", "Charles Schwab Roth IRA"],
  ["switch my default to fidelity", "Fidelity"],
  ["can you make robinhood my default?", "Robinhood"],
  ["Robinhood should be my default brokerage", "Robinhood"],
  ["default to alpaca for buys please", "Alpaca"],
  ["from now on buy in my Schwab individual account", "Schwab individual"],
  ["going forward, send my buys to the Schwab individual account", "Schwab individual"],
  ["always use my Roth IRA for new purchases", "Roth IRA"],
  ["make the paper account my default", "paper"],
];
const ASK = [
  "what's my default account?",
  "which account is my default",
  "do I have a default trading account set?",
  "where do my buys go by default?",
  "is robinhood my default account?",
  "change my default account",
];
const CLEAR = [
  "clear my default account",
  "I don't want a default account anymore",
  "reset my default brokerage",
];
/** Not about the default account: left to the other parsers. */
const NOT_DEFAULT: Array<[string, ToolName | null]> = [
  ["from now on buy 5 AAPL in Schwab", "prepare_order"],
  ["what's the default order type?", null],
  ["what do I hold in robinhood", "get_holdings"],
];

async function callsOf(text: string) {
  const reply = await ask(text);
  for (const call of reply.tool_calls ?? []) {
    expect(toolInputs[call.name as ToolName].safeParse(call.args).success).toBe(true);
  }
  return (reply.tool_calls ?? []).map((call) => [call.name, call.args]);
}

describe("the offline model and the default trading account", () => {
  it.each(SET)("%j chooses %j", async (text, account) => {
    expect(await callsOf(text)).toEqual([["set_default_account", { account }]]);
  });

  it.each(ASK)("%j asks what the default is", async (text) => {
    expect(await callsOf(text)).toEqual([["get_default_account", {}]]);
  });

  it.each(CLEAR)("%j clears it", async (text) => {
    expect(await callsOf(text)).toEqual([["set_default_account", { clear: true }]]);
  });

  it.each(NOT_DEFAULT)("%j is not a default-account request", async (text, tool) => {
    const calls = await callsOf(text);
    expect(calls.map(([name]) => name)).not.toContain("set_default_account");
    expect(calls.map(([name]) => name)).not.toContain("get_default_account");
    if (tool) expect(calls[0]?.[0]).toBe(tool);
  });

  it("uses the account last talked about for 'make that account my default'", async () => {
    const history = toolTurn("what's in my Robinhood account", "get_holdings", { account: "Robinhood" }, {});
    const reply = await ask("make that account my default", history);
    expect(reply.tool_calls?.map((c) => [c.name, c.args])).toEqual([
      ["set_default_account", { account: "Robinhood" }],
    ]);
  });

  const candidates = [
    { accountId: "alpaca_1", label: "Alpaca paper account", isPaper: true },
    { accountId: "snaptrade_rh", label: "Robinhood Individual", isPaper: false },
  ];
  const automatic = "Until you choose a default, a buy goes to the live account with the most buying power.";

  it("answers truthfully when no default is chosen, naming what can be chosen", async () => {
    const result: DefaultAccountToolResult = { chosen: null, rule: automatic, changed: null, candidates };
    const text = await answerFor("what's my default account?", "get_default_account", {}, result);
    expect(text).toMatch(/haven't chosen a default trading account/);
    expect(text).toContain(automatic);
    expect(text).toMatch(/Alpaca paper account \(paper\) and Robinhood Individual/);
  });

  it("says what changed, that a paper default is simulated, and relays why a default can't trade", async () => {
    const chosen = {
      accountId: "alpaca_1",
      label: "Alpaca paper account",
      chosenAt: "2026-11-30T03:00:00.000Z",
      linked: true,
      provider: "alpaca" as const,
      isPaper: true,
      whyNot: null,
    };
    const set: DefaultAccountToolResult = { chosen, rule: "Buys go to Alpaca.", changed: "set", candidates };
    const setText = await answerFor(
      "use alpaca by default",
      "set_default_account",
      { account: "Alpaca" },
      set,
    );
    expect(setText).toMatch(/^Done: Alpaca paper account is now your default trading account\./);
    expect(setText).toMatch(/paper \(simulated\)/);

    const broken: DefaultAccountToolResult = {
      chosen: { ...chosen, isPaper: false, whyNot: "its connection to Robinhood is broken" },
      rule: automatic,
      changed: null,
      candidates,
    };
    const brokenText = await answerFor("what's my default account?", "get_default_account", {}, broken);
    expect(brokenText).toMatch(/Orders can't use it right now: its connection to Robinhood is broken/);

    const refused = await answerFor(
      "make Fidelity my default",
      "set_default_account",
      { account: "Fidelity" },
      {
        error: "Fidelity Individual can't be your default trading account: it is linked read-only.",
      },
    );
    expect(refused).toMatch(
      /can't be your default trading account.*Your default trading account was not changed\./,
    );
  });
});
