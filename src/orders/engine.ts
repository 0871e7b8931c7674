import type { Config } from "../core/config.js";
import type { Database } from "../core/db/database.js";
import { NotFoundError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { Keyring } from "../core/secrets/keyring.js";
import type { PortfolioService } from "../portfolio/service.js";
import { type AuditEntry, AuditLog } from "./audit/audit-log.js";
import type { ChainVerdict } from "./audit/chain.js";
import { Cancellations } from "./cancellations.js";
import { toPendingConfirmation } from "./card.js";
import {
  type Decision,
  type DecisionOutcome,
  type Order,
  type OrderRequest,
  orderTypes,
  type PendingConfirmation,
} from "./contract/index.js";
import { type DecisionContext, Decisions } from "./decisions.js";
import { DefaultAccountSettings } from "./default-account.js";
import { approvalOutcome } from "./outcome.js";
import { type PrepareOptions, Preparer } from "./prepare.js";
import { Reconciler, type ReconcilerOptions } from "./reconciler.js";
import type { OrderRecord, ProposalRecord, ProposalStatus } from "./records.js";
import { OrdersRepository } from "./repository.js";
import type { RiskLimits } from "./risk-limits.js";
import { publicOrder } from "./rows.js";
import { OrderSubmitter, type SubmissionHooks } from "./submitter.js";

export interface OrdersEngineOptions {
  config: Config;
  logger: Logger;
  db: Database;
  keyring: Keyring;
  portfolio: PortfolioService;
  reconciler?: ReconcilerOptions;
  hooks?: SubmissionHooks;
  reconnectUrl?: (userId: string, connectionId: string) => Promise<string | null>;
}

/** When a market order the broker has not filled yet is looked at again, before any poll. */
const workingMarketOrderLookMs = 2_000;

/** What a decision did, for the agent to tell and the client to show. */
export type DecisionAnswer =
  | { decision: "approve"; outcome: DecisionOutcome; order: Order }
  | { decision: "reject"; outcome: DecisionOutcome; order: null }
  /** An edit: the new card that replaced the old one and needs its own approval. */
  | { decision: "edit"; confirmation: PendingConfirmation; order: null };

/**
 * The orders domain service: the agent's tools, the graph, the chat service, the HTTP routes
 * and the MCP server all call it; it knows nothing of LangGraph or HTTP. Proposals bind the exact
 * order; one decision path claims once and sends once. A card or its order is read once per
 * request (`recentProposal`), however many layers (route, chat, graph nodes) look at it.
 */
export class OrdersEngine {
  readonly reconciler: Reconciler;
  /** The user's default trading account: the setting routing uses for a buy no account holds. */
  readonly defaultAccount: DefaultAccountSettings;
  private readonly repo: OrdersRepository;
  private readonly audit: AuditLog;
  private readonly preparer: Preparer;
  private readonly decisions: Decisions;
  private readonly cancellations: Cancellations;
  private readonly logger: Logger;

  constructor(options: OrdersEngineOptions) {
    const { config, logger, db, keyring, portfolio } = options;
    this.logger = logger;
    this.repo = new OrdersRepository(db.pool);
    this.defaultAccount = new DefaultAccountSettings(portfolio);
    this.audit = new AuditLog(db.pool);
    const hashKey = keyring.derive("proposal-hash");
    const limits: RiskLimits = { ...config.risk, allowedOrderTypes: orderTypes };
    const submitter = new OrderSubmitter({
      repo: this.repo,
      audit: this.audit,
      portfolio,
      logger,
      hooks: options.hooks,
      onWorkingMarketOrder: (order) => this.lookAgainSoon(order),
    });
    this.preparer = new Preparer({
      config,
      logger,
      repo: this.repo,
      audit: this.audit,
      portfolio,
      hashKey,
      limits,
      reconnectUrl: options.reconnectUrl,
    });
    this.cancellations = new Cancellations({ repo: this.repo, audit: this.audit, portfolio, hashKey });
    this.decisions = new Decisions({
      config,
      repo: this.repo,
      audit: this.audit,
      submitter,
      cancellations: this.cancellations,
      hashKey,
      limits,
      prepare: (ctx, request) => this.preparer.prepare(ctx, request),
    });
    this.reconciler = new Reconciler(
      { db, repo: this.repo, audit: this.audit, portfolio, submitter, logger },
      options.reconciler,
    );
  }

  /** Routes, sizes, quotes, previews and stores an order card; nothing is sent. */
  async prepare(
    ctx: { userId: string; threadId?: string | null },
    request: OrderRequest,
    options: PrepareOptions = {},
  ): Promise<PendingConfirmation> {
    return this.render(await this.preparer.prepare(ctx, request, options));
  }

  /** Stores a card to cancel an open order (the most recent one when none is named). */
  async prepareCancel(
    ctx: { userId: string; threadId?: string | null },
    orderId?: string,
  ): Promise<PendingConfirmation> {
    return this.render(await this.cancellations.prepare(ctx, orderId));
  }

  /** The one way any card is decided, from any channel. */
  async decide(ctx: DecisionContext, proposalId: string, decision: Decision): Promise<DecisionAnswer> {
    const result = await this.decisions.decide(ctx, proposalId, decision);
    if (decision.decision === "edit") {
      return { decision: "edit", confirmation: await this.render(result.replacement!), order: null };
    }
    if (decision.decision === "reject") {
      return { decision: "reject", outcome: { outcome: "rejected_by_user" }, order: null };
    }
    // An approval answers with the order it placed or cancelled, or throws: never without one.
    const order = publicOrder(result.order!);
    return { decision: "approve", outcome: approvalOutcome(result.proposal, order), order };
  }

  /** Renders a card from its row; a cancel card shows the order it cancels as it stands now. */
  private async render(proposal: ProposalRecord): Promise<PendingConfirmation> {
    if (proposal.kind === "order") return toPendingConfirmation(proposal);
    const target = await this.repo.getOrder(proposal.userId, proposal.spec.orderId);
    if (!target) throw new NotFoundError("Order");
    return toPendingConfirmation(proposal, target);
  }

  /** A card by id, whatever its state (null when it is not this user's). */
  async confirmation(userId: string, proposalId: string): Promise<PendingConfirmation | null> {
    const proposal = await this.repo.recentProposal(userId, proposalId);
    return proposal ? this.render(proposal) : null;
  }

  /** The card if it can still be decided (awaiting and unexpired, read from its row), else null. */
  async awaitingConfirmation(userId: string, proposalId: string): Promise<PendingConfirmation | null> {
    const proposal = await this.awaitingRow(userId, proposalId);
    return proposal ? this.render(proposal) : null;
  }

  /** Whether a card can still be decided. */
  async isAwaiting(userId: string, proposalId: string): Promise<boolean> {
    return (await this.awaitingRow(userId, proposalId)) !== null;
  }

  private async awaitingRow(userId: string, proposalId: string): Promise<ProposalRecord | null> {
    const proposal = await this.repo.recentProposal(userId, proposalId);
    return proposal?.status === "awaiting" && new Date(proposal.expiresAt).getTime() > Date.now()
      ? proposal
      : null;
  }

  /** The card waiting in a thread, read from the proposal rows (the newest awaiting, unexpired one). */
  async pendingConfirmation(userId: string, threadId: string): Promise<PendingConfirmation | null> {
    const now = Date.now();
    const awaiting = (await this.repo.pendingForThread(userId, threadId)).find(
      (p) => new Date(p.expiresAt).getTime() > now,
    );
    return awaiting ? this.render(awaiting) : null;
  }

  /** Whether a card was made in this thread (a card of another thread answers 404 there). */
  async belongsToThread(userId: string, proposalId: string, threadId: string): Promise<boolean> {
    return (await this.repo.recentProposal(userId, proposalId))?.threadId === threadId;
  }

  /** The order an approved card acted on: the order it placed, or the order it cancelled. */
  async orderForConfirmation(userId: string, proposalId: string): Promise<Order | null> {
    const proposal = await this.repo.recentProposal(userId, proposalId);
    if (!proposal || (proposal.status !== "submitting" && proposal.status !== "submitted")) return null;
    const order =
      proposal.kind === "order"
        ? await this.repo.recentOrderOfProposal(userId, proposalId)
        : await this.repo.getOrder(userId, proposal.spec.orderId);
    return order ? publicOrder(order) : null;
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
  async onBrokerOrderUpdate(provider: "snaptrade" | "alpaca", brokerOrderId: string): Promise<Order | null> {
    const order = await this.repo.findByBrokerOrderId(provider, brokerOrderId);
    if (!order) return null;
    // Read again only when settling changed the record (an update about a final order changes nothing).
    if (!(await this.reconciler.settle(order))) return publicOrder(order);
    const settled = await this.repo.getOrder(order.userId, order.id);
    return settled ? publicOrder(settled) : null;
  }

  /** Re-reads a working market order shortly (it usually fills within moments of its answer). */
  private lookAgainSoon(order: OrderRecord): void {
    const { brokerOrderId, provider } = order;
    if (!brokerOrderId || provider === "plaid") return;
    setTimeout(() => {
      this.onBrokerOrderUpdate(provider, brokerOrderId).catch((error: unknown) =>
        this.logger.debug(
          { err: error, orderId: order.id },
          "early look at a working order failed; polling will",
        ),
      );
    }, workingMarketOrderLookMs).unref();
  }

  /** Where a card stands: awaiting, submitted, rejected, superseded, expired (null: not this user's). */
  async proposalStatus(userId: string, proposalId: string): Promise<ProposalStatus | null> {
    return (await this.repo.recentProposal(userId, proposalId))?.status ?? null;
  }

  /** The user's audit trail, oldest first, optionally of one card or one order. */
  auditTrail(userId: string, filter: { proposalId?: string; orderId?: string } = {}): Promise<AuditEntry[]> {
    return this.audit.list(userId, filter);
  }

  /** Every user with audit events (for operators checking every chain). */
  auditedUsers(): Promise<string[]> {
    return this.audit.users();
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
