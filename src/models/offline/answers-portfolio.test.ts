import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { answerFor, boundModel } from "./test-support/bound-tools.js";
import {
  accounts,
  buyingPower,
  holdingsApple,
  holdingsNone,
  holdingsOverall,
  performanceMonth,
  performanceTodayAfterLinking,
  portfolioModeHybrid,
  teslaQuote,
  transactions,
} from "./test-support/sample-results.js";

/** Answers written from read-tool results: specific, formatted, with warnings and paper notes. */

describe("holdings answers", () => {
  it("lists the portfolio by value with its total and stale-data warning", async () => {
    const text = await answerFor("what do I hold?", "get_holdings", {}, holdingsOverall);
    expect(text).toBe(
      [
        "Your portfolio is worth $13,345.67: positions $12,345.67 + cash $1,000.00 = $13,345.67, across 2 positions:",
        "- VOO (Vanguard S&P 500 ETF): 20 shares, $9,495.67",
        "- AAPL (Apple Inc.): 15 shares, $2,850.00 in 2 accounts",
        "Cost basis $9,500.00, an unrealized gain of $1,895.67 (+19.95%) on the positions with a known cost. No cost basis is reported for AAPL, so it is not in these figures.",
        "Note: Robinhood data is 3 hours old: the connection needs a refresh.",
      ].join("\n"),
    );
  });

  it("lists every position when asked to show all, and keeps paper positions apart", async () => {
    const many = Array.from({ length: 12 }, (_, i) => ({
      ...holdingsOverall.positions[1]!,
      symbol: `S${i}`,
      description: "",
      marketValue: 1000 - i,
    }));
    const result = {
      ...holdingsOverall,
      positions: [
        ...many,
        {
          ...holdingsOverall.positions[1]!,
          symbol: "TSLA",
          description: "",
          isPaper: true,
          quantity: 3,
          marketValue: 900,
        },
      ],
      totals: {
        live: holdingsOverall.totals.live,
        paper: {
          ...holdingsOverall.totals.live!,
          cash: 100,
          positionsValue: 900,
          totalValue: 1000,
          costBasisUnknownFor: [],
        },
      },
      warnings: [],
    };
    const short = await answerFor("what do I hold?", "get_holdings", {}, result);
    expect(short).toContain('…and 2 more (say "show all" to list every position).');
    const all = await answerFor("show all", "get_holdings", {}, result);
    expect(all).not.toContain("more (say");
    for (const position of many) expect(all).toContain(`- ${position.symbol}: `);
    expect(all).toContain(
      "Paper trading (simulated money, not included above) is worth $1,000.00: positions $900.00 + cash $100.00 = $1,000.00, across 1 position:\n- TSLA: 3 shares, $900.00",
    );
    expect(all.indexOf("TSLA")).toBeGreaterThan(all.indexOf("Paper trading"));
  });

  it("answers what was paid: cost basis, average cost and unrealized gain", async () => {
    const text = await answerFor(
      "what did I pay for my VOO?",
      "get_holdings",
      { symbol: "VOO" },
      { ...holdingsOverall, filter: { symbol: "VOO" }, warnings: [] },
    );
    expect(text).toMatch(
      /^You paid \$8,000\.00 for it \(\$400\.00 a share on average\), an unrealized gain of \$1,495\.67 \(\+18\.7%\)\. You hold 20 shares/,
    );
  });

  it("never counts a missing cost basis as zero: it names the account without one", async () => {
    const text = await answerFor(
      "what did I pay for apple",
      "get_holdings",
      { symbol: "AAPL" },
      holdingsApple,
    );
    expect(text).toMatch(
      /^10 shares in Charles Schwab Individual cost \$1,500\.00, an unrealized gain of \$400\.00 \(\+26\.67%\); Robinhood Brokerage does not report a cost basis for AAPL, so the total cost is unknown\./,
    );
  });

  it("answers the total gain as the unrealized gain, naming positions without a cost basis", async () => {
    const text = await answerFor("what's my total gain?", "get_holdings", {}, holdingsOverall);
    expect(text).toMatch(
      /^Your unrealized gain across your accounts is \$1,895\.67 \(\+19\.95%\): positions worth \$11,395\.67 that cost \$9,500\.00\. That leaves out AAPL: no cost basis is reported for it\. Realized gains \(from sales\) are not reported/,
    );
  });

  it("breaks one symbol down per account", async () => {
    const text = await answerFor(
      "how much Apple do I have",
      "get_holdings",
      { symbol: "AAPL" },
      holdingsApple,
    );
    expect(text).toBe(
      "You hold 15 shares of AAPL (Apple Inc.), worth $2,850.00 at $190.00 a share. By account: 10 shares in Charles Schwab Individual ($1,900.00) and 5 shares in Robinhood Brokerage ($950.00). 10 shares in Charles Schwab Individual cost $1,500.00, an unrealized gain of $400.00 (+26.67%); Robinhood Brokerage does not report a cost basis for AAPL, so the total cost is unknown.",
    );
  });

  it("says plainly when the symbol is held nowhere", async () => {
    const text = await answerFor("do I own TSLA", "get_holdings", { symbol: "TSLA" }, holdingsNone);
    expect(text).toBe("You don't hold any TSLA in your linked accounts.");
  });

  it("names the account asked about and flags read-only holders", async () => {
    const readOnly = {
      ...holdingsApple,
      filter: { symbol: "AAPL", account: "Chase" },
      positions: [
        {
          ...holdingsApple.positions[0],
          quantity: 3,
          accounts: [
            {
              accountId: "plaid_c3",
              institution: "Chase",
              accountName: "Invest",
              quantity: 3,
              marketValue: 570,
              costBasis: null,
              unrealizedPl: null,
              canTrade: false,
            },
          ],
        },
      ],
    };
    const text = await answerFor("how much AAPL in Chase", "get_holdings", { symbol: "AAPL" }, readOnly);
    expect(text).toMatch(
      /You hold 3 shares of AAPL .*All of it is in Chase Invest, which is read-only here\./,
    );
  });

  it("summarises one account's positions", async () => {
    const text = await answerFor(
      "what's in my Schwab account",
      "get_holdings",
      { account: "Schwab" },
      {
        ...holdingsOverall,
        filter: { account: "Schwab" },
        warnings: [],
      },
    );
    expect(text).toMatch(
      /^Your Schwab account is worth \$13,345\.67: positions \$12,345\.67 \+ cash \$1,000\.00 = \$13,345\.67, across 2 positions:/,
    );
  });
});

