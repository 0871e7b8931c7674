import { describe, expect, it } from "vitest";
import { type ToolName, toolInputs } from "../tool-contracts.js";
import { ask } from "./test-support/bound-tools.js";

/**
 * English requests → tool calls. Each row is one phrasing and the exact calls expected; every
 * emitted call must also validate against the contract's input schema.
 */

type Expected = Array<[ToolName, Record<string, unknown>]>;

const HOLDINGS: Array<[string, Expected]> = [
  ["what do I hold?", [["get_holdings", {}]]],
  ["show my portfolio", [["get_holdings", {}]]],
  ["What are my positions", [["get_holdings", {}]]],
  ["what stocks do I own?", [["get_holdings", {}]]],
  ["what's my portfolio worth", [["get_holdings", {}]]],
  ["what's my net worth", [["get_holdings", {}]]],
  ["hello, what do I hold?", [["get_holdings", {}]]],
  ["how much Apple do I have", [["get_holdings", { symbol: "AAPL" }]]],
  ["do I own TSLA", [["get_holdings", { symbol: "TSLA" }]]],
  ["do I have any Tesla?", [["get_holdings", { symbol: "TSLA" }]]],
  ["how many shares of NVDA do I own", [["get_holdings", { symbol: "NVDA" }]]],
  ["what's my Microsoft position", [["get_holdings", { symbol: "MSFT" }]]],
  ["what's in my Schwab account", [["get_holdings", { account: "Schwab" }]]],
  ["show my Fidelity holdings", [["get_holdings", { account: "Fidelity" }]]],
  ["what's my Robinhood account worth", [["get_holdings", { account: "Robinhood" }]]],
  ["what do I hold in my Roth IRA?", [["get_holdings", { account: "Roth IRA" }]]],
  ["how much AAPL do I have in Robinhood", [["get_holdings", { symbol: "AAPL", account: "Robinhood" }]]],
  // Cost basis and gains so far come from holdings, not from the value history.
  ["what did I pay for my tesla?", [["get_holdings", { symbol: "TSLA" }]]],
  ["what's my cost basis on NVDA", [["get_holdings", { symbol: "NVDA" }]]],
  ["average cost of my apple shares", [["get_holdings", { symbol: "AAPL" }]]],
  ["what's my total gain?", [["get_holdings", {}]]],
  ["what are my unrealized gains", [["get_holdings", {}]]],
  ["show all", [["get_holdings", {}]]],
  ["list all my positions", [["get_holdings", {}]]],
  ["show me everything", [["get_holdings", {}]]],
];

const ACCOUNTS_AND_CASH: Array<[string, Expected]> = [
  ["which accounts do I have linked", [["get_accounts", {}]]],
  ["list my accounts", [["get_accounts", {}]]],
  ["what accounts are connected?", [["get_accounts", {}]]],
  ["what's my balance", [["get_accounts", {}]]],
  ["what's my buying power", [["get_buying_power", {}]]],
  ["how much cash do I have", [["get_buying_power", {}]]],
  ["how much money do I have available to invest", [["get_buying_power", {}]]],
  ["what's my cash in Schwab", [["get_buying_power", { account: "Schwab" }]]],
  ["buying power in my Robinhood account?", [["get_buying_power", { account: "Robinhood" }]]],
  ["what's my portfolio mode", [["get_portfolio_mode", {}]]],
  ["which accounts can trade", [["get_portfolio_mode", {}]]],
  ["are my accounts read-only?", [["get_portfolio_mode", {}]]],
];

const QUOTES: Array<[string, Expected]> = [
  ["what's Tesla trading at", [["get_quote", { symbol: "TSLA" }]]],
  ["price of VOO", [["get_quote", { symbol: "VOO" }]]],
  ["what's Apple at?", [["get_quote", { symbol: "AAPL" }]]],
  ["how much is Microsoft", [["get_quote", { symbol: "MSFT" }]]],
  ["what is the price of Amazon stock", [["get_quote", { symbol: "AMZN" }]]],
  ["quote for nvda", [["get_quote", { symbol: "NVDA" }]]],
  ["TSLA", [["get_quote", { symbol: "TSLA" }]]],
  ["$PLTR price", [["get_quote", { symbol: "PLTR" }]]],
  ["how's Nvidia doing today", [["get_quote", { symbol: "NVDA" }]]],
  ["what does Google cost", [["get_quote", { symbol: "GOOGL" }]]],
];

