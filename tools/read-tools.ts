import { tool } from "@langchain/core/tools";
import type {
  GetAccountsResult,
  GetBuyingPowerResult,
  GetHoldingsResult,
  GetOrdersResult,
  GetPerformanceResult,
  GetPortfolioModeResult,
  GetQuoteResult,
  GetTransactionsResult,
} from "../src/models/tool-contracts.js";
import { toolInputs } from "../src/models/tool-contracts.js";
import type { OrdersEngine } from "../src/orders/engine.js";
import { aggregateHoldings } from "../src/portfolio/aggregate-holdings.js";
import type { Account, PortfolioService } from "../src/portfolio/service.js";
import { resolveAccountHint } from "./account-hint.js";
import { runContextOf } from "./run-context.js";
import { totalsOf } from "./totals-summary.js";

export interface ToolServices {
  portfolio: PortfolioService;
  orders: OrdersEngine;
}

const json = (value: unknown) => JSON.stringify(value);
const problem = (message: string) => json({ error: message });

function accountSummary(a: Account) {
  return {
    id: a.id,
    provider: a.provider,
    institution: a.institution ?? "",
    name: a.name ?? "",
    numberMasked: a.numberMasked,
    canTrade: a.canTrade,
    connectionStatus: a.connectionStatus,
    isPaper: a.isPaper,
    cash: a.cash,
    buyingPower: a.buyingPower,
    totalValue: a.totalValue,
    syncedAt: a.syncedAt,
  };
}

/** The tradeable account used for quotes: Alpaca when linked, else any active trading account. */
function quoteAccount(accounts: Account[]): Account | undefined {
  const tradeable = accounts.filter((a) => a.canTrade && a.connectionStatus === "active");
  return tradeable.find((a) => a.provider === "alpaca") ?? tradeable[0];
}

