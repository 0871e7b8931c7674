import type { BrokerOrder } from "../brokers/model.js";
import type { OrderLookup } from "../brokers/session.js";
import type { Database } from "../core/db/database.js";
import type { Logger } from "../core/logger.js";
import type { PortfolioService } from "../portfolio/service.js";
import type { AuditLog } from "./audit/audit-log.js";
import { brokerFields } from "./broker-outcome.js";
import type { OrderRecord } from "./records.js";
import type { OrdersRepository } from "./repository.js";
import { type OrderSubmitter, orderRequestFor } from "./submitter.js";

export interface ReconcilerOptions {
  /** How often the loop runs. Default 5 s. */
  intervalMs?: number;
  /** An order must be this quiet before the reconciler touches it (lets in-flight answers land). */
  settleSeconds?: number;
  /** Open orders are re-read from the broker at most this often. Default 15 s. */
  openPollSeconds?: number;
  /** SnapTrade orders that stay absent this long after their send go to human review. */
  snaptradeReviewAfterSeconds?: number;
  batchSize?: number;
}

/** Arbitrary constant naming the reconciler's session-level advisory lock. */
const reconcilerLockKey = 7_204_552;

export interface ReconcileReport {
  ran: boolean;
  checked: number;
  changed: number;
}

/**
 * Settles orders whose outcome is unknown and follows open orders to their final state. One
 * replica at a time (a Postgres advisory lock); the only place `unknown` is left.
 */