const ORDERS_AND_ACTIVITY: Array<[string, Expected]> = [
  ["what's the status of my last order", [["get_orders", { limit: 1 }]]],
  ["did my order fill", [["get_orders", { limit: 1 }]]],
  ["did my Apple order go through?", [["get_orders", { symbol: "AAPL", limit: 1 }]]],
  ["show my orders", [["get_orders", {}]]],
  ["do I have any open orders", [["get_orders", {}]]],
  ["what's the status of order ord_8f2k1", [["get_orders", { orderId: "ord_8f2k1" }]]],
  ["show my recent transactions", [["get_transactions", {}]]],
  ["any dividends lately", [["get_transactions", {}]]],
  ["what did I buy last week", [["get_transactions", { days: 7 }]]],
  ["show dividends from the last 90 days", [["get_transactions", { days: 90 }]]],
  ["recent activity in my Schwab account", [["get_transactions", { account: "Schwab" }]]],
  ["how did my portfolio do this month", [["get_performance", { period: "1M" }]]],
  ["how did my portfolio do this week", [["get_performance", { period: "1W" }]]],
  ["how did my portfolio do today", [["get_performance", { period: "1D" }]]],
  ["how did my portfolio do this year", [["get_performance", { period: "1Y" }]]],
  ["how did my portfolio do overall", [["get_performance", { period: "ALL" }]]],
  ["what are my gains this month", [["get_performance", { period: "1M" }]]],
  ["how's my portfolio doing", [["get_performance", { period: "1D" }]]],
  ["what are my returns since I started", [["get_performance", { period: "ALL" }]]],
  ["am I up or down this month", [["get_performance", { period: "1M" }]]],
  ["portfolio performance over the last 3 months", [["get_performance", { period: "3M" }]]],
  ["what's my P&L today", [["get_performance", { period: "1D" }]]],
  ["how much did I make this year", [["get_performance", { period: "1Y" }]]],
];

const TRADES: Array<[string, Expected]> = [
  ["buy 10 shares of AAPL", [["prepare_order", { symbol: "AAPL", side: "buy", quantity: 10 }]]],
  ["sell 2 AAPL", [["prepare_order", { symbol: "AAPL", side: "sell", quantity: 2 }]]],
  ["buy ten shares of apple", [["prepare_order", { symbol: "AAPL", side: "buy", quantity: 10 }]]],
  ["please buy 2 shares of microsoft", [["prepare_order", { symbol: "MSFT", side: "buy", quantity: 2 }]]],
  ["I want to sell 3 shares of Tesla", [["prepare_order", { symbol: "TSLA", side: "sell", quantity: 3 }]]],
  ["buy half a share of AAPL", [["prepare_order", { symbol: "AAPL", side: "buy", quantity: 0.5 }]]],
  ["buy 1 share of Alphabet", [["prepare_order", { symbol: "GOOGL", side: "buy", quantity: 1 }]]],
  ["buy 10 shares of Google", [["prepare_order", { symbol: "GOOGL", side: "buy", quantity: 10 }]]],
  ["sell 3 Meta", [["prepare_order", { symbol: "META", side: "sell", quantity: 3 }]]],
  ["buy 2 Facebook", [["prepare_order", { symbol: "META", side: "buy", quantity: 2 }]]],
  ["buy 1 Nvidia", [["prepare_order", { symbol: "NVDA", side: "buy", quantity: 1 }]]],
  ["purchase 4 shares of Coca-Cola", [["prepare_order", { symbol: "KO", side: "buy", quantity: 4 }]]],
  ["buy 2 shares of Johnson & Johnson", [["prepare_order", { symbol: "JNJ", side: "buy", quantity: 2 }]]],
  ["buy 1 BRK.B", [["prepare_order", { symbol: "BRK.B", side: "buy", quantity: 1 }]]],
  ["get me 3 shares of NVDA", [["prepare_order", { symbol: "NVDA", side: "buy", quantity: 3 }]]],
  ["SELL 10 AAPL NOW", [["prepare_order", { symbol: "AAPL", side: "sell", quantity: 10 }]]],
  ["buy $500 of VOO", [["prepare_order", { symbol: "VOO", side: "buy", notional: 500 }]]],
  ["invest 1,000 dollars in Microsoft", [["prepare_order", { symbol: "MSFT", side: "buy", notional: 1000 }]]],
  ["buy five hundred dollars of VOO", [["prepare_order", { symbol: "VOO", side: "buy", notional: 500 }]]],
  ["buy $1.5k of VOO", [["prepare_order", { symbol: "VOO", side: "buy", notional: 1500 }]]],
  ["put $250 into VTI", [["prepare_order", { symbol: "VTI", side: "buy", notional: 250 }]]],
  ["buy $200 of Amazon", [["prepare_order", { symbol: "AMZN", side: "buy", notional: 200 }]]],
  ["sell all my Tesla", [["prepare_order", { symbol: "TSLA", side: "sell", sellAll: true }]]],
  ["dump all my Apple shares", [["prepare_order", { symbol: "AAPL", side: "sell", sellAll: true }]]],
  ["close my Tesla position", [["prepare_order", { symbol: "TSLA", side: "sell", sellAll: true }]]],
  ["sell all 10 shares of AAPL", [["prepare_order", { symbol: "AAPL", side: "sell", quantity: 10 }]]],
  ["sell half my Tesla", [["prepare_order", { symbol: "TSLA", side: "sell", fraction: 0.5 }]]],
  ["sell a third of my NVDA", [["prepare_order", { symbol: "NVDA", side: "sell", fraction: 1 / 3 }]]],
  ["sell 25% of my Apple", [["prepare_order", { symbol: "AAPL", side: "sell", fraction: 0.25 }]]],
  ["sell three quarters of my VOO", [["prepare_order", { symbol: "VOO", side: "sell", fraction: 0.75 }]]],
  ["sell 100% of my MSFT", [["prepare_order", { symbol: "MSFT", side: "sell", sellAll: true }]]],
];