export function createReadTools({ portfolio, orders }: ToolServices) {
  const getAccounts = tool(
    async (_input, config) => {
      const { userId } = runContextOf(config);
      const view = await portfolio.getHoldings(userId);
      const result: GetAccountsResult = {
        accounts: view.accounts.map(accountSummary),
        warnings: view.warnings.map((w) => w.message ?? ""),
      };
      return json(result);
    },
    {
      name: "get_accounts",
      description: toolInputs.get_accounts.description!,
      schema: toolInputs.get_accounts,
    },
  );

  const getHoldings = tool(
    async (input, config) => {
      const { userId } = runContextOf(config);
      const view = await portfolio.getHoldings(userId);
      const hint = resolveAccountHint(input.account, view.accounts);
      if (hint.kind === "problem") return problem(hint.message);
      const byId = new Map(view.accounts.map((a) => [a.id, a]));
      const inScope = (accountId: string) => hint.kind === "all" || accountId === hint.account.id;
      // Per-account rows of the chosen accounts, re-aggregated so every figure covers exactly them.
      const scoped = hint.kind === "all" ? view.accounts : [hint.account];
      const holdings = aggregateHoldings(
        scoped,
        view.positions.flatMap((h) =>
          h.accounts
            .filter((c) => inScope(c.accountId))
            .map((c) => ({
              accountId: c.accountId,
              symbol: h.symbol,
              description: h.description,
              quantity: c.quantity,
              price: h.price,
              marketValue: c.marketValue,
              costBasis: c.costBasis,
            })),
        ),
      );
      const positions = holdings
        .filter((h) => !input.symbol || h.symbol === input.symbol)
        .map((h) => ({
          symbol: h.symbol,
          description: h.description ?? "",
          isPaper: h.isPaper,
          quantity: h.quantity,
          price: h.price,
          marketValue: h.marketValue,
          costBasis: h.costBasis,
          averageCost: h.averageCost,
          unrealizedPl: h.unrealizedPl,
          accounts: h.accounts.map((c) => ({
            accountId: c.accountId,
            institution: byId.get(c.accountId)?.institution ?? "",
            accountName: byId.get(c.accountId)?.name ?? "",
            quantity: c.quantity,
            marketValue: c.marketValue,
            costBasis: c.costBasis,
            unrealizedPl: c.unrealizedPl,
            canTrade: c.canTrade,
          })),
        }));
      const totals = totalsOf(scoped, holdings);
      const scope = hint.kind === "one" ? (hint.account.isPaper ? "paper" : "live") : view.scope;
      const result: GetHoldingsResult = {
        asOf: view.asOf,
        scope,
        totalValue: totals[scope]?.totalValue ?? 0,
        totals,
        filter: {
          ...(input.symbol ? { symbol: input.symbol } : {}),
          ...(hint.kind === "one" ? { account: `${hint.account.institution} ${hint.account.name}` } : {}),
        },
        positions,
        warnings: view.warnings.map((w) => w.message ?? ""),
      };
      return json(result);
    },
    {
      name: "get_holdings",
      description: toolInputs.get_holdings.description!,
      schema: toolInputs.get_holdings,
    },
  );

  const getBuyingPower = tool(
    async (input, config) => {
      const { userId } = runContextOf(config);
      const view = await portfolio.getHoldings(userId);
      const hint = resolveAccountHint(input.account, view.accounts);
      if (hint.kind === "problem") return problem(hint.message);
      // Every listed account, read-only ones included: none is silently left out of the totals.
      const chosen = hint.kind === "one" ? [hint.account] : view.accounts;
      const totals = totalsOf(chosen, view.positions);
      const scope = chosen.some((a) => !a.isPaper) ? "live" : "paper";
      const result: GetBuyingPowerResult = {
        accounts: chosen.map((a) => ({
          accountId: a.id,
          institution: a.institution ?? "",
          name: a.name ?? "",
          cash: a.cash,
          buyingPower: a.buyingPower,
          isPaper: a.isPaper,
          canTrade: a.canTrade,
        })),
        totalBuyingPower: totals[scope]?.tradeableBuyingPower ?? 0,
        totals,
      };
      return json(result);
    },
    {
      name: "get_buying_power",
      description: toolInputs.get_buying_power.description!,
      schema: toolInputs.get_buying_power,
    },
  );

  const getQuote = tool(
    async (input, config) => {
      const { userId } = runContextOf(config);
      const account = quoteAccount(await portfolio.listAccounts(userId));
      if (!account) return problem("Quotes come through a trading account, and none is linked yet.");
      const session = await portfolio.tradingSession(userId, account.id);
      const info = await session.lookupSymbol(account.id, input.symbol);
      if (!info) return problem(`${input.symbol} is not a symbol I can find.`);
      const quote = await session.getQuote(account.id, info.symbol);
      const result: GetQuoteResult = {
        symbol: quote.symbol,
        description: info.description ?? "",
        price: quote.price,
        bid: quote.bid,
        ask: quote.ask,
        asOf: quote.asOf,
        source: quote.source,
      };
      return json(result);
    },
    { name: "get_quote", description: toolInputs.get_quote.description!, schema: toolInputs.get_quote },
  );

  const getOrders = tool(
    async (input, config) => {
      const { userId } = runContextOf(config);
      const [list, accounts] = await Promise.all([
        input.orderId
          ? orders.getOrder(userId, input.orderId).then((o) => (o ? [o] : []))
          : orders.listOrders(userId, { limit: input.limit ?? 10, symbol: input.symbol }),
        portfolio.listAccounts(userId),
      ]);
      if (input.orderId && list.length === 0) return problem("No order with that id.");
      const byId = new Map(accounts.map((a) => [a.id, a]));
      const result: GetOrdersResult = {
        orders: list.map((o) => ({
          id: o.id,
          symbol: o.symbol,
          side: o.side,
          quantity: o.quantity,
          notional: o.notional,
          orderType: o.orderType,
          limitPrice: o.limitPrice,
          stopPrice: o.stopPrice,
          status: o.status,
          filledQuantity: o.filledQuantity,
          filledAvgPrice: o.filledAvgPrice,
          institution: byId.get(o.accountId)?.institution ?? "",
          accountName: byId.get(o.accountId)?.name ?? "",
          createdAt: o.createdAt,
        })),
      };
      return json(result);
    },
    { name: "get_orders", description: toolInputs.get_orders.description!, schema: toolInputs.get_orders },
  );

  const getPortfolioMode = tool(
    async (_input, config) => {
      const { userId } = runContextOf(config);
      const [mode, accounts] = await Promise.all([
        portfolio.portfolioMode(userId),
        portfolio.listAccounts(userId),
      ]);
      const byId = new Map(accounts.map((a) => [a.id, a]));
      const result: GetPortfolioModeResult = {
        mode: mode.mode,
        hasAlpaca: mode.hasAlpaca,
        hasSnaptrade: mode.hasSnaptrade,
        hasPlaid: mode.hasPlaid,
        tradingAccounts: mode.tradingAccounts.map((id) => ({
          id,
          institution: byId.get(id)?.institution ?? "",
          name: byId.get(id)?.name ?? "",
        })),
      };
      return json(result);
    },
    {
      name: "get_portfolio_mode",
      description: toolInputs.get_portfolio_mode.description!,
      schema: toolInputs.get_portfolio_mode,
    },
  );

  const getTransactions = tool(
    async (input, config) => {
      const { userId } = runContextOf(config);
      const accounts = await portfolio.listAccounts(userId);
      const hint = resolveAccountHint(input.account, accounts);
      if (hint.kind === "problem") return problem(hint.message);
      const from = new Date(Date.now() - (input.days ?? 30) * 86_400_000);
      const list = await portfolio.listTransactions(userId, {
        ...(hint.kind === "one" ? { accountId: hint.account.id } : {}),
        from,
      });
      const byId = new Map(accounts.map((a) => [a.id, a]));
      const result: GetTransactionsResult = {
        transactions: list
          .filter((t) => !input.symbol || t.symbol === input.symbol)
          .slice(0, 25)
          .map((t) => ({
            at: t.at,
            institution: byId.get(t.accountId)?.institution ?? "",
            accountName: byId.get(t.accountId)?.name ?? "",
            type: t.type,
            symbol: t.symbol,
            quantity: t.quantity,
            price: t.price,
            amount: t.amount,
          })),
      };
      return json(result);
    },
    {
      name: "get_transactions",
      description: toolInputs.get_transactions.description!,
      schema: toolInputs.get_transactions,
    },
  );

  const getPerformance = tool(
    async (input, config) => {
      const { userId } = runContextOf(config);
      // The same computation as GET /api/portfolio/history, ending at the value now.
      const [history, accounts] = await Promise.all([
        portfolio.history(userId, input.period),
        portfolio.listAccounts(userId),
      ]);
      const byId = new Map(accounts.map((a) => [a.id, a]));
      const result: GetPerformanceResult = {
        period: input.period,
        scope: history.scope,
        startValue: history.startValue,
        endValue: history.endValue ?? 0,
        change: history.change,
        changePct: history.changePct,
        netFlows: history.netFlows,
        gain: history.gain,
        returnPct: history.returnPct,
        flows: history.flows.map((f) => {
          const account = byId.get(f.accountId);
          return {
            at: f.at,
            account: account ? `${account.institution} ${account.name}` : "an account no longer linked",
            kind: f.kind,
            amount: f.amount,
          };
        }),
        warnings: history.warnings.map((w) => w.message ?? ""),
      };
      return json(result);
    },
    {
      name: "get_performance",
      description: toolInputs.get_performance.description!,
      schema: toolInputs.get_performance,
    },
  );

  return [
    getAccounts,
    getHoldings,
    getBuyingPower,
    getQuote,
    getOrders,
    getPortfolioMode,
    getTransactions,
    getPerformance,
  ];
}
