import { describe, expect, it } from "vitest";
import type { PendingConfirmation } from "../../src/server/api-types.js";
import { loadScenarios, loadSeeds } from "../load-scenarios.js";
import { scenarioFileSchema } from "../scenario-schema.js";
import { checkOrders } from "./check-orders.js";
import { checkTurn } from "./check-turn.js";
import type { TurnObservation } from "./observation.js";
import { subsetMismatch } from "./subset-match.js";

describe("subsetMismatch", () => {
  it("matches objects by their expected keys and lists in any order", () => {
    expect(
      subsetMismatch({ a: 1, b: [{ s: "AAPL", q: 2 }, { s: "VOO" }] }, { b: [{ s: "voo" }, { q: 2 }] }),
    ).toBeNull();
    expect(subsetMismatch({ filter: { symbol: "AAPL" } }, { filter: { symbol: "TSLA" } })).toBe(
      'filter.symbol is "AAPL", expected "TSLA"',
    );
    expect(subsetMismatch({ list: [] }, { list: [{ x: 1 }] })).toMatch(/no element matching/);
    expect(subsetMismatch({ n: null }, { n: null })).toBeNull();
  });
});

describe("scenario files", () => {
  it("load, validate and name existing seed presets", () => {
    const seeds = loadSeeds();
    expect([...seeds.keys()]).toContain("demo");
    expect(loadScenarios(undefined, seeds).length).toBeGreaterThanOrEqual(60);
  });

  it("reject an unknown expectation instead of ignoring it", () => {
    const parsed = scenarioFileSchema.safeParse({
      scenarios: [{ id: "x", category: "c", turns: [{ say: "hi", expect: { tool: [] } }] }],
    });
    expect(parsed.success).toBe(false);
  });
});

const card = {
  id: "c1",
  kind: "order",
  order: { symbol: "AAPL", side: "sell", quantity: 2, notional: null, orderType: "market", limitPrice: null },
  account: { institution: "Charles Schwab", name: "Individual Brokerage", isPaper: false },
  routing: {
    reason: "holds the most",
    alternatives: [{ institution: "Robinhood", name: "Robinhood Individual", canTrade: true }],
  },
  warnings: [],
} as unknown as PendingConfirmation;

function observation(overrides: Partial<TurnObservation> = {}): TurnObservation {
  return {
    status: 200,
    error: null,
    toolCalls: [{ name: "prepare_order", result: { status: "awaiting_confirmation" } }],
    toolEvents: [{ id: "1", name: "prepare_order", status: "started" }],
    answer: "Ready to sell 2 AAPL",
    pending: card,
    pendingInThread: card,
    pendingBefore: null,
    order: null,
    ms: 1,
    ...overrides,
  };
}

describe("checkTurn", () => {
  it("passes a turn that meets its expectations", () => {
    const failures = checkTurn(
      {
        tools: [{ name: "prepare_order", result: { status: "awaiting_confirmation" } }],
        newCard: true,
        card: {
          symbol: "AAPL",
          quantity: 2,
          account: { institution: "charles schwab" },
          alternatives: [{ institution: "Robinhood" }],
        },
        says: ["sell 2"],
      },
      observation(),
      true,
    );
    expect(failures).toEqual([]);
  });

  it("reports each broken expectation and invariant", () => {
    const failures = checkTurn(
      { card: { quantity: 5 }, noTools: ["prepare_order"], saysNot: ["AAPL"] },
      observation({ pendingInThread: null, toolEvents: [] }),
      true,
    );
    expect(failures).toEqual([
      "the turn reported card c1 but the thread shows none",
      "SSE tool events [] differ from the thread's tool messages [prepare_order]",
      "prepare_order was called",
      "wrong card: order.quantity is 2, expected 5",
      'the answer matches /AAPL/: "Ready to sell 2 AAPL"',
    ]);
  });

  it("fails a turn that ended in an HTTP error unless that status was expected", () => {
    const seen = observation({
      status: 409,
      error: { code: "conflict", message: "no" },
      toolCalls: [],
      toolEvents: [],
      pending: null,
      pendingInThread: null,
    });
    expect(checkTurn({}, seen, false)).toEqual(["the turn failed: 409 conflict: no"]);
    expect(checkTurn({ status: 409 }, seen, false)).toEqual([]);
  });

  it("fails a turn that prepared a card the scenario did not ask for (a wrong card)", () => {
    const seen = observation({});
    expect(seen.pending).not.toBeNull();
    expect(checkTurn({}, seen, true).filter((f) => f.startsWith("wrong card:"))).toEqual([
      expect.stringMatching(/^wrong card: an unrequested card was prepared \(order sell 2 AAPL/),
    ]);
    expect(checkTurn({ newCard: true }, seen, true).some((f) => f.startsWith("wrong card:"))).toBe(false);
  });
});

describe("checkOrders", () => {
  const accounts = [
    {
      id: "snaptrade_a1",
      provider: "snaptrade",
      institution: "Robinhood",
      name: "Robinhood Individual",
      numberMasked: "",
      canTrade: true,
      isPaper: false,
    },
  ] as const;
  const order = {
    id: "o1",
    provider: "snaptrade",
    accountId: "a1",
    userId: "u",
    symbol: "AAPL",
    side: "sell",
    quantity: 2,
    notional: null,
    orderType: "market",
    limitPrice: null,
    stopPrice: null,
    status: "filled",
  } as const;

  it("matches broker orders by fields, status and the service's account names", () => {
    expect(
      checkOrders(
        {
          count: 1,
          items: [{ symbol: "AAPL", quantity: 2, status: ["filled"], account: { institution: "Robinhood" } }],
        },
        [order],
        [...accounts],
      ),
    ).toEqual([]);
    expect(checkOrders({ count: 0 }, [order], [...accounts])).toEqual([
      "1 broker order(s), expected 0: sell 2 AAPL market (filled) in Robinhood / Robinhood Individual",
    ]);
  });
});