const ORDER_TERMS: Array<[string, Expected]> = [
  [
    "buy 5 AAPL at 180",
    [["prepare_order", { symbol: "AAPL", side: "buy", quantity: 5, orderType: "limit", limitPrice: 180 }]],
  ],
  [
    "buy 5 AAPL limit 180",
    [["prepare_order", { symbol: "AAPL", side: "buy", quantity: 5, orderType: "limit", limitPrice: 180 }]],
  ],
  [
    "buy 10 AAPL for $180 each",
    [["prepare_order", { symbol: "AAPL", side: "buy", quantity: 10, orderType: "limit", limitPrice: 180 }]],
  ],
  [
    "buy 5 AAPL if it drops to 150",
    [["prepare_order", { symbol: "AAPL", side: "buy", quantity: 5, orderType: "limit", limitPrice: 150 }]],
  ],
  [
    "sell 10 TSLA if it drops to 200",
    [["prepare_order", { symbol: "TSLA", side: "sell", quantity: 10, orderType: "stop", stopPrice: 200 }]],
  ],
  [
    "sell 10 TSLA stop at 200",
    [["prepare_order", { symbol: "TSLA", side: "sell", quantity: 10, orderType: "stop", stopPrice: 200 }]],
  ],
  [
    "sell 5 AAPL if it rises to 250",
    [["prepare_order", { symbol: "AAPL", side: "sell", quantity: 5, orderType: "limit", limitPrice: 250 }]],
  ],
  [
    "sell 10 TSLA stop 200 limit 195",
    [
      [
        "prepare_order",
        {
          symbol: "TSLA",
          side: "sell",
          quantity: 10,
          orderType: "stop_limit",
          stopPrice: 200,
          limitPrice: 195,
        },
      ],
    ],
  ],
  [
    "sell 10 TSLA with a stop at 200 and a limit of 195",
    [
      [
        "prepare_order",
        {
          symbol: "TSLA",
          side: "sell",
          quantity: 10,
          orderType: "stop_limit",
          stopPrice: 200,
          limitPrice: 195,
        },
      ],
    ],
  ],
  [
    "buy 5 AAPL at 180 good till cancelled",
    [
      [
        "prepare_order",
        { symbol: "AAPL", side: "buy", quantity: 5, orderType: "limit", limitPrice: 180, timeInForce: "gtc" },
      ],
    ],
  ],
  [
    "buy 5 AAPL limit 180 GTC",
    [
      [
        "prepare_order",
        { symbol: "AAPL", side: "buy", quantity: 5, orderType: "limit", limitPrice: 180, timeInForce: "gtc" },
      ],
    ],
  ],
  [
    "sell 5 AAPL at market",
    [["prepare_order", { symbol: "AAPL", side: "sell", quantity: 5, orderType: "market" }]],
  ],
  [
    "sell 2 AAPL from my Robinhood",
    [["prepare_order", { symbol: "AAPL", side: "sell", quantity: 2, account: "Robinhood" }]],
  ],
  [
    "buy $100 of VOO in my Roth IRA",
    [["prepare_order", { symbol: "VOO", side: "buy", notional: 100, account: "Roth IRA" }]],
  ],
  [
    "sell 1 TSLA from my Schwab account",
    [["prepare_order", { symbol: "TSLA", side: "sell", quantity: 1, account: "Schwab" }]],
  ],
  [
    "buy 3 AAPL on Fidelity",
    [["prepare_order", { symbol: "AAPL", side: "buy", quantity: 3, account: "Fidelity" }]],
  ],
  [
    "buy 10 shares of AAPL in my 401k",
    [["prepare_order", { symbol: "AAPL", side: "buy", quantity: 10, account: "401(k)" }]],
  ],
];

