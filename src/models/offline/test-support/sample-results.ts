import type { DecisionOutcome, PendingConfirmation, PrepareResult } from "../../../orders/contract/index.js";
import type {
  GetAccountsResult,
  GetBuyingPowerResult,
  GetHoldingsResult,
  GetOrdersResult,
  GetPerformanceResult,
  GetPortfolioModeResult,
  GetQuoteResult,
  GetTransactionsResult,
} from "../../tool-contracts.js";

/** Realistic tool results, shaped exactly like tools/contracts.ts, for answer tests. */

const schwab = { accountId: "snaptrade_a1", institution: "Charles Schwab", accountName: "Individual" };
const robinhood = { accountId: "snaptrade_b2", institution: "Robinhood", accountName: "Brokerage" };

const noTotals = {
  accounts: 0,
  cash: 0,
  buyingPower: 0,
  tradeableBuyingPower: 0,
  positionsValue: 0,
  totalValue: 0,
  costBasis: 0,
  unrealizedPl: 0,
  realizedPl: null,
  cashUnknownIn: [],
  buyingPowerUnknownIn: [],
  costBasisUnknownFor: [],
};

/** Robinhood reports no cost basis for its AAPL: the AAPL total is unknown, named, never 0. */
export const holdingsOverall: GetHoldingsResult = {
  asOf: "2026-11-25T15:59:00Z",
  scope: "live",
  totalValue: 13345.67,
  totals: {
    live: {
      ...noTotals,
      accounts: 2,
      cash: 1000,
      buyingPower: 1000,
      tradeableBuyingPower: 1000,
      positionsValue: 12345.67,
      totalValue: 13345.67,
      costBasis: 9500,
      unrealizedPl: 1895.67,
      costBasisUnknownFor: ["AAPL"],
    },
    paper: null,
  },
  filter: {},
  positions: [
    {
      symbol: "AAPL",
      description: "Apple Inc.",
      isPaper: false,
      quantity: 15,
      price: 190,
      marketValue: 2850,
      costBasis: null,
      averageCost: null,
      unrealizedPl: null,
      accounts: [
        { ...schwab, quantity: 10, marketValue: 1900, costBasis: 1500, unrealizedPl: 400, canTrade: true },
        { ...robinhood, quantity: 5, marketValue: 950, costBasis: null, unrealizedPl: null, canTrade: true },
      ],
    },
    {
      symbol: "VOO",
      description: "Vanguard S&P 500 ETF",
      isPaper: false,
      quantity: 20,
      price: 474.78,
      marketValue: 9495.67,
      costBasis: 8000,
      averageCost: 400,
      unrealizedPl: 1495.67,
      accounts: [
        {
          ...schwab,
          quantity: 20,
          marketValue: 9495.67,
          costBasis: 8000,
          unrealizedPl: 1495.67,
          canTrade: true,
        },
      ],
    },
  ],
  warnings: ["Robinhood data is 3 hours old: the connection needs a refresh."],
};

export const holdingsApple: GetHoldingsResult = {
  ...holdingsOverall,
  filter: { symbol: "AAPL" },
  totalValue: 2850,
  positions: holdingsOverall.positions.filter((p) => p.symbol === "AAPL"),
  warnings: [],
};

export const holdingsNone: GetHoldingsResult = {
  asOf: "2026-11-25T15:59:00Z",
  scope: "live",
  totalValue: 0,
  totals: { live: null, paper: null },
  filter: { symbol: "TSLA" },
  positions: [],
  warnings: [],
};

export const accounts: GetAccountsResult = {
  accounts: [
    {
      id: "snaptrade_a1",
      provider: "snaptrade",
      institution: "Charles Schwab",
      name: "Individual",
      numberMasked: "••••1234",
      canTrade: true,
      connectionStatus: "active",
      isPaper: false,
      cash: 1000,
      buyingPower: 1000,
      totalValue: 12395.67,
      syncedAt: "2026-11-25T15:00:00Z",
    },
    {
      id: "alpaca_p1",
      provider: "alpaca",
      institution: "Alpaca",
      name: "Paper",
      numberMasked: "••••5678",
      canTrade: true,
      connectionStatus: "active",
      isPaper: true,
      cash: 100000,
      buyingPower: 200000,
      totalValue: 100000,
      syncedAt: "2026-11-25T15:00:00Z",
    },
    {
      id: "plaid_c3",
      provider: "plaid",
      institution: "Chase",
      name: "Self-Directed Investing",
      numberMasked: "••••9012",
      canTrade: false,
      connectionStatus: "broken",
      isPaper: false,
      cash: 50.5,
      buyingPower: null,
      totalValue: 3000,
      syncedAt: null,
    },
  ],
  warnings: [],
};

export const buyingPower: GetBuyingPowerResult = {
  accounts: [
    {
      accountId: "snaptrade_a1",
      institution: "Charles Schwab",
      name: "Individual",
      cash: 1000,
      buyingPower: 1000,
      isPaper: false,
      canTrade: true,
    },
    {
      accountId: "alpaca_p1",
      institution: "Alpaca",
      name: "Paper",
      cash: 100000,
      buyingPower: 200000,
      isPaper: true,
      canTrade: true,
    },
  ],
  totalBuyingPower: 1000,
  totals: {
    live: { ...noTotals, accounts: 1, cash: 1000, buyingPower: 1000, tradeableBuyingPower: 1000 },
    paper: { ...noTotals, accounts: 1, cash: 100000, buyingPower: 200000, tradeableBuyingPower: 200000 },
  },
};

