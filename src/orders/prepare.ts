import { randomUUID } from "node:crypto";
import { Decimal } from "decimal.js";
import {
  AuthFailed,
  BrokerUnavailable,
  ConnectionBroken,
  OrderRejected,
  RateLimited,
} from "../brokers/errors.js";
import type { OrderPreview, Quote } from "../brokers/model.js";
import type { SymbolInfo, TradingSession } from "../brokers/session.js";
import type { Config } from "../core/config.js";
import { accountLabel, formatMoney } from "../core/format.js";
import type { Logger } from "../core/logger.js";
import type { Account, PortfolioService, PortfolioSnapshot } from "../portfolio/service.js";
import type { AuditLog } from "./audit/audit-log.js";
import {
  type Estimate,
  type OrderRequest,
  type OrderSpec,
  orderSpecSchema,
  requestedSize,
} from "./contract/index.js";
import { cardWaitingReason, NeedsClarification, OrderRefused } from "./errors.js";
import { storeProposal } from "./proposal-store.js";
import type { ProposalRecord } from "./records.js";
import type { OrdersRepository } from "./repository.js";
import { checkRequest } from "./request-check.js";
import { checkRiskLimits, type RiskLimits, riskNotional } from "./risk-limits.js";
import { routeTrade } from "./routing/route-trade.js";
import { beyondHoldingAtPrice, type SizedOrder, sizeOrder } from "./routing/size-order.js";

export interface PrepareDeps {
  config: Config;
  logger: Logger;
  repo: OrdersRepository;
  audit: AuditLog;
  portfolio: PortfolioService;
  hashKey: Buffer;
  limits: RiskLimits;
  /** Orders above this share of the portfolio get a warning. */
  concentrationWarningShare?: number;
  /** A connection-portal URL that repairs the account's broken connection, when there is one. */
  reconnectUrl?: (userId: string, connectionId: string) => Promise<string | null>;
}

