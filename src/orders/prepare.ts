import { randomUUID } from "node:crypto";
import {
  AuthFailed,
  BrokerUnavailable,
  ConnectionBroken,
  OrderRejected,
  RateLimited,
} from "../brokers/errors.js";
import type { OrderPreview, OrderRequest, Quote } from "../brokers/model.js";
import type { SymbolInfo, TradingSession } from "../brokers/session.js";
import type { Config } from "../core/config.js";
import type { Logger } from "../core/logger.js";
import type { Account, PortfolioService, PortfolioSnapshot } from "../portfolio/service.js";
import type { AuditLog } from "./audit/audit-log.js";
import { NeedsClarification, OrderRefused } from "./errors.js";
import type { OrderIntent, OrderSpec } from "./order-spec.js";
import { storeProposal } from "./proposal-store.js";
import type { Estimate, ProposalRecord } from "./records.js";
import type { OrdersRepository } from "./repository.js";
import { checkRiskLimits, type RiskLimits, riskNotional } from "./risk-limits.js";
import type { RouteDecision, RouteOrder } from "./routing-port.js";

export interface PrepareDeps {
  config: Config;
  logger: Logger;
  repo: OrdersRepository;
  audit: AuditLog;
  portfolio: PortfolioService;
  route: RouteOrder;
  hashKey: Buffer;
  limits: RiskLimits;
  /** Orders above this share of the portfolio get a warning. */
  concentrationWarningShare?: number;
  /** A connection-portal URL that repairs the account's broken connection, when there is one. */
  reconnectUrl?: (userId: string, connectionId: string) => Promise<string | null>;
}

const usd = (n: number) =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const roundDown = (n: number, decimals: number) => Math.floor(n * 10 ** decimals + 1e-9) / 10 ** decimals;

/** Checks the intent's own consistency before any broker is asked anything. */
function checkIntent(intent: OrderIntent): void {
  const sizes = [intent.quantity, intent.notional, intent.sellAll ? true : undefined, intent.fraction].filter(
    (v) => v !== undefined,
  );
  if (sizes.length === 0) {
    throw new NeedsClarification(
      `How much ${intent.symbol} do you want to ${intent.side}? Say a number of shares or a dollar amount.`,
    );
  }
  if (sizes.length > 1)
    throw new OrderRefused("Give either shares, a dollar amount, all, or a fraction — not several.");
  if (intent.side === "buy" && (intent.sellAll || intent.fraction !== undefined)) {
    throw new OrderRefused("A buy needs a number of shares or a dollar amount.");
  }
  const type = intent.orderType ?? "market";
  if ((type === "limit" || type === "stop_limit") && intent.limitPrice === undefined) {
    throw new NeedsClarification("What limit price do you want?");
  }
  if ((type === "stop" || type === "stop_limit") && intent.stopPrice === undefined) {
    throw new NeedsClarification("At what price should the stop trigger?");
  }
  if (type === "market" && (intent.limitPrice !== undefined || intent.stopPrice !== undefined)) {
    throw new OrderRefused("A market order takes no limit or stop price.");
  }
  if (intent.notional !== undefined && type !== "market") {
    throw new OrderRefused(
      "Dollar-amount orders can only be market orders; give a number of shares for a limit or stop.",
    );
  }
}

function accountCard(account: Account) {
  return {
    id: account.id,
    provider: account.provider,
    institution: account.institution,
    name: account.name,
    numberMasked: account.numberMasked,
    isPaper: account.isPaper,
  };
}

/** Turns an intent into a stored, hash-bound proposal: route, resolve, quote, preview, limits, warnings. */
export class Preparer {
  constructor(private readonly deps: PrepareDeps) {}