export const teslaQuote: GetQuoteResult = {
  symbol: "TSLA",
  description: "Tesla, Inc.",
  price: 250.12,
  bid: 250.1,
  ask: 250.15,
  asOf: "2026-11-25T15:59:00Z",
  source: "alpaca",
};

export const lastOrderFilled: GetOrdersResult = {
  orders: [
    {
      id: "ord_123",
      symbol: "AAPL",
      side: "buy",
      quantity: 10,
      notional: null,
      orderType: "market",
      limitPrice: null,
      stopPrice: null,
      status: "filled",
      filledQuantity: 10,
      filledAvgPrice: 190.05,
      institution: "Charles Schwab",
      accountName: "Individual",
      createdAt: "2026-11-25T14:30:00Z",
    },
  ],
};

export const portfolioModeHybrid: GetPortfolioModeResult = {
  mode: "hybrid",
  hasAlpaca: true,
  hasSnaptrade: true,
  hasPlaid: true,
  tradingAccounts: [
    { id: "snaptrade_a1", institution: "Charles Schwab", name: "Individual" },
    { id: "alpaca_p1", institution: "Alpaca", name: "Paper" },
  ],
};

export const transactions: GetTransactionsResult = {
  transactions: [
    {
      at: "2026-11-20T00:00:00Z",
      institution: "Charles Schwab",
      accountName: "Individual",
      type: "dividend",
      symbol: "AAPL",
      quantity: null,
      price: null,
      amount: 3.75,
    },
    {
      at: "2026-11-18T00:00:00Z",
      institution: "Charles Schwab",
      accountName: "Individual",
      type: "buy",
      symbol: "VOO",
      quantity: 2,
      price: 470,
      amount: -940,
    },
    {
      at: "2026-11-10T00:00:00Z",
      institution: "Robinhood",
      accountName: "Brokerage",
      type: "dividend",
      symbol: "VOO",
      quantity: null,
      price: null,
      amount: 12.5,
    },
  ],
};

export const performanceMonth: GetPerformanceResult = {
  period: "1M",
  scope: "live",
  startValue: 12000,
  endValue: 12276,
  change: 276,
  changePct: 2.3,
  netFlows: 0,
  gain: 276,
  returnPct: 2.3,
  flows: [],
  warnings: [],
};

/** Today, after linking a brokerage worth $13,814: the value jumps, the return does not. */
export const performanceTodayAfterLinking: GetPerformanceResult = {
  period: "1D",
  scope: "live",
  startValue: 145_000,
  endValue: 159_876.52,
  change: 14_876.52,
  changePct: 10.26,
  netFlows: 13_814,
  gain: 1_062.52,
  returnPct: 0.73,
  flows: [{ at: "2026-11-29T15:00:00Z", account: "Robinhood Individual", kind: "linked", amount: 13_814 }],
  warnings: [],
};

export const sellAppleCard: PendingConfirmation = {
  id: "conf_1",
  kind: "order",
  order: {
    symbol: "AAPL",
    description: "Apple Inc.",
    side: "sell",
    quantity: 2,
    notional: null,
    orderType: "market",
    limitPrice: null,
    stopPrice: null,
    timeInForce: "day",
  },
  account: {
    id: "snaptrade_a1",
    provider: "snaptrade",
    institution: "Charles Schwab",
    name: "Individual",
    numberMasked: "••••1234",
    isPaper: false,
  },
  routing: {
    reason: "Charles Schwab Individual holds the most AAPL.",
    rule: "holder",
    alternatives: [
      {
        accountId: "snaptrade_b2",
        institution: "Robinhood",
        name: "Brokerage",
        holds: 5,
        buyingPower: 300,
        canTrade: true,
        whyNot: null,
      },
    ],
  },
  estimate: {
    price: 190,
    priceSource: "alpaca last trade",
    asOf: "2026-11-25T15:59:00Z",
    amount: 380,
    amountSource: "estimate",
    fees: null,
    buyingPowerBefore: 1000,
    buyingPowerAfter: 1380,
    currency: "USD",
  },
  basis: null,
  cancel: null,
  warnings: [],
  text: "Sell 2 AAPL from Charles Schwab Individual (••••1234)",
  hash: "h1",
  expiresAt: "2026-11-25T16:04:00Z",
};

export const awaitingSellApple: PrepareResult = {
  status: "awaiting_confirmation",
  confirmation: sellAppleCard,
};

export const buyVooPaperCard: PendingConfirmation = {
  ...sellAppleCard,
  id: "conf_2",
  order: {
    symbol: "VOO",
    description: "Vanguard S&P 500 ETF",
    side: "buy",
    quantity: null,
    notional: 500,
    orderType: "market",
    limitPrice: null,
    stopPrice: null,
    timeInForce: "day",
  },
  account: {
    id: "alpaca_p1",
    provider: "alpaca",
    institution: "Alpaca",
    name: "Paper",
    numberMasked: "••••5678",
    isPaper: true,
  },
  routing: {
    reason: "Alpaca Paper is your default trading account, chosen by you.",
    rule: "user_default",
    alternatives: [],
  },
  estimate: { ...sellAppleCard.estimate, price: 474.78, amount: 500 },
};

export const submittedFilled: DecisionOutcome = {
  outcome: "submitted",
  order: {
    id: "ord_456",
    status: "filled",
    symbol: "AAPL",
    side: "sell",
    quantity: 2,
    notional: null,
    filledQuantity: 2,
    filledAvgPrice: 190.02,
    institution: "Charles Schwab",
    accountName: "Individual",
    isPaper: false,
  },
};