export class Reconciler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ReconcileReport> | undefined;

  constructor(
    private readonly deps: {
      db: Database;
      repo: OrdersRepository;
      audit: AuditLog;
      portfolio: PortfolioService;
      submitter: OrderSubmitter;
      logger: Logger;
    },
    private readonly options: ReconcilerOptions = {},
  ) {}

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.runOnce().catch((error: unknown) =>
        this.deps.logger.error({ err: error }, "reconciler run failed"),
      );
    };
    tick();
    this.timer = setInterval(tick, this.options.intervalMs ?? 5_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
  }

  /** One pass; concurrent calls in this process share it, other replicas skip while it holds the lock. */
  runOnce(): Promise<ReconcileReport> {
    this.running ??= this.withLock(() => this.pass()).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async withLock(work: () => Promise<ReconcileReport>): Promise<ReconcileReport> {
    // PGlite has one owner process and one connection: the in-process guard above suffices, and
    // holding its only client for the whole pass would block the work itself.
    if (this.deps.db.kind === "pglite") return work();
    const client = await this.deps.db.pool.connect();
    try {
      const got = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [
        reconcilerLockKey,
      ]);
      if (!got.rows[0]?.locked) return { ran: false, checked: 0, changed: 0 };
      try {
        return await work();
      } finally {
        await client.query("select pg_advisory_unlock($1)", [reconcilerLockKey]);
      }
    } finally {
      client.release();
    }
  }

  private async pass(): Promise<ReconcileReport> {
    const orders = await this.deps.repo.ordersToReconcile(
      this.options.batchSize ?? 50,
      this.options.settleSeconds ?? 2,
      this.options.openPollSeconds ?? 15,
    );
    let changed = 0;
    for (const order of orders) {
      try {
        if (await this.settle(order)) changed += 1;
      } catch (error) {
        this.deps.logger.warn({ err: error, orderId: order.id }, "could not reconcile order yet");
        await this.deps.repo.updateOrder(order.id, { checked: true });
      }
    }
    return { ran: true, checked: orders.length, changed };
  }

  /** Settles one order from what the broker says now; true when our record changed. */
  async settle(order: OrderRecord): Promise<boolean> {
    const { repo, portfolio, submitter } = this.deps;
    if (order.status === "submitting" && !order.sendAttemptedAt) {
      // Claimed but the broker was certainly never called (the process stopped in between): send it now.
      await submitter.send(order, await this.proposalOf(order), "reconciler");
      return true;
    }
    const session = await portfolio.tradingSession(order.userId, order.accountId);
    if (order.status === "accepted" || order.status === "partially_filled") {
      if (!order.brokerOrderId) return false;
      const current = await session.getOrder(order.accountId, order.brokerOrderId);
      return this.adopt(order, brokerFields(current), "status_changed");
    }
    // unknown, or submitting after a send attempt: did the broker get it?
    const placedAfter = new Date(order.sendAttemptedAt ?? order.createdAt);
    const lookup = await this.withoutOrdersWeKnow(
      order,
      await session.findOrder(orderRequestFor(order), placedAfter),
    );
    if (lookup.kind === "found") return this.adopt(order, brokerFields(lookup.order), "reconciled_found");
    if (lookup.kind === "ambiguous") {
      return this.adopt(
        order,
        {
          status: "needs_review",
          statusDetail: `Several orders at the broker could be this one (${lookup.candidates.length}); a person must check.`,
        },
        "reconciled_ambiguous",
      );
    }
    if (order.provider === "alpaca") {
      // Alpaca refuses a second order with the same client order id, so resending cannot duplicate.
      await submitter.send(order, null, "reconciler");
      return true;
    }
    const sentAt = new Date(order.sendAttemptedAt ?? order.createdAt).getTime();
    const reviewAfter = (this.options.snaptradeReviewAfterSeconds ?? 120) * 1000;
    if (Date.now() - sentAt > reviewAfter) {
      return this.adopt(
        order,
        {
          status: "needs_review",
          statusDetail:
            "The broker shows no such order. It was not resent automatically; please check your brokerage.",
        },
        "reconciled_absent",
      );
    }
    await repo.updateOrder(order.id, { checked: true });
    return false;
  }

  /**
   * A broker order already recorded against another of our orders is not this one: matching by
   * symbol, side, size and time alone could otherwise adopt an earlier twin.
   */
  private async withoutOrdersWeKnow(order: OrderRecord, lookup: OrderLookup): Promise<OrderLookup> {
    const candidates =
      lookup.kind === "found" ? [lookup.order] : lookup.kind === "ambiguous" ? lookup.candidates : [];
    if (candidates.length === 0) return lookup;
    const unclaimed: BrokerOrder[] = [];
    for (const candidate of candidates) {
      const owner = await this.deps.repo.findByBrokerOrderId(order.provider, candidate.brokerOrderId);
      if (!owner || owner.id === order.id) unclaimed.push(candidate);
    }
    if (unclaimed.length === 0) return { kind: "absent" };
    if (unclaimed.length === 1) return { kind: "found", order: unclaimed[0]! };
    return { kind: "ambiguous", candidates: unclaimed };
  }

  private async proposalOf(order: OrderRecord) {
    return this.deps.repo.getProposal(order.userId, order.confirmationId);
  }

  private async adopt(
    order: OrderRecord,
    fields: Partial<
      Pick<OrderRecord, "status" | "statusDetail" | "brokerOrderId" | "filledQuantity" | "filledAvgPrice">
    >,
    eventType: string,
  ): Promise<boolean> {
    const same =
      fields.status === order.status &&
      (fields.filledQuantity ?? order.filledQuantity) === order.filledQuantity &&
      (fields.brokerOrderId ?? order.brokerOrderId) === order.brokerOrderId;
    const updated = await this.deps.repo.updateOrder(order.id, { ...fields, checked: true });
    if (same) return false;
    await this.deps.audit.append({
      userId: order.userId,
      actor: "reconciler",
      type: eventType,
      threadId: order.threadId,
      proposalId: order.confirmationId,
      orderId: order.id,
      data: {
        from: order.status,
        to: updated.status,
        brokerOrderId: updated.brokerOrderId,
        filledQuantity: updated.filledQuantity,
        filledAvgPrice: updated.filledAvgPrice,
        detail: updated.statusDetail,
      },
    });
    return true;
  }
}
