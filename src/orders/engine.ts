import type { Config } from "../core/config.js";
import type { Database } from "../core/db/database.js";
import { ConflictError, GoneError, NotFoundError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { Keyring } from "../core/secrets/keyring.js";
import type { PortfolioService } from "../portfolio/service.js";
import { AuditLog } from "./audit/audit-log.js";
import type { ChainVerdict } from "./audit/chain.js";
import { Cancellations } from "./cancellations.js";
import { toPendingConfirmation } from "./card.js";
import { type DecisionContext, Decisions } from "./decisions.js";
import type { OrderIntent } from "./order-spec.js";
import type { PendingConfirmation } from "./pending-confirmation.js";
import { Preparer } from "./prepare.js";
import { Reconciler, type ReconcilerOptions } from "./reconciler.js";
import { isOrderSpec, type Order, type OrderRecord, type ProposalRecord } from "./records.js";
import { OrdersRepository, publicOrder } from "./repository.js";
import type { RiskLimits } from "./risk-limits.js";
import type { RouteOrder } from "./routing-port.js";
import { OrderSubmitter, type SubmissionHooks } from "./submitter.js";

export interface OrdersEngineOptions {
  config: Config;
  logger: Logger;
  db: Database;
  keyring: Keyring;
  portfolio: PortfolioService;
  route: RouteOrder;
  reconciler?: ReconcilerOptions;
  hooks?: SubmissionHooks;
  reconnectUrl?: (userId: string, connectionId: string) => Promise<string | null>;
}

/** Changes a user may make to a pending order (DESIGN.md section 4, `changes`). */
export interface OrderChanges {
  quantity?: number | undefined;
  notional?: number | undefined;
  limitPrice?: number | undefined;
  stopPrice?: number | undefined;
  orderType?: OrderIntent["orderType"];
  timeInForce?: OrderIntent["timeInForce"];
  /** An account id picked on the card. */
  accountId?: string | undefined;
  /** An account as the user said it in chat ("Schwab"); routing resolves it among their accounts. */
  account?: string | undefined;
}

/** A price given without a type implies one: a limit makes market → limit and stop → stop-limit. */
function impliedOrderType(current: NonNullable<OrderIntent["orderType"]>, changes: OrderChanges) {
  if (changes.orderType) return changes.orderType;
  let type = current;
  if (changes.limitPrice !== undefined)
    type = type === "stop" ? "stop_limit" : type === "market" ? "limit" : type;
  if (changes.stopPrice !== undefined)
    type = type === "limit" ? "stop_limit" : type === "market" ? "stop" : type;
  return type;
}

export interface DecisionResult {
  proposal: ProposalRecord;
  /** The order placed (approve) or cancelled (approve of a cancel); null for reject. */
  order: Order | null;
}

/**
 * The orders domain service: the agent's tools and the HTTP routes both call it; it knows
 * nothing of LangGraph. Proposals bind the exact order; approval claims once and sends once.
 */
export class OrdersEngine {
  readonly repo: OrdersRepository;
  readonly audit: AuditLog;
  readonly reconciler: Reconciler;
  private readonly preparer: Preparer;
  private readonly decisions: Decisions;
  private readonly cancellations: Cancellations;

  constructor(options: OrdersEngineOptions) {
    const { config, logger, db, keyring, portfolio } = options;
    this.repo = new OrdersRepository(db.pool);
    this.audit = new AuditLog(db.pool);
    const hashKey = keyring.derive("proposal-hash");
    const limits: RiskLimits = {
      ...config.risk,
      allowedOrderTypes: ["market", "limit", "stop", "stop_limit"],
    };
    const submitter = new OrderSubmitter({
      repo: this.repo,
      audit: this.audit,
      portfolio,
      logger,
      hooks: options.hooks,
    });
    this.preparer = new Preparer({
      config,
      logger,
      repo: this.repo,
      audit: this.audit,
      portfolio,
      route: options.route,
      hashKey,
      limits,
      reconnectUrl: options.reconnectUrl,
    });
    this.decisions = new Decisions({
      config,
      logger,
      repo: this.repo,
      audit: this.audit,
      submitter,
      hashKey,
      limits,
    });
    this.cancellations = new Cancellations({ repo: this.repo, audit: this.audit, portfolio, hashKey });
    this.reconciler = new Reconciler(
      { db, repo: this.repo, audit: this.audit, portfolio, submitter, logger },
      options.reconciler,
    );
  }

  prepare(ctx: { userId: string; threadId?: string | null }, intent: OrderIntent): Promise<ProposalRecord> {
    return this.preparer.prepare(ctx, intent);
  }

  prepareCancel(
    ctx: { userId: string; threadId?: string | null },
    orderId?: string,
  ): Promise<ProposalRecord> {
    return this.cancellations.prepare(ctx, orderId);
  }

  async approve(ctx: DecisionContext, proposalId: string, presentedHash?: string): Promise<DecisionResult> {
    const proposal = await this.repo.getProposal(ctx.userId, proposalId);
    if (proposal && !isOrderSpec(proposal.spec)) return this.approveCancel(ctx, proposal, presentedHash);
    const order = await this.decisions.approve(ctx, proposalId, presentedHash);
    return { proposal: (await this.repo.getProposal(ctx.userId, proposalId))!, order: publicOrder(order) };
  }

  private async approveCancel(ctx: DecisionContext, proposal: ProposalRecord, presentedHash?: string) {
    if (proposal.status === "awaiting" && new Date(proposal.expiresAt).getTime() <= Date.now()) {
      await this.repo.expireIfDue(ctx.userId, proposal.id);
      throw new GoneError("This confirmation has expired. Nothing was sent.");
    }
    const claimed = await this.repo.claimProposal(
      this.repo.pool,
      ctx.userId,
      proposal.id,
      presentedHash ?? proposal.hash,
    );
    const spec = proposal.spec as { orderId: string };
    if (!claimed) {
      if (proposal.status === "submitting" || proposal.status === "submitted") {
        const order = await this.repo.getOrder(ctx.userId, spec.orderId);
        return { proposal, order: order ? publicOrder(order) : null };
      }
      throw new ConflictError(
        `This confirmation is ${proposal.status}; nothing was sent.`,
        `proposal_${proposal.status}`,
      );
    }
    await this.audit.append({
      userId: ctx.userId,
      actor: "user",
      type: "decision_approve",
      threadId: proposal.threadId,
      proposalId: proposal.id,
      orderId: spec.orderId,
      data: { channel: ctx.channel ?? "api", cardText: proposal.cardText, hash: proposal.hash },
    });
    try {
      const order = await this.cancellations.cancel(ctx.userId, spec.orderId, {
        proposalId: proposal.id,
        threadId: proposal.threadId,
      });
      return { proposal, order: publicOrder(order) };
    } finally {
      await this.repo.transitionProposal(this.repo.pool, ctx.userId, proposal.id, "submitting", "submitted");
    }
  }

  async reject(ctx: DecisionContext, proposalId: string): Promise<DecisionResult> {
    return { proposal: await this.decisions.reject(ctx, proposalId), order: null };
  }

  /** Replaces a pending proposal with an edited one that needs its own approval. */
  async edit(ctx: DecisionContext, proposalId: string, changes: OrderChanges): Promise<ProposalRecord> {
    const old = await this.repo.getProposal(ctx.userId, proposalId);
    if (!old) throw new NotFoundError("Confirmation");
    if (!old.intent) throw new ConflictError("A cancellation cannot be edited.", "not_editable");
    if (old.status !== "awaiting")
      throw new ConflictError(
        `This confirmation is ${old.status}; it cannot be edited.`,
        `proposal_${old.status}`,
      );
    if (new Date(old.expiresAt).getTime() <= Date.now()) {
      await this.repo.expireIfDue(ctx.userId, proposalId);
      throw new GoneError("This confirmation has expired; ask again for a fresh quote.");
    }
    const sizeChanged = changes.quantity !== undefined || changes.notional !== undefined;
    const intent: OrderIntent = {
      ...old.intent,
      ...(sizeChanged
        ? { quantity: changes.quantity, notional: changes.notional, sellAll: undefined, fraction: undefined }
        : {}),
      orderType: impliedOrderType(old.intent.orderType ?? "market", changes),
      limitPrice: changes.limitPrice ?? old.intent.limitPrice,
      stopPrice: changes.stopPrice ?? old.intent.stopPrice,
      timeInForce: changes.timeInForce ?? old.intent.timeInForce,
      // Only a new account re-routes; otherwise routing decides as it did (or keeps the one picked before).
      account: changes.accountId ?? changes.account ?? old.intent.account,
    };
    if (intent.orderType === "market") {
      intent.limitPrice = undefined;
      intent.stopPrice = undefined;
    }
    const replacement = await this.preparer.prepare({ userId: ctx.userId, threadId: old.threadId }, intent);
    const replaced = await this.decisions.supersede(
      ctx,
      old,
      replacement.id,
      changes as Partial<OrderIntent>,
    );
    if (!replaced) {
      await this.repo.transitionProposal(
        this.repo.pool,
        ctx.userId,
        replacement.id,
        "awaiting",
        "superseded",
      );
      throw new ConflictError(
        "This confirmation was decided meanwhile; it cannot be edited.",
        "proposal_decided",
      );
    }
    return replacement;
  }

  getProposal(userId: string, proposalId: string): Promise<ProposalRecord | null> {
    return this.repo.getProposal(userId, proposalId);
  }

  pendingConfirmation(proposal: ProposalRecord): PendingConfirmation {
    return toPendingConfirmation(proposal);
  }

  async listOrders(userId: string, options: { limit?: number; symbol?: string } = {}): Promise<Order[]> {
    return (await this.repo.listOrders(userId, options)).map(publicOrder);
  }

  async getOrder(userId: string, orderId: string): Promise<Order | null> {
    const order = await this.repo.getOrder(userId, orderId);
    return order ? publicOrder(order) : null;
  }

  /** The user cancelling an order directly (REST), without a confirmation card. */
  async cancelOrder(userId: string, orderId: string): Promise<Order> {
    return publicOrder(await this.cancellations.cancel(userId, orderId, {}));
  }

  /** A broker told us an order changed (SnapTrade TRADE_UPDATE): re-read it from the broker now. */
  async onBrokerOrderUpdate(
    provider: "snaptrade" | "alpaca",
    brokerOrderId: string,
  ): Promise<OrderRecord | null> {
    const order = await this.repo.findByBrokerOrderId(provider, brokerOrderId);
    if (!order) return null;
    await this.reconciler.settle(order);
    return this.repo.getOrder(order.userId, order.id);
  }

  verifyAudit(userId: string): Promise<ChainVerdict> {
    return this.audit.verify(userId);
  }

  start(): void {
    this.reconciler.start();
  }

  stop(): Promise<void> {
    return this.reconciler.stop();
  }
}
