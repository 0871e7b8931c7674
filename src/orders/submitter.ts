import { afterAnswer } from "../core/db/query-counter.js";
import type { Logger } from "../core/logger.js";
import type { PortfolioService } from "../portfolio/service.js";
import type { AuditEntry, AuditLog } from "./audit/audit-log.js";
import { type AnsweredFields, AuditedWrites } from "./audited-writes.js";
import { brokerFields, classifySendError, type SendResult } from "./broker-outcome.js";
import { brokerRequestFor } from "./order-of-record.js";
import type { OrderChanges } from "./order-sql.js";
import type { OrderRecord, ProposalRecord } from "./records.js";
import type { OrdersRepository } from "./repository.js";

/** Test seams for crash-recovery tests: throwing here stops the flow as a killed process would. */
export interface SubmissionHooks {
  /** After the claim is committed, before the broker is called. */
  beforeSend?(order: OrderRecord): void | Promise<void>;
  /** After the broker answered, before the answer is written. */
  afterSend?(order: OrderRecord): void | Promise<void>;
}

export interface SubmitterDeps {
  repo: OrdersRepository;
  audit: AuditLog;
  portfolio: PortfolioService;
  logger: Logger;
  hooks?: SubmissionHooks | undefined;
  /** How long other replicas keep off an order being sent (longer than any broker write timeout). */
  leaseSeconds?: number;
  /**
   * A market order the broker accepted without filling it yet: it usually fills within moments,
   * sooner than the reconciler's next poll, so the caller looks again soon.
   */
  onWorkingMarketOrder?: (order: OrderRecord) => void;
}

/**
 * Sends one claimed order to its broker, exactly once from our side: the send is marked first,
 * writes are never retried here, and an unreadable outcome becomes `unknown` for the reconciler.
 */
export class OrderSubmitter {
  private readonly writes: AuditedWrites;

  constructor(private readonly deps: SubmitterDeps) {
    this.writes = new AuditedWrites(deps.repo, deps.audit);
  }

  async send(
    order: OrderRecord,
    proposal: ProposalRecord | null,
    actor: "user" | "reconciler",
  ): Promise<OrderRecord> {
    return (await this.dispatch(order, proposal, actor, false)).order;
  }

  /**
   * Sends an order the user just approved, and moves its proposal submitting → submitted with the
   * broker's answer: the proposal as it now stands, or null when it was not moved (the caller does).
   */
  sendApproved(
    order: OrderRecord,
    proposal: ProposalRecord,
  ): Promise<{ order: OrderRecord; proposal: ProposalRecord | null }> {
    return this.dispatch(order, proposal, "user", true);
  }

  private async dispatch(
    order: OrderRecord,
    proposal: ProposalRecord | null,
    actor: "user" | "reconciler",
    settle: boolean,
  ): Promise<{ order: OrderRecord; proposal: ProposalRecord | null }> {
    const { portfolio, hooks } = this.deps;
    await hooks?.beforeSend?.(order);
    const request = brokerRequestFor(order);
    // The broker session is opened (a read) while the send is marked; the broker is called only
    // once the mark is stored.
    const opening = portfolio.tradingSession(order.userId, order.accountId).then(
      (session) => ({ session }),
      (error: unknown) => ({ error }),
    );
    await this.writes.markSendAttempt(order, this.deps.leaseSeconds ?? 60, {
      userId: order.userId,
      actor,
      type: "order_sent",
      threadId: order.threadId,
      proposalId: order.confirmationId,
      orderId: order.id,
      data: {
        provider: order.provider,
        accountId: order.accountId,
        clientOrderId: order.clientOrderId,
        request,
      },
    });
    let result: SendResult;
    try {
      const opened = await opening;
      if ("error" in opened) throw opened.error;
      result = {
        kind: "placed",
        brokerOrder: await opened.session.placeOrder(request, proposal?.brokerPreview ?? null),
      };
    } catch (error) {
      result = classifySendError(error);
    }
    await hooks?.afterSend?.(order);
    return this.record(order, result, actor, settle);
  }

  /** Writes the broker's answer (or its absence) and audits it. */
  private async record(
    order: OrderRecord,
    result: SendResult,
    actor: "user" | "reconciler",
    settle: boolean,
  ): Promise<{ order: OrderRecord; proposal: ProposalRecord | null }> {
    const { repo, audit, logger } = this.deps;
    let changes: OrderChanges;
    if (result.kind === "placed") {
      changes = { ...brokerFields(result.brokerOrder), releaseLease: true };
    } else if (result.kind === "refused") {
      changes = { status: "rejected", statusDetail: result.reason, releaseLease: true };
    } else {
      logger.warn(
        { orderId: order.id, provider: order.provider, reason: result.reason },
        "order outcome unknown",
      );
      changes = {
        status: "unknown",
        statusDetail: "Sent; confirming with the broker. We will update this order as soon as it answers.",
        releaseLease: true,
      };
    }
    const entryFor = (updated: AnsweredFields): AuditEntry => ({
      userId: order.userId,
      actor: "broker",
      type:
        result.kind === "placed"
          ? "broker_accepted"
          : result.kind === "refused"
            ? "broker_refused"
            : "broker_outcome_unknown",
      threadId: order.threadId,
      proposalId: order.confirmationId,
      orderId: order.id,
      data: {
        via: actor,
        status: updated.status,
        brokerOrderId: updated.brokerOrderId,
        filledQuantity: updated.filledQuantity,
        filledAvgPrice: updated.filledAvgPrice,
        reason: result.kind === "placed" ? null : result.reason,
      },
    });
    // One statement while the row is as we left it; if something else wrote it meanwhile (a
    // broker event), the answer is written first and audited with the figures the row then holds.
    let written = await this.writes.recordAnswer(order, changes, entryFor, settle);
    if (!written) {
      const updated = await repo.updateOrder(order.id, changes);
      await audit.append(entryFor(updated));
      written = { order: updated, proposal: null };
    }
    const updated = written.order;
    if (result.kind === "placed") {
      if (updated.orderType === "market" && updated.status === "accepted")
        this.deps.onWorkingMarketOrder?.(updated);
      // The answer does not wait for the account's new holdings: they are read after it.
      afterAnswer(() => {
        this.deps.portfolio.refreshAccount(order.userId, order.accountId).catch((error: unknown) => {
          logger.debug({ err: error, accountId: order.accountId }, "post-trade refresh failed");
        });
      });
    }
    return written;
  }
}
