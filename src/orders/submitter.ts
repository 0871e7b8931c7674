import { inBackground } from "../core/db/query-counter.js";
import type { Logger } from "../core/logger.js";
import type { PortfolioService } from "../portfolio/service.js";
import type { AuditLog } from "./audit/audit-log.js";
import { brokerFields, classifySendError, type SendResult } from "./broker-outcome.js";
import { brokerRequestFor } from "./order-of-record.js";
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
  constructor(private readonly deps: SubmitterDeps) {}

  async send(
    order: OrderRecord,
    proposal: ProposalRecord | null,
    actor: "user" | "reconciler",
  ): Promise<OrderRecord> {
    const { repo, audit, portfolio, hooks } = this.deps;
    await hooks?.beforeSend?.(order);
    await repo.markSendAttempt(order.id, this.deps.leaseSeconds ?? 60);
    const request = brokerRequestFor(order);
    await audit.append({
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
      const session = await portfolio.tradingSession(order.userId, order.accountId);
      result = {
        kind: "placed",
        brokerOrder: await session.placeOrder(request, proposal?.brokerPreview ?? null),
      };
    } catch (error) {
      result = classifySendError(error);
    }
    await hooks?.afterSend?.(order);
    return this.record(order, result, actor);
  }

  /** Writes the broker's answer (or its absence) and audits it. */
  async record(order: OrderRecord, result: SendResult, actor: "user" | "reconciler"): Promise<OrderRecord> {
    const { repo, audit, logger } = this.deps;
    let updated: OrderRecord;
    if (result.kind === "placed") {
      updated = await repo.updateOrder(order.id, { ...brokerFields(result.brokerOrder), releaseLease: true });
    } else if (result.kind === "refused") {
      updated = await repo.updateOrder(order.id, {
        status: "rejected",
        statusDetail: result.reason,
        releaseLease: true,
      });
    } else {
      logger.warn(
        { orderId: order.id, provider: order.provider, reason: result.reason },
        "order outcome unknown",
      );
      updated = await repo.updateOrder(order.id, {
        status: "unknown",
        statusDetail: "Sent; confirming with the broker. We will update this order as soon as it answers.",
        releaseLease: true,
      });
    }
    await audit.append({
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
    if (result.kind === "placed" && updated.orderType === "market" && updated.status === "accepted") {
      this.deps.onWorkingMarketOrder?.(updated);
    }
    if (result.kind === "placed") {
      inBackground(() =>
        this.deps.portfolio.refreshAccount(order.userId, order.accountId).catch((error: unknown) => {
          logger.debug({ err: error, accountId: order.accountId }, "post-trade refresh failed");
        }),
      );
    }
    return updated;
  }
}