export interface PrepareOptions {
  /** Refuse while a card of the same thread waits for the user's decision (one card at a time). */
  refuseWhileCardWaits?: boolean;
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
    request: OrderRequest,
    options: PrepareOptions = {},
  ): Promise<ProposalRecord> {
    const { config, portfolio, repo } = this.deps;
    // A thread's waiting card refuses before anything else; today's usage comes with it.
    const waitingCheck =
      options.refuseWhileCardWaits && ctx.threadId
        ? repo.waitingCardsAndUsage(ctx.userId, ctx.threadId)
        : null;
    // The portfolio is read meanwhile (a read, dropped when a card waits); not while trading is
    // switched off, when no broker may be asked.
    const reading = config.features.tradingEnabled ? portfolio.getSnapshot(ctx.userId) : null;
    reading?.catch(() => {});
    const readSnapshot = () => reading ?? portfolio.getSnapshot(ctx.userId);
    const ahead = await waitingCheck;
    const now = Date.now();
    if (ahead?.waiting.some((card) => new Date(card.expiresAt).getTime() > now)) {
      throw new OrderRefused(cardWaitingReason);
    }
    const size = await this.checkedSize(ctx.userId, request, readSnapshot);
    if (!config.features.tradingEnabled) {
      throw new OrderRefused(
        "Order submission is switched off by the operator right now, so I can't prepare orders.",
      );
    }
    // In this order: the snapshot's read carries the default account setting too.
    const snapshot = await readSnapshot();
    const defaultAccount = await portfolio.defaultAccountChoice(ctx.userId);
    const route = routeTrade(
      { side: request.side, symbol: request.symbol, size, account: request.account },
      snapshot.accounts,
      snapshot.positions,
      { defaultAccount },
    );
    if (route.kind === "refused") throw new OrderRefused(route.reason);
    if (route.kind === "clarify") throw new NeedsClarification(route.question);
    const account = route.account;
    if (account.provider === "snaptrade" && !config.features.snaptradeTradeExecution) {
      throw new OrderRefused(
        `Trading through ${account.institution} (via SnapTrade) is switched off right now; your holdings there can still be viewed.`,
      );
    }
    const session = await portfolio.tradingSession(ctx.userId, account.id);
    let info: SymbolInfo;
    let quote: Quote;
    let sized: SizedOrder;
    let spec: OrderSpec;
    let preview: OrderPreview | null;
    try {
      info = await this.symbolInfo(session, account, request.symbol);
      const sizing = {
        side: request.side,
        size,
        symbol: info.symbol,
        accountLabel: accountLabel(account),
        held: route.held,
        fractionable: info.fractionable,
      };
      const result = sizeOrder(sizing);
      if (result.kind === "refused") throw new OrderRefused(result.reason);
      sized = result.order;
      spec = this.spec(request, info, sized);
      // The order sent does not depend on the price: the broker previews it while it quotes.
      const previewing = this.preview(session, account, spec);
      // Awaited below; when the quote fails first, its outcome is no longer wanted.
      previewing.catch(() => {});
      quote = await this.quote(session, account, info.symbol);
      const beyond = beyondHoldingAtPrice(sizing, quote.price);
      if (beyond) throw new OrderRefused(beyond);
      preview = await previewing;
    } catch (error) {
      if (error instanceof ConnectionBroken) {
        const url = error.connectionId
          ? // Stryker disable next-line ArrowFunction: null and undefined both mean "no link" (url ?? undefined)
            await this.deps.reconnectUrl?.(ctx.userId, error.connectionId).catch(() => null)
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
    const usage = ahead?.usage ?? (await repo.dailyUsage(repo.pool, ctx.userId));
    const breach = checkRiskLimits(this.deps.limits, riskInput, usage);
    if (breach) throw new OrderRefused(breach);

    const warnings = [
      ...(route.defaultNote ? [route.defaultNote] : []),
      ...sized.warnings,
      ...(await this.warnings(
        await this.clockSession(ctx.userId, snapshot, session),
        snapshot,
        account,
        spec,
        estimate,
        riskNotional(riskInput),
        preview?.buyingPowerNeeded ?? null,
      )),
    ];
    const alternatives = route.alternatives.map((alt) => ({
      accountId: alt.account.id,
      institution: alt.account.institution,
      name: alt.account.name,
      holds: alt.holds,
      buyingPower: alt.account.buyingPower,
      canTrade: alt.canTrade,
      whyNot: alt.whyNot,
    }));
    return storeProposal(this.deps, {
      userId: ctx.userId,
      threadId: ctx.threadId ?? null,
      kind: "order",
      account: accountCard(account),
      spec,
      request,
      estimate,
      routing: { reason: route.reason, rule: route.rule, alternatives },
      basis: sized.basis,
      warnings,
      brokerPreview: preview,
    });
  }

  /**
   * The request's size. When none was given, an order no account could take (a symbol held only
   * in read-only accounts) is refused at once, naming them, before the user is asked how much.
   */
  private async checkedSize(
    userId: string,
    request: OrderRequest,
    readSnapshot: () => Promise<PortfolioSnapshot>,
  ) {
    try {
      return checkRequest(request);
    } catch (error) {
      if (!(error instanceof NeedsClarification) || !("missing" in requestedSize(request))) {
        throw error;
      }
      const snapshot = await readSnapshot();
      const defaultAccount = await this.deps.portfolio.defaultAccountChoice(userId);
      const probe = routeTrade(
        { side: request.side, symbol: request.symbol, size: { kind: "all" }, account: request.account },
        snapshot.accounts,
        snapshot.positions,
        // Stryker disable next-line ObjectLiteral: the default only picks among accounts that can trade; whether routing refuses never depends on it (kept so the probe asks routing exactly as prepare does)
        { defaultAccount },
      );
      if (probe.kind === "refused") throw new OrderRefused(probe.reason);
      throw error;
    }
  }

  /** The exact order, or a plain refusal when the broker's rules cannot take it as asked. */
  private spec(request: OrderRequest, info: SymbolInfo, sized: SizedOrder): OrderSpec {
    const parsed = orderSpecSchema.safeParse({
      symbol: info.symbol,
      description: info.description,
      side: request.side,
      quantity: sized.quantity,
      notional: sized.notional,
      orderType: request.orderType ?? "market",
      limitPrice: request.limitPrice ?? null,
      stopPrice: request.stopPrice ?? null,
      timeInForce: request.timeInForce ?? "day",
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // Stryker disable next-line StringLiteral: the spec's fields are flat (a path is one key) and sizing sets exactly one size, so a failure here always names its one field
      const field = issue?.path.join(".") || "order";
      // Stryker disable next-line StringLiteral: zod reports at least one issue, with its message, whenever parsing fails
      const why = issue?.message ?? "invalid";
      throw new OrderRefused(`This order cannot be sent as asked (${field}: ${why}).`);
    }
    return parsed.data;
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

  private async preview(
    session: TradingSession,
    account: Account,
    spec: OrderSpec,
  ): Promise<OrderPreview | null> {
    try {
      return await session.previewOrder({ accountId: account.id, ...spec, clientOrderId: randomUUID() });
    } catch (error) {
      if (error instanceof OrderRejected)
        throw new OrderRefused(`${account.institution} would not accept this order: ${error.reason}`);
      if (error instanceof ConnectionBroken || error instanceof AuthFailed)
        throw this.brokerTrouble(error, account);
      if (error instanceof BrokerUnavailable || error instanceof RateLimited) {
        // No broker preview: the card shows our own estimate, labelled as such.
        this.deps.logger.info(
          { accountId: account.id, symbol: spec.symbol },
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
    const amount = spec.notional ?? new Decimal(spec.quantity!).times(price).toDecimalPlaces(2).toNumber();
    const before = account.buyingPower;
    const after =
      before === null
        ? null
        : (spec.side === "buy"
            ? new Decimal(before).minus(amount)
            : new Decimal(before).plus(amount)
          ).toNumber();
    return {
      price,
      priceSource: spec.limitPrice !== null ? "your limit price" : quote.source,
      asOf: quote.asOf,
      amount,
      amountSource: "estimate",
      fees: null,
      buyingPowerBefore: before,
      buyingPowerAfter: after,
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
    estimate: Estimate,
    size: number | null,
    buyingPowerNeeded: number | null,
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
    // Paper money is never added to live money: the share is of the same kind of portfolio.
    const total = snapshot.accounts
      .filter((a) => a.isPaper === account.isPaper)
      .reduce((sum, a) => sum.plus(a.totalValue ?? 0), new Decimal(0))
      .toNumber();
    const share = this.deps.concentrationWarningShare ?? 0.25;
    if (size !== null && total > 0 && size > share * total) {
      warnings.push(
        `This order is about ${Math.round((size / total) * 100)}% of your ${account.isPaper ? "paper" : "live"} portfolio's value.`,
      );
    }
    for (const w of snapshot.warnings) {
      if (w.accountId === account.id || (!w.accountId && w.provider === account.provider)) {
        warnings.push(`Holdings may be out of date: ${w.message}`);
      }
    }
    if (account.isPaper) warnings.push("This is a paper (simulated) account: no real money moves.");
    if (spec.side === "buy" && estimate.amount !== null) {
      if (estimate.buyingPowerBefore === null) {
        warnings.push(
          `${accountLabel(account)} did not report its buying power, so this order was not checked against it.`,
        );
      } else if (estimate.amount > estimate.buyingPowerBefore) {
        warnings.push(
          `The estimated cost ${formatMoney(estimate.amount)} is more than this account's buying power (${formatMoney(estimate.buyingPowerBefore)}); the broker will likely reject it.`,
        );
      } else if (buyingPowerNeeded !== null && buyingPowerNeeded > estimate.buyingPowerBefore) {
        warnings.push(
          `${account.institution} checks a market buy at up to ${formatMoney(buyingPowerNeeded)} (above the market price, to cover price moves), more than this account's buying power (${formatMoney(estimate.buyingPowerBefore)}); it may refuse the order. A smaller order or a limit order fits.`,
        );
      }
    }
    return warnings;
  }
}
