import type { Config } from "../core/config.js";
import { withTransaction } from "../core/db/database.js";
import type { Queryable } from "../core/db/queryable.js";
import { ConflictError, GoneError, NotFoundError } from "../core/errors.js";
import type { AuditLog } from "./audit/audit-log.js";
import { AuditedWrites } from "./audited-writes.js";
import type { Cancellations } from "./cancellations.js";
import type { Decision, DecisionChannel, OrderChanges, OrderRequest } from "./contract/index.js";
import { editedRequest } from "./edited-request.js";
import { OrderRefused } from "./errors.js";
import { orderOfProposal, riskInputOf } from "./order-of-proposal.js";
import { hashesEqual, proposalHash } from "./proposal-hash.js";
import { boundFields } from "./proposal-store.js";
import type { OrderRecord, ProposalRecord } from "./records.js";
import type { OrdersRepository } from "./repository.js";
import { checkRiskLimits, type RiskLimits } from "./risk-limits.js";
import type { OrderSubmitter } from "./submitter.js";

export interface DecisionContext {
  userId: string;
  threadId?: string | null;
  /** Where the user decided: a card button, a chat reply, the API, an MCP client. */
  channel: DecisionChannel;
}

export interface DecisionDeps {
  config: Config;
  repo: OrdersRepository;
  audit: AuditLog;
  submitter: OrderSubmitter;
  cancellations: Cancellations;
  hashKey: Buffer;
  limits: RiskLimits;
  /** Prepares the replacement of an edited card (routing, quote, preview, limits, store). */
  prepare(ctx: { userId: string; threadId: string | null }, request: OrderRequest): Promise<ProposalRecord>;
  /** How long a second approval waits for the first one's order row before answering 409. */
  inFlightWaitMs?: number;
}

/** What a decision did: the proposal as it now stands, the order placed or cancelled, an edit's new card. */
export interface DecisionResult {
  proposal: ProposalRecord;
  order: OrderRecord | null;
  /** The card that replaced an edited one; it needs its own approval. */
  replacement: ProposalRecord | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isExpired = (p: ProposalRecord) => new Date(p.expiresAt).getTime() <= Date.now();

/**
 * The one decision path for every card, an order or a cancel, whatever the channel: approve,
 * reject and edit each check the same binding (hash, expiry, status) and audit every outcome,
 * and approval is one atomic claim after which only the stored order is sent.
 */
export class Decisions {
  private readonly writes: AuditedWrites;

  constructor(private readonly deps: DecisionDeps) {
    this.writes = new AuditedWrites(deps.repo, deps.audit);
  }

  async decide(ctx: DecisionContext, proposalId: string, decision: Decision): Promise<DecisionResult> {
    switch (decision.decision) {
      case "approve":
        return this.approve(ctx, proposalId, decision.hash);
      case "reject":
        return this.reject(ctx, proposalId);
      case "edit":
        return this.edit(ctx, proposalId, decision.changes);
    }
  }

  /** Recomputes the binding over the stored row, so a row edited behind our back cannot be approved. */
  private bindingHolds(p: ProposalRecord): boolean {
    return hashesEqual(proposalHash(this.deps.hashKey, boundFields(p)), p.hash);
  }

  /** Audits what the user did to a card: every event names the card, the thread and the channel. */
  private audited(
    ctx: DecisionContext,
    proposal: Pick<ProposalRecord, "id" | "threadId">,
    type: string,
    data: Record<string, unknown>,
    extra: { tx?: Queryable; orderId?: string | null; actor?: "user" | "system" } = {},
  ) {
    const entry = {
      userId: ctx.userId,
      actor: extra.actor ?? ("user" as const),
      type,
      threadId: ctx.threadId ?? proposal.threadId,
      proposalId: proposal.id,
      orderId: extra.orderId,
      data: { ...data, channel: ctx.channel },
    };
    return extra.tx ? this.deps.audit.appendWith(extra.tx, entry) : this.deps.audit.append(entry);
  }

  /**
   * The proposal as this request last saw it (one read per request), or `fresh` from the database.
   * Every change is guarded in SQL, so a row that moved meanwhile cannot be acted on twice.
   */
  private async load(
    ctx: DecisionContext,
    proposalId: string,
    options: { fresh?: boolean } = {},
  ): Promise<ProposalRecord> {
    const { repo } = this.deps;
    const proposal = options.fresh
      ? await repo.getProposal(ctx.userId, proposalId)
      : await repo.recentProposal(ctx.userId, proposalId);
    if (!proposal) {
      await this.deps.audit.append({
        userId: ctx.userId,
        actor: "user",
        type: "security_unknown_proposal",
        threadId: ctx.threadId ?? null,
        data: { proposalId, channel: ctx.channel },
      });
      throw new NotFoundError("Confirmation");
    }
    return proposal;
  }

