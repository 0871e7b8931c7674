import type { InvestmentTransaction, Security } from "plaid";
import { describe, expect, it } from "vitest";
import { toActivity } from "./mapping.js";

describe("Plaid toActivity", () => {
  const securities = new Map([["s1", { security_id: "s1", ticker_symbol: "VTI" } as Security]]);
  const transaction = (overrides: Record<string, unknown>) =>
    ({
      investment_transaction_id: "t1",
      account_id: "p1",
      security_id: "s1",
      date: "2026-11-20",
      type: "sell",
      subtype: "sell",
      quantity: -4,
      price: 250,
      amount: -1000,
      iso_currency_code: "USD",
      ...overrides,
    }) as unknown as InvestmentTransaction;

  it("reports a sell's quantity as positive, like the other providers, with the cash it brought in", () => {
    expect(toActivity("plaid_p1", transaction({}), securities)).toMatchObject({
      type: "sell",
      quantity: 4,
      amount: 1000,
    });
  });

  it("keeps a buy positive with the cash it took", () => {
    expect(
      toActivity(
        "plaid_p1",
        transaction({ type: "buy", subtype: "buy", quantity: 4, amount: 1000 }),
        securities,
      ),
    ).toMatchObject({ type: "buy", quantity: 4, amount: -1000 });
  });
});
