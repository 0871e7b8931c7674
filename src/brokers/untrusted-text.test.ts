import type { trading } from "@alpacahq/alpaca-trade-api/rest";
import type { InvestmentsHoldingsGetResponse } from "plaid";
import type {
  AccountOrderRecord,
  AccountPosition,
  BrokerageAuthorization,
  Account as SnaptradeAccount,
  UniversalSymbol,
} from "snaptrade-typescript-sdk";
import { describe, expect, it } from "vitest";
import * as alpaca from "./alpaca/mapping.js";
import { brokerText } from "./call-failures.js";
import * as plaid from "./plaid/mapping.js";
import * as snaptrade from "./snaptrade/mapping.js";
import { toBrokerOrder as snaptradeOrder } from "./snaptrade/orders.js";

/** A name as a hostile or broken feed might send it: bidi override, zero-width, newline. */
const dirty = (text: string) => `\u202e${text.slice(0, 2)}\u200b${text.slice(2)}\n\u2066 `;

describe("broker text is cleaned where it enters the product", () => {
  it("SnapTrade: institution, account, connection, security and order texts", () => {
    const authorization = {
      id: "auth-1",
      type: "trade",
      brokerage: { display_name: dirty("Robinhood"), slug: "ROBINHOOD" },
    } as unknown as BrokerageAuthorization;
    const connection = snaptrade.toConnection(authorization);
    expect(connection.brokerageName).toBe("Robinhood");
    const account = snaptrade.toAccount(
      {
        id: "a1",
        name: dirty("Roth IRA"),
        institution_name: dirty("Robinhood"),
        number: "12345678",
        brokerage_authorization: "auth-1",
        balance: { total: { amount: 10, currency: "USD" } },
      } as unknown as SnaptradeAccount,
      connection,
      [],
    );
    expect([account.name, account.institution]).toEqual(["Roth IRA", "Robinhood"]);
    const position = snaptrade.toPosition("snaptrade_a1", {
      instrument: { symbol: dirty("TSLA"), description: dirty("Tesla Inc") },
      units: "1",
      price: "10",
    } as unknown as AccountPosition);
    expect([position.symbol, position.description]).toEqual(["TSLA", "Tesla Inc"]);
    const info = snaptrade.toSymbolInfo({
      symbol: "VOO",
      description: dirty("Vanguard 500"),
    } as unknown as UniversalSymbol);
    expect(info.description).toBe("Vanguard 500");
    const order = snaptradeOrder("snaptrade_a1", {
      brokerage_order_id: "o1",
      status: dirty("REJECTED"),
      universal_symbol: { symbol: dirty("AAPL") },
    } as unknown as AccountOrderRecord);
    expect(order.symbol).toBe("AAPL");
  });

  it("Plaid: institution, account and security names", () => {
    const response = {
      item: { item_id: "item-1", institution_name: dirty("Fidelity") },
      accounts: [
        {
          account_id: "p1",
          type: "investment",
          name: dirty("Brokerage"),
          mask: "1234",
          balances: { current: 5, available: 1, iso_currency_code: "USD" },
        },
      ],
      holdings: [
        {
          account_id: "p1",
          security_id: "s1",
          quantity: 1,
          institution_price: 5,
          institution_value: 5,
          cost_basis: 4,
        },
      ],
      securities: [{ security_id: "s1", ticker_symbol: dirty("VTI"), name: dirty("Vanguard Total") }],
    } as unknown as InvestmentsHoldingsGetResponse;
    const [account] = plaid.toAccounts(response);
    expect([account?.institution, account?.name]).toEqual(["Fidelity", "Brokerage"]);
    const [position] = plaid.toPositions(response, "plaid_p1", "p1");
    expect([position?.symbol, position?.description]).toEqual(["VTI", "Vanguard Total"]);
  });

  it("Alpaca: asset names and symbols", () => {
    const info = alpaca.toSymbolInfo({
      symbol: "SPY",
      name: dirty("SPDR S&P 500"),
      tradable: true,
      status: "active",
      fractionable: true,
    } as unknown as trading.Assets);
    expect(info.description).toBe("SPDR S&P 500");
    const position = alpaca.toPosition("alpaca_x", { symbol: dirty("SPY"), qty: "1" } as trading.Position);
    expect(position.symbol).toBe("SPY");
  });

  it("error messages from a broker's body", () => {
    expect(brokerText({ detail: dirty("Insufficient funds") }, "fallback")).toBe("Insufficient funds");
    expect(brokerText({ detail: "\u200b\u202e" }, "fallback")).toBe("fallback");
  });
});