describe("account, cash, price and mode answers", () => {
  it("lists accounts with value, cash, trading ability, paper and broken connections", async () => {
    const text = await answerFor("which accounts do I have linked", "get_accounts", {}, accounts);
    expect(text).toContain("You have 3 linked accounts:");
    expect(text).toContain(
      "- Charles Schwab Individual (••••1234): $12,395.67 total, $1,000.00 cash, can trade",
    );
    expect(text).toContain(
      "- Alpaca Paper (••••5678): $100,000.00 total, $100,000.00 cash, can trade, paper trading, no real money",
    );
    expect(text).toContain("read-only, connection broken: reconnect it to refresh");
  });

  it("gives total buying power and each account's, marking paper", async () => {
    const text = await answerFor("what's my buying power", "get_buying_power", {}, buyingPower);
    expect(text).toBe(
      [
        "Your buying power is $1,000.00 across your live accounts; your cash is $1,000.00:",
        "- Charles Schwab Individual: $1,000.00 buying power, $1,000.00 cash",
        "Paper trading (simulated money, not included above):",
        "- Alpaca Paper (paper trading, no real money): $200,000.00 buying power, $100,000.00 cash",
      ].join("\n"),
    );
  });

  it("answers cash with cash, not buying power", async () => {
    const text = await answerFor("what's my cash balance?", "get_buying_power", {}, buyingPower);
    expect(text).toMatch(
      /^Your cash is \$1,000\.00 across your live accounts; buying power is a separate figure/,
    );
    expect(text).toContain("- Charles Schwab Individual: $1,000.00 cash, $1,000.00 buying power");
    expect(text).not.toContain("$201,000");
  });

  it("answers one account's buying power in a sentence", async () => {
    const text = await answerFor(
      "cash in Schwab",
      "get_buying_power",
      { account: "Schwab" },
      {
        ...buyingPower,
        accounts: buyingPower.accounts.slice(0, 1),
        totalBuyingPower: 1000,
      },
    );
    expect(text).toBe("Charles Schwab Individual has $1,000.00 in cash and $1,000.00 of buying power.");
  });

  it("quotes a price with bid, ask and time", async () => {
    const text = await answerFor("what's Tesla trading at", "get_quote", { symbol: "TSLA" }, teslaQuote);
    expect(text).toBe(
      "TSLA (Tesla, Inc.) is at $250.12 (bid $250.10, ask $250.15) as of 2026-11-25 15:59 UTC.",
    );
  });

  it("explains a hybrid portfolio mode", async () => {
    const text = await answerFor("portfolio mode", "get_portfolio_mode", {}, portfolioModeHybrid);
    expect(text).toMatch(
      /both kinds of accounts\. These can trade: Charles Schwab Individual and Alpaca Paper\./,
    );
  });

  it("does the arithmetic for 'how much can I buy'", async () => {
    const messages = [
      new HumanMessage("how much Tesla can I buy"),
      new AIMessage({
        content: "",
        tool_calls: [
          { type: "tool_call", id: "a", name: "get_buying_power", args: {} },
          { type: "tool_call", id: "b", name: "get_quote", args: { symbol: "TSLA" } },
        ],
      }),
      new ToolMessage({ content: JSON.stringify(buyingPower), tool_call_id: "a", name: "get_buying_power" }),
      new ToolMessage({ content: JSON.stringify(teslaQuote), tool_call_id: "b", name: "get_quote" }),
    ];
    const reply = await boundModel().invoke(messages);
    expect(reply.text).toContain("Your buying power is $1,000.00 across your live accounts");
    expect(reply.text).toContain("TSLA (Tesla, Inc.) is at $250.12");
    // Live money only: the paper account's $200,000 is not spendable money.
    expect(reply.text).toContain("covers about 3.99 shares of TSLA, before fees");
  });
});