const SEVERAL_AND_CANCEL: Array<[string, Expected]> = [
  [
    "buy 1 AAPL and 1 MSFT",
    [
      ["prepare_order", { symbol: "AAPL", side: "buy", quantity: 1 }],
      ["prepare_order", { symbol: "MSFT", side: "buy", quantity: 1 }],
    ],
  ],
  [
    "sell 2 AAPL and buy 3 MSFT",
    [
      ["prepare_order", { symbol: "AAPL", side: "sell", quantity: 2 }],
      ["prepare_order", { symbol: "MSFT", side: "buy", quantity: 3 }],
    ],
  ],
  [
    "buy 1 AAPL and 2 MSFT in my Roth IRA",
    [
      ["prepare_order", { symbol: "AAPL", side: "buy", quantity: 1, account: "Roth IRA" }],
      ["prepare_order", { symbol: "MSFT", side: "buy", quantity: 2, account: "Roth IRA" }],
    ],
  ],
  [
    "what do I hold and what's my buying power",
    [
      ["get_holdings", {}],
      ["get_buying_power", {}],
    ],
  ],
  [
    "how much Apple do I have and what's it trading at?",
    [
      ["get_holdings", { symbol: "AAPL" }],
      ["get_quote", { symbol: "AAPL" }],
    ],
  ],
  [
    "how much Apple can I buy",
    [
      ["get_buying_power", {}],
      ["get_quote", { symbol: "AAPL" }],
    ],
  ],
  ["cancel my last order", [["prepare_cancel", {}]]],
  ["please cancel that order", [["prepare_cancel", {}]]],
  ["cancel order ord_123", [["prepare_cancel", { orderId: "ord_123" }]]],
  ["cancel order #A1B2C3", [["prepare_cancel", { orderId: "A1B2C3" }]]],
  ["cancel my AAPL order", [["get_orders", { symbol: "AAPL" }]]],
  [
    "what's the price of apple and tesla",
    [
      ["get_quote", { symbol: "AAPL" }],
      ["get_quote", { symbol: "TSLA" }],
    ],
  ],
  [
    "I'd like to buy 3 shares of Apple and 2 of Nvidia",
    [
      ["prepare_order", { symbol: "AAPL", side: "buy", quantity: 3 }],
      ["prepare_order", { symbol: "NVDA", side: "buy", quantity: 2 }],
    ],
  ],
];

const TABLE = [
  ...HOLDINGS.map((row) => ["holdings", ...row] as const),
  ...ACCOUNTS_AND_CASH.map((row) => ["accounts and cash", ...row] as const),
  ...QUOTES.map((row) => ["quotes", ...row] as const),
  ...ORDERS_AND_ACTIVITY.map((row) => ["orders and activity", ...row] as const),
  ...TRADES.map((row) => ["trades", ...row] as const),
  ...ORDER_TERMS.map((row) => ["order terms and accounts", ...row] as const),
  ...SEVERAL_AND_CANCEL.map((row) => ["several requests and cancels", ...row] as const),
];

describe("English requests become the right tool calls", () => {
  it("covers at least 80 phrasings", () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(80);
  });

  it.each(TABLE)("%s: %j", async (_group, phrase, expected) => {
    const reply = await ask(phrase);
    const calls = (reply.tool_calls ?? []).map((call) => [call.name, call.args]);
    expect(calls).toEqual(expected);
    for (const call of reply.tool_calls ?? []) {
      expect(toolInputs[call.name as ToolName].safeParse(call.args).success).toBe(true);
    }
  });
});
