import type { AccountPosition } from "snaptrade-typescript-sdk";
import { describe, expect, it } from "vitest";
import { toPosition } from "./mapping.js";

describe("SnapTrade toPosition", () => {
  it("values an option position at price x units x the contract multiplier, its cost per contract", () => {
    const option = {
      instrument: {
        kind: "option",
        symbol: "AAPL  270115C00200000",
        description: "AAPL Jan 2027 200 Call",
        multiplier: 100,
      },
      units: "2",
      price: "3.15",
      cost_basis: "250",
      currency: "USD",
    } as unknown as AccountPosition;
    expect(toPosition("snaptrade_a", option)).toMatchObject({
      quantity: 2,
      marketValue: 630,
      costBasis: 500,
    });
  });

  it("values a mini option with its multiplier of 10 and a stock with none", () => {
    const mini = {
      instrument: { kind: "option", symbol: "SPY mini", multiplier: "10" },
      units: "3",
      price: "1.5",
    } as unknown as AccountPosition;
    expect(toPosition("snaptrade_a", mini).marketValue).toBe(45);
    const stock = {
      instrument: { kind: "stock", symbol: "KO" },
      units: "10",
      price: "60",
    } as unknown as AccountPosition;
    expect(toPosition("snaptrade_a", stock).marketValue).toBe(600);
  });
});