describe("activity and performance answers", () => {
  it("lists recent transactions newest first", async () => {
    const text = await answerFor("show my recent transactions", "get_transactions", {}, transactions);
    expect(text).toBe(
      [
        "Your recent activity (3 transactions):",
        "- 2026-11-20: dividend AAPL, $3.75 (Charles Schwab Individual)",
        "- 2026-11-18: buy 2 VOO at $470.00, -$940.00 (Charles Schwab Individual)",
        "- 2026-11-10: dividend VOO, $12.50 (Robinhood Brokerage)",
      ].join("\n"),
    );
  });

  it("keeps only dividends when dividends were asked about", async () => {
    const text = await answerFor("any dividends lately", "get_transactions", {}, transactions);
    expect(text).toMatch(/^You received 2 dividends, \$16\.25 in total:/);
    expect(text).not.toContain("buy 2 VOO");
  });

  it("reports the change with sign and percent", async () => {
    const text = await answerFor(
      "how did my portfolio do this month",
      "get_performance",
      { period: "1M" },
      performanceMonth,
    );
    expect(text).toBe(
      "Your portfolio is up $276.00 (+2.3%) over the past month, from $12,000.00 to $12,276.00.",
    );
  });

  it("reports a loss and an unknown start honestly", async () => {
    const down = await answerFor(
      "how did I do this week",
      "get_performance",
      { period: "1W" },
      {
        ...performanceMonth,
        period: "1W",
        startValue: 10000,
        endValue: 9875,
        change: -125,
        changePct: -1.25,
        gain: -125,
        returnPct: -1.25,
      },
    );
    expect(down).toBe(
      "Your portfolio is down $125.00 (-1.25%) over the past week, from $10,000.00 to $9,875.00.",
    );
    const unknown = await answerFor(
      "how did I do overall",
      "get_performance",
      { period: "ALL" },
      {
        ...performanceMonth,
        period: "ALL",
        startValue: null,
        endValue: 9875,
        change: null,
        changePct: null,
        netFlows: null,
        gain: null,
        returnPct: null,
      },
    );
    expect(unknown).toMatch(/worth \$9,875\.00\. I don't have its value at the start/);
  });

  it("does not count a newly linked brokerage as a gain: the gain and time-weighted return lead", async () => {
    const text = await answerFor(
      "how did my portfolio do today?",
      "get_performance",
      { period: "1D" },
      performanceTodayAfterLinking,
    );
    expect(text).toBe(
      "Your portfolio is up $1,062.52 (+0.73%) today, not counting money moved in or out. Its value rose $14,876.52, from $145,000.00 to $159,876.52, including $13,814.00 of money added (Robinhood Individual linked with $13,814.00). The percentage is a time-weighted return, which leaves such flows out.",
    );
    expect(text).not.toContain("+10");
  });

  it("names a withdrawal as money taken out and labels a paper-only portfolio", async () => {
    const text = await answerFor(
      "how did I do this month",
      "get_performance",
      { period: "1M" },
      {
        ...performanceMonth,
        scope: "paper",
        endValue: 11_276,
        change: -724,
        changePct: -6.03,
        netFlows: -1_000,
        gain: 276,
        flows: [{ at: "2026-11-20T15:00:00Z", account: "Alpaca Paper", kind: "withdrawal", amount: -1_000 }],
      },
    );
    expect(text).toMatch(/^Your paper portfolio \(simulated money\) is up \$276\.00 \(\+2\.3%\)/);
    expect(text).toContain("Its value fell $724.00");
    expect(text).toContain("$1,000.00 of money taken out (a withdrawal of $1,000.00 from Alpaca Paper)");
  });
});