  private refuseIfSwitchedOff(p: ProposalRecord): void {
    // Cancelling only lowers risk: the switches stop new orders, never a way out of one.
    if (p.kind === "cancel") return;
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

  /** A hash the client presents that is not the card's: the card changed or was forged. Nothing changes. */
  private async refuseMismatch(
    ctx: DecisionContext,
    proposal: ProposalRecord,
    presented: string,
  ): Promise<void> {
    if (hashesEqual(presented, proposal.hash)) return;
    await this.audited(ctx, proposal, "security_hash_mismatch", {});
    throw new ConflictError(
      "This confirmation does not match the order on record (it may have changed). Nothing was sent.",
      "confirmation_mismatch",
    );
  }

  /**
   * Approves once. A second approval (double click, retry, replayed graph node, another replica)
   * returns the outcome of the first and sends nothing.
   */
  private async approve(
    ctx: DecisionContext,
    proposalId: string,
    presentedHash?: string,
  ): Promise<DecisionResult> {
    const { repo } = this.deps;
    const proposal = await this.load(ctx, proposalId);
    if (presentedHash !== undefined) await this.refuseMismatch(ctx, proposal, presentedHash);
    if (proposal.status !== "awaiting") return this.answerRepeat(ctx, proposal);
    if (isExpired(proposal)) return this.answerExpired(ctx, proposal);
    if (!this.bindingHolds(proposal)) {
      await this.audited(ctx, proposal, "security_binding_broken", {}, { actor: "system" });
      throw new ConflictError(
        "This confirmation failed its integrity check. Nothing was sent.",
        "confirmation_mismatch",
      );
    }
    this.refuseIfSwitchedOff(proposal);

    // One decision at a time per user (a lock taken as the transaction begins): the daily limits
    // hold across concurrent approvals.
    const claimed = await withTransaction(
      repo.pool,
      async (tx) => {
        // The order is made from the row whose binding was just checked; the claim (its hash, status
        // and expiry in SQL) decides whether it is written at all.
        const order = proposal.kind === "order" ? orderOfProposal(ctx.userId, proposal) : null;
        const claim = await this.writes.claim(tx, proposal, order, {
          userId: ctx.userId,
          actor: "user",
          type: "decision_approve",
          threadId: proposal.threadId,
          proposalId: proposal.id,
          orderId: order?.id ?? (proposal.kind === "cancel" ? proposal.spec.orderId : null),
          data: {
            channel: ctx.channel,
            kind: proposal.kind,
            cardText: proposal.cardText,
            hash: proposal.hash,
            ...(order ? { clientOrderId: order.clientOrderId } : {}),
          },
        });
        if (!claim) return null;
        if (proposal.kind === "order") {
          const breach = checkRiskLimits(this.deps.limits, riskInputOf(proposal), claim.usage);
          // Throwing rolls the claim, the order row and the event back: the proposal stays awaiting.
          if (breach) throw new OrderRefused(`${breach} Nothing was sent.`);
        }
        return { proposal: claim.proposal, order };
      },
      { lock: `orders:${ctx.userId}` },
    );
    if (!claimed) {
      // The claim's guard said no: what stands now is read afresh.
      const current = await this.load(ctx, proposalId, { fresh: true });
      if (current.status === "awaiting" && isExpired(current)) return this.answerExpired(ctx, current);
      return this.answerRepeat(ctx, current);
    }
    if (claimed.proposal.kind === "order") {
      // A crash here leaves the proposal submitting and the order unsent: the reconciler sends it once.
      const sent = await this.deps.submitter.sendApproved(claimed.order!, claimed.proposal);
      const submitted =
        sent.proposal ??
        (await repo.transitionProposal(repo.pool, ctx.userId, proposalId, "submitting", "submitted"));
      // The transition returns the row; only when something else moved it meanwhile is it read again.
      return {
        proposal: submitted ?? (await this.reload(ctx, proposalId)),
        order: sent.order,
        replacement: null,
      };
    }
    let submitted: ProposalRecord | null = null;
    let order: OrderRecord;
    try {
      order = await this.deps.cancellations.cancel(ctx.userId, claimed.proposal.spec.orderId, {
        proposalId,
        threadId: claimed.proposal.threadId,
      });
    } finally {
      submitted = await repo.transitionProposal(repo.pool, ctx.userId, proposalId, "submitting", "submitted");
    }
    return { proposal: submitted ?? (await this.reload(ctx, proposalId)), order, replacement: null };
  }

  private async reload(ctx: DecisionContext, proposalId: string): Promise<ProposalRecord> {
    return (await this.deps.repo.getProposal(ctx.userId, proposalId))!;
  }

  private async answerExpired(ctx: DecisionContext, proposal: ProposalRecord): Promise<never> {
    await this.deps.repo.expireIfDue(ctx.userId, proposal.id);
    await this.audited(ctx, proposal, "decision_after_expiry", { expiresAt: proposal.expiresAt });
    throw new GoneError("This confirmation has expired. Nothing was sent; ask again for a fresh quote.");
  }

  /** A decision on a proposal that is no longer awaiting: return the first outcome, send nothing. */
  private async answerRepeat(ctx: DecisionContext, proposal: ProposalRecord): Promise<DecisionResult> {
    const { repo } = this.deps;
    if (proposal.status === "submitting" || proposal.status === "submitted") {
      const waitUntil = Date.now() + (this.deps.inFlightWaitMs ?? 2_000);
      const find = () =>
        proposal.kind === "order"
          ? repo.getOrderByProposal(ctx.userId, proposal.id)
          : repo.getOrder(ctx.userId, proposal.spec.orderId);
      let order = await find();
      // Claimed but never sent: the approval holding the claim is about to call the broker, so wait
      // for its send (not for the broker's answer). The order a cancel card cancels was sent long ago.
      while (order?.status === "submitting" && !order.sendAttemptedAt) {
        // Stryker disable next-line EqualityOperator: at the exact millisecond it only adds one more 50 ms look
        if (Date.now() >= waitUntil) break;
        await sleep(50);
        order = await find();
      }
      if (order) {
        await this.audited(
          ctx,
          proposal,
          "duplicate_confirm",
          { status: order.status },
          { orderId: order.id },
        );
        return { proposal, order, replacement: null };
      }
      throw new ConflictError("This order is being submitted right now.", "in_flight");
    }
    if (proposal.status === "expired") return this.answerExpired(ctx, proposal);
    throw this.notAwaiting(proposal);
  }

  private notAwaiting(proposal: ProposalRecord): ConflictError {
    const why =
      proposal.status === "rejected"
        ? "This confirmation was already rejected."
        : proposal.status === "superseded"
          ? "This confirmation was replaced by an edited one; decide on the new card instead."
          : proposal.status === "submitting" || proposal.status === "submitted"
            ? "This confirmation was already approved and sent."
            : "This confirmation can no longer be decided.";
    return new ConflictError(`${why} Nothing was sent.`, `proposal_${proposal.status}`);
  }

  /** Rejects an awaiting card; a second reject answers the same. Anything else changes nothing. */
  private async reject(ctx: DecisionContext, proposalId: string): Promise<DecisionResult> {
    const { repo } = this.deps;
    const proposal = await this.load(ctx, proposalId);
    if (proposal.status === "awaiting" && isExpired(proposal)) return this.answerExpired(ctx, proposal);
    const moved = await withTransaction(repo.pool, async (tx) => {
      const done = await repo.transitionProposal(tx, ctx.userId, proposalId, "awaiting", "rejected");
      if (done) {
        await this.audited(
          ctx,
          proposal,
          "decision_reject",
          { kind: proposal.kind, cardText: proposal.cardText },
          { tx },
        );
      }
      return done;
    });
    const current = moved ?? (await this.reload(ctx, proposalId));
    if (!moved && current.status !== "rejected") {
      if (current.status === "expired") return this.answerExpired(ctx, current);
      throw this.notAwaiting(current);
    }
    return { proposal: current, order: null, replacement: null };
  }

  /** Replaces an awaiting order card with an edited one that needs its own approval. */
  private async edit(
    ctx: DecisionContext,
    proposalId: string,
    changes: OrderChanges,
  ): Promise<DecisionResult> {
    const { repo } = this.deps;
    const old = await this.load(ctx, proposalId);
    // A cancel card has no request to edit (nor has an order card whose stored request is unreadable).
    if (!old.request) {
      throw new ConflictError("This confirmation cannot be edited; ask for a new one.", "not_editable");
    }
    // An expired card answers gone whether or not its row says so yet, as approve and reject do.
    if (old.status === "expired" || (old.status === "awaiting" && isExpired(old))) {
      return this.answerExpired(ctx, old);
    }
    if (old.status !== "awaiting") throw this.notAwaiting(old);
    const replacement = await this.deps.prepare(
      { userId: ctx.userId, threadId: old.threadId },
      editedRequest(old.request, changes),
    );
    const replaced = await withTransaction(repo.pool, async (tx) => {
      const moved = await repo.transitionProposal(
        tx,
        ctx.userId,
        old.id,
        "awaiting",
        "superseded",
        replacement.id,
      );
      if (!moved) return null;
      await this.audited(ctx, old, "decision_edit", { changes, replacedBy: replacement.id }, { tx });
      return moved;
    });
    if (!replaced) {
      // Decided meanwhile (approved, rejected, expired): the new card must never go live.
      await repo.transitionProposal(repo.pool, ctx.userId, replacement.id, "awaiting", "superseded");
      const current = await this.reload(ctx, proposalId);
      if (current.status === "expired") return this.answerExpired(ctx, current);
      throw this.notAwaiting(current);
    }
    return { proposal: replaced, order: null, replacement };
  }
}
