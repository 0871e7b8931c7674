import { randomUUID } from "node:crypto";
import type { Config } from "../core/config.js";
import { withTransaction } from "../core/db/database.js";
import { ConflictError, GoneError, NotFoundError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { AuditLog } from "./audit/audit-log.js";
import { OrderRefused } from "./errors.js";
import { clientOrderIdFor, type OrderIntent } from "./order-spec.js";
import { hashesEqual, proposalHash } from "./proposal-hash.js";
import { isOrderSpec, type OrderRecord, type ProposalRecord } from "./records.js";
import type { OrdersRepository } from "./repository.js";
import { checkRiskLimits, type RiskLimits, riskNotional } from "./risk-limits.js";
import type { OrderSubmitter } from "./submitter.js";

export interface DecisionContext {
  userId: string;
  threadId?: string | null;
  /** Who decided: the user pressing a button, or the user's chat "yes". */
  actor?: "user";
  channel?: "button" | "chat" | "api";
}

export interface DecisionDeps {
  config: Config;
  logger: Logger;
  repo: OrdersRepository;
  audit: AuditLog;
  submitter: OrderSubmitter;
  hashKey: Buffer;
  limits: RiskLimits;
  /** How long a second approval waits for the first one's order row before answering 409. */
  inFlightWaitMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Approve and reject: one atomic claim, then the stored order — never anything else — is sent. */
export class Decisions {
  constructor(private readonly deps: DecisionDeps) {}

  /** Recomputes the binding over the stored row, so a row edited behind our back cannot be approved. */
  private bindingHolds(p: ProposalRecord): boolean {
    const expected = proposalHash(this.deps.hashKey, {
      proposalId: p.id,
      userId: p.userId,
      kind: p.kind,
      accountId: p.account.id,
      spec: p.spec,
      expiresAt: p.expiresAt,
    });
    return hashesEqual(expected, p.hash);
  }

  private async load(ctx: DecisionContext, proposalId: string): Promise<ProposalRecord> {
    const proposal = await this.deps.repo.getProposal(ctx.userId, proposalId);
    if (!proposal) {
      await this.deps.audit.append({
        userId: ctx.userId,
        actor: "user",
        type: "security_unknown_proposal",
        threadId: ctx.threadId ?? null,
        data: { proposalId },
      });
      throw new NotFoundError("Confirmation");
    }
    return proposal;
  }

  private refuseIfSwitchedOff(p: ProposalRecord): void {
    const { features } = this.deps.config;
    if (!features.tradingEnabled) {
      throw new OrderRefused("Order submission is switched off by the operator right now. Nothing was sent.");
    }
    if (p.account.provider === "snaptrade" && !features.snaptradeTradeExecution) {
      throw new OrderRefused(
        "Trading through SnapTrade-linked brokerages is switched off right now; your holdings can still be viewed. Nothing was sent.",
      );
    }
  }

  /**
   * Approves once. A second approval (double click, retry, replayed graph node, another replica)
   * returns the order of the first and sends nothing.
   */
  async approve(ctx: DecisionContext, proposalId: string, presentedHash?: string): Promise<OrderRecord> {
    const { repo, audit } = this.deps;
    const proposal = await this.load(ctx, proposalId);
    if (presentedHash !== undefined && !hashesEqual(presentedHash, proposal.hash)) {
      await audit.append({
        userId: ctx.userId,
        actor: "user",
        type: "security_hash_mismatch",
        threadId: ctx.threadId ?? proposal.threadId,
        proposalId,
        data: { channel: ctx.channel ?? "api" },
      });
      throw new ConflictError(
        "This confirmation does not match the order on record (it may have changed). Nothing was sent.",
        "confirmation_mismatch",
      );
    }
    if (proposal.status !== "awaiting") return this.answerRepeat(ctx, proposal);
    if (new Date(proposal.expiresAt).getTime() <= Date.now()) return this.answerExpired(ctx, proposal);
    if (!this.bindingHolds(proposal)) {
      await audit.append({
        userId: ctx.userId,
        actor: "system",
        type: "security_binding_broken",
        proposalId,
        data: {},
      });
      throw new ConflictError(
        "This confirmation failed its integrity check. Nothing was sent.",
        "confirmation_mismatch",
      );
    }
    this.refuseIfSwitchedOff(proposal);

    const claimed = await withTransaction(repo.pool, async (tx) => {
      // One decision at a time per user: the daily limits hold across concurrent approvals.
      await tx.query("select pg_advisory_xact_lock(hashtext('orders:' || $1::text))", [ctx.userId]);
      const row = await repo.claimProposal(tx, ctx.userId, proposalId, proposal.hash);
      if (!row || !isOrderSpec(row.spec)) return null;
      const spec = row.spec;
      const riskInput = {
        orderType: spec.orderType,
        quantity: spec.quantity,
        notional: spec.notional,
        quotePrice: row.estimate.price,
        limitPrice: spec.limitPrice,
        stopPrice: spec.stopPrice,
      };
      const size = riskNotional(riskInput) ?? row.estimate.amount ?? 0;
      const breach = checkRiskLimits(this.deps.limits, riskInput, await repo.dailyUsage(tx, ctx.userId));
      // Throwing rolls the claim back: the proposal stays awaiting and nothing is sent.
      if (breach) throw new OrderRefused(`${breach} Nothing was sent.`);
      const now = new Date().toISOString();
      const order: OrderRecord = {
        id: randomUUID(),
        confirmationId: row.id,
        userId: ctx.userId,
        threadId: row.threadId,
        accountId: row.account.id,
        provider: row.account.provider,
        symbol: spec.symbol,
        side: spec.side,
        quantity: spec.quantity,
        notional: spec.notional,
        orderType: spec.orderType,
        limitPrice: spec.limitPrice,
        stopPrice: spec.stopPrice,
        timeInForce: spec.timeInForce,
        status: "submitting",
        statusDetail: null,
        brokerOrderId: null,
        clientOrderId: clientOrderIdFor(row.id),
        filledQuantity: 0,
        filledAvgPrice: null,
        createdAt: now,
        updatedAt: now,
        riskNotional: Math.max(size, 0),
        sendAttemptedAt: null,
        leaseUntil: new Date(Date.now() + 60_000).toISOString(),
        checkAttempts: 0,
      };
      await repo.insertOrder(tx, order);
      await audit.appendWith(tx, {
        userId: ctx.userId,
        actor: "user",
        type: "decision_approve",
        threadId: row.threadId,
        proposalId: row.id,
        orderId: order.id,
        data: {
          channel: ctx.channel ?? "api",
          cardText: row.cardText,
          hash: row.hash,
          clientOrderId: order.clientOrderId,
        },
      });
      return { proposal: row, order };
    });
    if (!claimed) {
      const current = await this.load(ctx, proposalId);
      if (current.status === "awaiting" && new Date(current.expiresAt).getTime() <= Date.now()) {
        return this.answerExpired(ctx, current);
      }
      return this.answerRepeat(ctx, current);
    }
    const sent = await this.deps.submitter.send(claimed.order, claimed.proposal, "user");
    await repo.transitionProposal(repo.pool, ctx.userId, proposalId, "submitting", "submitted");
    return sent;
  }

  private async answerExpired(ctx: DecisionContext, proposal: ProposalRecord): Promise<never> {
    await this.deps.repo.expireIfDue(ctx.userId, proposal.id);
    await this.deps.audit.append({
      userId: ctx.userId,
      actor: "user",
      type: "decision_after_expiry",
      threadId: ctx.threadId ?? proposal.threadId,
      proposalId: proposal.id,
      data: { expiresAt: proposal.expiresAt },
    });
    throw new GoneError("This confirmation has expired. Nothing was sent; ask again for a fresh quote.");
  }

  /** A decision on a proposal that is no longer awaiting: return the first outcome, send nothing. */
  private async answerRepeat(ctx: DecisionContext, proposal: ProposalRecord): Promise<OrderRecord> {
    const { repo, audit } = this.deps;
    if (proposal.status === "submitting" || proposal.status === "submitted") {
      const waitUntil = Date.now() + (this.deps.inFlightWaitMs ?? 2_000);
      let order = await repo.getOrderByProposal(ctx.userId, proposal.id);
      while (order && order.status === "submitting" && !order.sendAttemptedAt && Date.now() < waitUntil) {
        await sleep(50);
        order = await repo.getOrderByProposal(ctx.userId, proposal.id);
      }
      if (order) {
        await audit.append({
          userId: ctx.userId,
          actor: "user",
          type: "duplicate_confirm",
          threadId: ctx.threadId ?? proposal.threadId,
          proposalId: proposal.id,
          orderId: order.id,
          data: { status: order.status },
        });
        return order;
      }
      throw new ConflictError("This order is being submitted right now.", "in_flight");
    }
    if (proposal.status === "expired") return this.answerExpired(ctx, proposal);
    const why =
      proposal.status === "rejected"
        ? "This order was already rejected."
        : proposal.status === "superseded"
          ? "This confirmation was replaced by an edited one; approve the new card instead."
          : "This confirmation can no longer be approved.";
    throw new ConflictError(`${why} Nothing was sent.`, `proposal_${proposal.status}`);
  }

  async reject(ctx: DecisionContext, proposalId: string): Promise<ProposalRecord> {
    const { repo, audit } = this.deps;
    const proposal = await this.load(ctx, proposalId);
    const done = await withTransaction(repo.pool, async (tx) => {
      const moved = await repo.transitionProposal(tx, ctx.userId, proposalId, "awaiting", "rejected");
      if (moved) {
        await audit.appendWith(tx, {
          userId: ctx.userId,
          actor: "user",
          type: "decision_reject",
          threadId: ctx.threadId ?? proposal.threadId,
          proposalId,
          data: { channel: ctx.channel ?? "api", cardText: proposal.cardText },
        });
      }
      return moved;
    });
    if (!done && proposal.status !== "rejected") {
      if (proposal.status === "submitting" || proposal.status === "submitted") {
        throw new ConflictError(
          "This order was already approved and sent; it can no longer be rejected.",
          "already_approved",
        );
      }
    }
    return (await repo.getProposal(ctx.userId, proposalId))!;
  }

  /** Marks `old` superseded by `replacement` (which needs its own approval). */
  async supersede(
    ctx: DecisionContext,
    old: ProposalRecord,
    replacementId: string,
    changes: Partial<OrderIntent>,
  ) {
    const { repo, audit } = this.deps;
    return withTransaction(repo.pool, async (tx) => {
      const moved = await repo.transitionProposal(
        tx,
        ctx.userId,
        old.id,
        "awaiting",
        "superseded",
        replacementId,
      );
      if (!moved) return false;
      await audit.appendWith(tx, {
        userId: ctx.userId,
        actor: "user",
        type: "decision_edit",
        threadId: ctx.threadId ?? old.threadId,
        proposalId: old.id,
        data: { channel: ctx.channel ?? "api", changes, replacedBy: replacementId },
      });
      return true;
    });
  }
}
