import { AIMessage, type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import type { FindSecurityResult } from "../tool-contracts.js";
import { ALL_TOOL_NAMES, ask, boundModel, toolTurn } from "./test-support/bound-tools.js";

/**
 * Words that should name a security but are no known ticker are looked up (find_security);
 * only an exact answer goes on to prepare_order, anything else is a question that keeps every
 * other detail of the order. The securities are made up: no built-in name knows them.
 */

const zevaltic = {
  symbol: "ZVLT",
  name: "Zevaltic Harbour Holdings Inc.",
  held: true,
  source: "holding",
} as const;
const trellaFoods = { symbol: "TRLA", name: "Trellanova Foods Inc.", held: false, source: "broker" } as const;
const trellaDrinks = {
  symbol: "TRLB",
  name: "Trellanova Beverages Inc.",
  held: false,
  source: "broker",
} as const;

function lookup(query: string, status: FindSecurityResult["status"], matches: FindSecurityResult["matches"]) {
  return { query, status, matches, unavailable: [] } satisfies FindSecurityResult;
}

/** The user's words, the model's find_security call for `query`, and the tool's answer. */
function lookedUp(said: string, query: string, result: FindSecurityResult): BaseMessage[] {
  return toolTurn(said, "find_security", { query }, result);
}

function modelReply(history: BaseMessage[]) {
  return boundModel().invoke(history);
}

describe("an unknown company-like phrase is looked up before anything else", () => {
  it.each([
    ["buy 10 shares of Zevaltic Harbour limit 40 in my Roth IRA", "Zevaltic Harbour"],
    ["sell all my zevaltic harbour", "zevaltic harbour"],
    ["I want to purchase $500 worth of Korbanet Fiber Networks stock please", "Korbanet Fiber Networks"],
    ["get rid of my korbannet shares", "korbannet"],
    ["buy 2 shares of nvdia", "nvdia"],
    ["dump half of my Zevaltic position", "Zevaltic"],
  ])("%s → find_security %j", async (said, query) => {
    const reply = await ask(said);
    expect(reply.tool_calls?.map((c) => ({ name: c.name, args: c.args }))).toEqual([
      { name: "find_security", args: { query } },
    ]);
  });

  it("asks for the ticker when find_security is not available", async () => {
    const reply = await ask(
      "buy 10 shares of blorp",
      [],
      ALL_TOOL_NAMES.filter((n) => n !== "find_security"),
    );
    expect(reply.tool_calls ?? []).toEqual([]);
    expect(reply.text).toMatch(/I don't know which security "blorp" is/);
  });
});

describe("after the look-up", () => {
  const said = "buy 10 shares of Zevaltic Harbour limit 40 good till cancelled in my Roth IRA";

  it("an exact answer prepares the order with every detail the user gave", async () => {
    const reply = await modelReply(
      lookedUp(said, "Zevaltic Harbour", lookup("Zevaltic Harbour", "exact", [zevaltic])),
    );
    expect(reply.tool_calls?.map((c) => ({ name: c.name, args: c.args }))).toEqual([
      {
        name: "prepare_order",
        args: {
          symbol: "ZVLT",
          side: "buy",
          quantity: 10,
          orderType: "limit",
          limitPrice: 40,
          timeInForce: "gtc",
          account: "Roth IRA",
        },
      },
    ]);
  });

  it("a probable answer is a did-you-mean question, and yes keeps the whole order", async () => {
    const history = lookedUp(said, "Zevaltic Harbour", lookup("Zevaltic Harbour", "confident", [zevaltic]));
    const question = await modelReply(history);
    expect(question.tool_calls ?? []).toEqual([]);
    expect(question.text).toBe(
      "Did you mean ZVLT (Zevaltic Harbour Holdings Inc.)? Say yes, or give me the ticker you meant.",
    );
    const yes = await modelReply([...history, question, new HumanMessage("yes please")]);
    expect(yes.tool_calls?.[0]).toMatchObject({
      name: "prepare_order",
      args: {
        symbol: "ZVLT",
        side: "buy",
        quantity: 10,
        limitPrice: 40,
        timeInForce: "gtc",
        account: "Roth IRA",
      },
    });
  });

  it("no to the did-you-mean prepares nothing", async () => {
    const history = lookedUp(said, "Zevaltic Harbour", lookup("Zevaltic Harbour", "confident", [zevaltic]));
    const question = await modelReply(history);
    const no = await modelReply([...history, question, new HumanMessage("no")]);
    expect(no.tool_calls ?? []).toEqual([]);
    expect(no.text).toMatch(/nothing was prepared/i);
  });

  it("several answers are offered by name, and the user's pick continues the order", async () => {
    const sell = "sell 3 trellanova at 12";
    const history = lookedUp(
      sell,
      "trellanova",
      lookup("trellanova", "candidates", [trellaFoods, trellaDrinks]),
    );
    const question = await modelReply(history);
    expect(question.tool_calls ?? []).toEqual([]);
    expect(question.text).toBe(
      "Did you mean TRLA (Trellanova Foods Inc.) or TRLB (Trellanova Beverages Inc.)? Tell me which one (its ticker is enough).",
    );
    for (const pick of ["the second one", "TRLB", "trlb", "the beverages one"]) {
      const reply = await modelReply([...history, question, new HumanMessage(pick)]);
      expect(reply.tool_calls?.[0], pick).toMatchObject({
        name: "prepare_order",
        args: { symbol: "TRLB", side: "sell", quantity: 3, orderType: "limit", limitPrice: 12 },
      });
    }
  });

  it("an answer naming none of the offered securities prepares nothing", async () => {
    const history = lookedUp(
      "sell 3 trellanova",
      "trellanova",
      lookup("trellanova", "candidates", [trellaFoods, trellaDrinks]),
    );
    const question = await modelReply(history);
    const reply = await modelReply([...history, question, new HumanMessage("yes")]);
    expect(reply.tool_calls?.some((c) => c.name === "prepare_order") ?? false).toBe(false);
  });

  it("nothing found asks for the ticker and says where it looked", async () => {
    const reply = await modelReply(
      lookedUp("buy 2 shares of blorpco", "blorpco", lookup("blorpco", "none", [])),
    );
    expect(reply.tool_calls ?? []).toEqual([]);
    expect(reply.text).toMatch(
      /I don't know which security "blorpco" is: nothing in your holdings or at your brokerages/,
    );
  });

  it("a failed look-up asks rather than guessing", async () => {
    const history: BaseMessage[] = [
      new HumanMessage("buy 2 zevaltic"),
      new AIMessage({
        content: "",
        tool_calls: [{ type: "tool_call", id: "x1", name: "find_security", args: { query: "zevaltic" } }],
      }),
      new ToolMessage({ content: "broker down", tool_call_id: "x1", name: "find_security", status: "error" }),
    ];
    const reply = await modelReply(history);
    expect(reply.tool_calls ?? []).toEqual([]);
    expect(reply.text).toMatch(/which security "zevaltic"/i);
  });

  it("a confirmed security with no size asks for the size next, then prepares", async () => {
    const history = lookedUp("buy zevaltik", "zevaltik", lookup("zevaltik", "confident", [zevaltic]));
    const question = await modelReply(history);
    const yes = await modelReply([...history, question, new HumanMessage("yes")]);
    expect(yes.text).toMatch(/How much ZVLT do you want to buy\?/);
    const size = await modelReply([
      ...history,
      question,
      new HumanMessage("yes"),
      yes,
      new HumanMessage("5 shares"),
    ]);
    expect(size.tool_calls?.[0]).toMatchObject({
      name: "prepare_order",
      args: { symbol: "ZVLT", side: "buy", quantity: 5 },
    });
  });
});

describe("a price question about words that are no known ticker", () => {
  it.each([
    ["what's the price of Korbanet Fiber Networks", "Korbanet Fiber Networks"],
    ["quote zevaltic harbour", "zevaltic harbour"],
    ["how much is Zevaltic Harbour trading at?", "Zevaltic Harbour"],
  ])("%s → find_security %j", async (said, query) => {
    const reply = await ask(said);
    expect(reply.tool_calls?.map((c) => ({ name: c.name, args: c.args }))).toEqual([
      { name: "find_security", args: { query } },
    ]);
  });

  it("quotes the exact match, and only asks about a probable one", async () => {
    const said = "what's the price of zevaltic harbour";
    const exact = await modelReply(
      lookedUp(said, "zevaltic harbour", lookup("zevaltic harbour", "exact", [zevaltic])),
    );
    expect(exact.tool_calls?.map((c) => ({ name: c.name, args: c.args }))).toEqual([
      { name: "get_quote", args: { symbol: "ZVLT" } },
    ]);
    const probable = await modelReply(
      lookedUp(said, "zevaltic harbour", lookup("zevaltic harbour", "confident", [zevaltic])),
    );
    expect(probable.tool_calls ?? []).toEqual([]);
    expect(probable.text).toMatch(/^Did you mean ZVLT \(Zevaltic Harbour Holdings Inc\.\)\?/);
  });
});