  async prepare(
    ctx: { userId: string; threadId?: string | null },
    intent: OrderIntent,
  ): Promise<ProposalRecord> {
    const { config, portfolio, repo } = this.deps;
    checkIntent(intent);
    if (!config.features.tradingEnabled) {
      throw new OrderRefused(
        "Order submission is switched off by the operator right now, so I can't prepare orders.",
      );
    }
    const snapshot = await portfolio.getSnapshot(ctx.userId);
    const decision = this.route(snapshot, intent, null);
    const account = snapshot.accounts.find((a) => a.id === decision.accountId)!;
    if (account.provider === "snaptrade" && !config.features.snaptradeTradeExecution) {
      throw new OrderRefused(
        `Trading through ${account.institution} (via SnapTrade) is switched off right now; your holdings there can still be viewed.`,
      );
    }
    const session = await portfolio.tradingSession(ctx.userId, account.id);
    let info: SymbolInfo;
    let quote: Quote;
    let spec: OrderSpec;
    let preview: OrderPreview | null;
    try {
      info = await this.symbolInfo(session, account, intent.symbol);
      quote = await this.quote(session, account, info.symbol);
      spec = this.resolveSpec(intent, info, quote, decision);
      preview = await this.preview(session, account, spec, quote);
    } catch (error) {
      if (error instanceof ConnectionBroken) {
        const url = error.connectionId
          ? await this.deps.reconnectUrl?.(ctx.userId, error.connectionId).catch(() => null)
          : null;
        throw new OrderRefused(
          `Your ${account.institution} connection needs to be reconnected before you can trade there.`,
          url ?? undefined,
        );
      }
      throw error;
    }
    const estimate = this.estimate(account, spec, quote, preview);

    const riskInput = {
      orderType: spec.orderType,
      quantity: spec.quantity,
      notional: spec.notional,
      quotePrice: quote.price,
      limitPrice: spec.limitPrice,
      stopPrice: spec.stopPrice,
    };
    const breach = checkRiskLimits(this.deps.limits, riskInput, await repo.dailyUsage(repo.pool, ctx.userId));
    if (breach) throw new OrderRefused(breach);

    const warnings = [
      ...decision.warnings,
      ...(await this.warnings(
        await this.clockSession(ctx.userId, snapshot, session),
        snapshot,
        account,
        spec,
        info,
        estimate,
        riskNotional(riskInput),
        decision.fitsBuyingPower,
      )),
    ];
    const alternatives = decision.alternatives.map((alt) => {
      const other = snapshot.accounts.find((a) => a.id === alt.accountId);
      return {
        ...alt,
        institution: other?.institution ?? "",
        name: other?.name ?? "",
      };
    });
    return storeProposal(this.deps, {
      userId: ctx.userId,
      threadId: ctx.threadId ?? null,
      kind: "order",
      account: accountCard(account),
      spec,
      intent,
      estimate,
      routing: { reason: decision.reason, alternatives },
      warnings,
      brokerPreview: preview,
    });
  }

  private route(snapshot: PortfolioSnapshot, intent: OrderIntent, estimatedAmount: number | null) {
    const decision: RouteDecision = this.deps.route(snapshot, {
      side: intent.side,
      symbol: intent.symbol,
      quantity: intent.quantity ?? null,
      notional: intent.notional ?? null,
      sellAll: intent.sellAll ?? false,
      fraction: intent.fraction ?? null,
      accountHint: intent.account ?? null,
      estimatedAmount,
    });
    if (decision.kind === "refused") throw new OrderRefused(decision.reason);
    if (decision.kind === "clarify") throw new NeedsClarification(decision.question);
    return decision;
  }

  private async symbolInfo(session: TradingSession, account: Account, symbol: string): Promise<SymbolInfo> {
    let info: SymbolInfo | null;
    try {
      info = await session.lookupSymbol(account.id, symbol);
    } catch (error) {
      throw this.brokerTrouble(error, account);
    }

    if (!info) throw new OrderRefused(`${symbol} is not a symbol ${account.institution} knows.`);
    if (!info.tradable) throw new OrderRefused(`${symbol} cannot be traded at ${account.institution}.`);
    return info;
  }

  private async quote(session: TradingSession, account: Account, symbol: string): Promise<Quote> {
    try {
      return await session.getQuote(account.id, symbol);
    } catch (error) {
      throw this.brokerTrouble(error, account);
    }
  }

  private brokerTrouble(error: unknown, account: Account): Error {
    // ConnectionBroken passes through: prepare() answers it with a reconnect link.
    if (error instanceof ConnectionBroken) return error;
    if (error instanceof AuthFailed) {
      return new OrderRefused(
        `${account.institution} no longer accepts our credentials for this account; please re-link it.`,
      );
    }
    if (error instanceof RateLimited) {
      return new OrderRefused(
        `${account.institution} is busy right now; try again in ${Math.ceil(error.retryAfter)} seconds.`,
      );
    }
    if (error instanceof BrokerUnavailable) {
      return new OrderRefused(
        `${account.institution} is not answering right now, so I can't price the order. Try again shortly.`,
      );
    }
    return error instanceof Error ? error : new Error(String(error));
  }

  private resolveSpec(
    intent: OrderIntent,
    info: SymbolInfo,
    quote: Quote,
    decision: RouteDecision & { kind: "routed" },
  ): OrderSpec {
    let quantity = intent.quantity ?? null;
    const notional = intent.notional ?? null;
    if (intent.side === "sell" && (intent.sellAll || intent.fraction !== undefined)) {
      const share = intent.sellAll ? 1 : intent.fraction!;
      quantity = info.fractionable
        ? roundDown(decision.heldQuantity * share, 6)
        : Math.floor(decision.heldQuantity * share);
      if (quantity <= 0) {
        throw new OrderRefused(
          `That comes to less than one share of ${info.symbol}, and this account cannot sell fractional shares of it.`,
        );
      }
    }
    if (intent.side === "sell" && quantity !== null && quantity > decision.heldQuantity + 1e-9) {
      throw new OrderRefused(`That account holds only ${decision.heldQuantity} shares of ${info.symbol}.`);
    }
    if (
      intent.side === "sell" &&
      notional !== null &&
      notional > decision.heldQuantity * quote.price + 0.005
    ) {
      throw new OrderRefused(
        `That account holds about ${usd(decision.heldQuantity * quote.price)} of ${info.symbol}, less than ${usd(notional)}.`,
      );
    }
    return {
      symbol: info.symbol,
      description: info.description,
      side: intent.side,
      quantity,
      notional: quantity === null ? notional : null,
      orderType: intent.orderType ?? "market",
      limitPrice: intent.limitPrice ?? null,
      stopPrice: intent.stopPrice ?? null,
      timeInForce: intent.timeInForce ?? "day",
    };
  }

