import { describe, expect, it } from "vitest";
import type { Holding } from "../../../portfolio/service.js";
import { repriceHoldings } from "./reprice.js";

const now = new Date("2026-11-30T15:00:00Z");

function holding(overrides: Partial<Holding>): Holding {
  return {
    symbol: "AAPL",
    description: "Apple",
    isPaper: false,
    quantity: 10,
    price: 100,
    marketValue: 1000,
    costBasis: 900,
    averageCost: 90,
    unrealizedPl: 100,
    accounts: [],
    ...overrides,
  };
}

describe("repriceHoldings", () => {
  it("moves a share position's value with its price", () => {
    const event = repriceHoldings(
      { asOf: now.toISOString(), scope: "live", totalValue: 1500, positions: [holding({})] },
      new Map([["AAPL", { price: 110, asOf: now.toISOString() }]]),
      now,
    );
    expect(event.positions[0]).toMatchObject({ price: 110, marketValue: 1100, unrealizedPl: 200 });
    expect(event.totalValue).toBe(1600);
  });

  it("keeps an option's multiplier: 2 contracts at 5.00 a share are worth 1,000, at 6.00 1,200", () => {
    const option = holding({
      symbol: "AAPL261218C00250000",
      quantity: 2,
      price: 5,
      marketValue: 1000,
      costBasis: 800,
      accounts: [
        {
          accountId: "alpaca_1",
          quantity: 2,
          marketValue: 1000,
          costBasis: 800,
          unrealizedPl: 200,
          canTrade: true,
        },
      ],
    });
    const event = repriceHoldings(
      { asOf: now.toISOString(), scope: "live", totalValue: 5000, positions: [option] },
      new Map([["AAPL261218C00250000", { price: 6, asOf: now.toISOString() }]]),
      now,
    );
    expect(event.positions[0]).toMatchObject({ price: 6, marketValue: 1200, unrealizedPl: 400 });
    expect(event.positions[0]?.accounts[0]).toMatchObject({ marketValue: 1200 });
    expect(event.totalValue).toBe(5200);
  });
});