  private async preview(
    session: TradingSession,
    account: Account,
    spec: OrderSpec,
    quote: Quote,
  ): Promise<OrderPreview | null> {
    const request: OrderRequest = { accountId: account.id, ...spec, clientOrderId: randomUUID() };
    try {
      return await session.previewOrder(request);
    } catch (error) {
      if (error instanceof OrderRejected)
        throw new OrderRefused(`${account.institution} would not accept this order: ${error.reason}`);
      if (error instanceof ConnectionBroken || error instanceof AuthFailed)
        throw this.brokerTrouble(error, account);
      if (error instanceof BrokerUnavailable || error instanceof RateLimited) {
        // No broker preview: the card shows our own estimate, labelled as such.
        this.deps.logger.info(
          { accountId: account.id, symbol: quote.symbol },
          "order preview unavailable; using an estimate",
        );
        return null;
      }
      throw error;
    }
  }

  private estimate(account: Account, spec: OrderSpec, quote: Quote, preview: OrderPreview | null): Estimate {
    if (preview) {
      return {
        price: preview.price ?? quote.price,
        priceSource: preview.price !== null ? preview.priceSource : quote.source,
        asOf: preview.asOf,
        amount: preview.amount,
        amountSource: preview.amountSource,
        fees: preview.fees,
        buyingPowerBefore: preview.buyingPowerBefore ?? account.buyingPower,
        buyingPowerAfter: preview.buyingPowerAfter,
        currency: preview.currency,
      };
    }
    const price = spec.limitPrice ?? quote.price;
    const amount = spec.notional ?? (spec.quantity ?? 0) * price;
    const before = account.buyingPower;
    return {
      price,
      priceSource: spec.limitPrice !== null ? "your limit price" : quote.source,
      asOf: quote.asOf,
      amount,
      amountSource: "estimate",
      fees: null,
      buyingPowerBefore: before,
      buyingPowerAfter: before === null ? null : spec.side === "buy" ? before - amount : before + amount,
      currency: account.currency,
    };
  }

  /**
   * Alpaca publishes the market clock (holidays and early closes included); SnapTrade has none,
   * so a SnapTrade order asks the user's Alpaca session when there is one.
   */
  private async clockSession(userId: string, snapshot: PortfolioSnapshot, session: TradingSession) {
    if (session.provider === "alpaca") return session;
    const alpaca = snapshot.accounts.find((a) => a.provider === "alpaca" && a.connectionStatus === "active");
    if (!alpaca) return session;
    return this.deps.portfolio.tradingSession(userId, alpaca.id).catch(() => session);
  }

  private async warnings(
    session: TradingSession,
    snapshot: PortfolioSnapshot,
    account: Account,
    spec: OrderSpec,
    info: SymbolInfo,
    estimate: Estimate,
    size: number | null,
    fitsBuyingPower: boolean | null,
  ): Promise<string[]> {
    const warnings: string[] = [];
    try {
      const clock = await session.marketClock();
      if (!clock.isOpen) {
        warnings.push(
          `The market is closed; the order will wait for the next session${clock.nextOpen ? ` (opens ${clock.nextOpen})` : ""}.`,
        );
      }
    } catch {
      warnings.push("Could not check whether the market is open.");
    }
    if (spec.quantity !== null && !Number.isInteger(spec.quantity) && !info.fractionable) {
      warnings.push(`${account.institution} may not accept fractional shares of ${spec.symbol}.`);
    }
    const total = snapshot.accounts.reduce((sum, a) => sum + (a.totalValue ?? 0), 0);
    const share = this.deps.concentrationWarningShare ?? 0.25;
    if (size !== null && total > 0 && size > share * total) {
      warnings.push(`This order is about ${Math.round((size / total) * 100)}% of your portfolio's value.`);
    }
    for (const w of snapshot.warnings) {
      if (w.accountId === account.id || (!w.accountId && w.provider === account.provider)) {
        warnings.push(`Holdings may be out of date: ${w.message}`);
      }
    }
    if (account.isPaper) warnings.push("This is a paper (simulated) account: no real money moves.");
    if (
      spec.side === "buy" &&
      fitsBuyingPower !== false &&
      estimate.amount !== null &&
      estimate.buyingPowerBefore !== null &&
      estimate.amount > estimate.buyingPowerBefore
    ) {
      warnings.push(
        `The estimated cost ${usd(estimate.amount)} is more than this account's buying power (${usd(estimate.buyingPowerBefore)}); the broker will likely reject it.`,
      );
    }
    return warnings;
  }
}
