import { BrokerError } from "../brokers/errors.js";
import type { BrokerOrder } from "../brokers/model.js";
import type { OrderLookup } from "../brokers/session.js";
import type { Database } from "../core/db/database.js";
import type { Logger } from "../core/logger.js";
import type { PortfolioService } from "../portfolio/service.js";
import type { AuditLog } from "./audit/audit-log.js";
import { brokerFields } from "./broker-outcome.js";
import type { OrderStatus } from "./contract/index.js";
import { brokerRequestFor } from "./order-of-record.js";
import { type OrderRecord, openOrderStatuses, unsettledOrderStatuses } from "./records.js";
import type { OrdersRepository } from "./repository.js";
import type { OrderSubmitter } from "./submitter.js";

export interface ReconcilerOptions {
  /** How often the loop runs. Default 5 s. */
  intervalMs?: number;
  /** An order must be this quiet before the reconciler touches it (lets in-flight answers land). */
  settleSeconds?: number;
  /** Open orders are re-read from the broker at most this often. Default 15 s. */
  openPollSeconds?: number;
  /** SnapTrade orders that stay absent this long after their send go to human review. */
  snaptradeReviewAfterSeconds?: number;
  /**
   * A request cannot land at the broker later than this after we sent it (a timed-out request
   * the broker still works on). Bounds which of our orders could have sent a broker order. Default 300 s.
   */
  landingWindowSeconds?: number;
  batchSize?: number;
}

/** Orders whose outcome is not final yet: the ones `ordersToReconcile` selects. */
const followedStatuses: ReadonlySet<OrderStatus> = new Set([...unsettledOrderStatuses, ...openOrderStatuses]);

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
    // A final outcome is never re-derived: an update about it (a TRADE_UPDATE may come minutes
    // late) would find its broker order already linked, read that as "absent", and undo a fill.
    if (!followedStatuses.has(order.status)) return false;
    if (order.status === "submitting" && !order.sendAttemptedAt) {
      // Claimed but the broker was certainly never called (the process stopped in between): send it now.
      await submitter.send(order, await this.proposalOf(order), "reconciler");
      return true;
    }
    const session = await portfolio.tradingSession(order.userId, order.accountId);
    if (openOrderStatuses.includes(order.status)) {
      if (!order.brokerOrderId) return false;
      const current = await session.getOrder(order.accountId, order.brokerOrderId);
      // Our link is never rewritten by a poll: an answer about another order is a bad answer.
      if (current.brokerOrderId !== order.brokerOrderId) {
        throw new BrokerError(
          "broker_bad_answer",
          "The broker answered about another order than the one asked.",
          {
            asked: order.brokerOrderId,
            answered: current.brokerOrderId,
          },
        );
      }
      return this.adopt(order, brokerFields(current), "status_changed");
    }
    // unknown, or submitting after a send attempt: did the broker get it?
    const placedAfter = new Date(order.sendAttemptedAt ?? order.createdAt);
    const lookup = await session.findOrder(brokerRequestFor(order), placedAfter);
    const evidence = await this.attribute(order, lookup);
    if (evidence.kind === "own") return this.link(order, evidence.brokerOrder);
    if (evidence.kind === "wait") {
      await repo.updateOrder(order.id, { checked: true });
      return false;
    }
    if (evidence.kind === "contested") return this.handToReview(order, evidence.brokerOrder, evidence.rivals);
    if (evidence.kind === "ambiguous") {
      return this.adopt(
        order,
        {
          status: "needs_review",
          statusDetail: `Several orders at the broker could be this one (${evidence.candidates
            .map((c) => c.brokerOrderId)
            .join(", ")}); none was linked to it. A person must check.`,
        },
        "reconciled_ambiguous",
      );
    }
    if (order.provider === "alpaca") {
      // Alpaca refuses a second order with the same client order id, so resending cannot duplicate.
      await submitter.send(order, null, "reconciler");
      return true;
    }
    const sentAt = placedAfter.getTime();
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
   * Decides which broker order, if any, is this order's. Evidence that names an order (an echoed
   * client order id) decides alone. Otherwise (SnapTrade matches on what an order is) a broker
   * order is taken only when it is the one unlinked fit in this order's landing window and no
   * other unsettled order of ours could have sent it.
   */
  private async attribute(order: OrderRecord, lookup: OrderLookup): Promise<Attribution> {
    const found =
      lookup.kind === "found" ? [lookup.order] : lookup.kind === "ambiguous" ? lookup.candidates : [];
    const linked = await this.deps.repo.linkedBrokerOrderIds(
      order.provider,
      order.accountId,
      found.map((c) => c.brokerOrderId),
    );
    const named = found.filter((c) => c.clientOrderId === order.clientOrderId);
    if (named.length > 0) {
      const free = named.filter((c) => !linked.has(c.brokerOrderId));
      if (free.length === 1) return { kind: "own", brokerOrder: free[0]! };
      return free.length === 0 ? { kind: "absent" } : { kind: "ambiguous", candidates: free };
    }
    const sentAt = Date.parse(order.sendAttemptedAt ?? order.createdAt);
    const fits = found.filter(
      (c) =>
        c.clientOrderId === null &&
        !linked.has(c.brokerOrderId) &&
        placedAt(c) <= sentAt + this.landingWindowMs(),
    );
    if (fits.length === 0) return { kind: "absent" };
    if (fits.length > 1) return { kind: "ambiguous", candidates: fits };
    const candidate = fits[0]!;
    const at = placedAt(candidate);
    const rivals = (
      await this.deps.repo.unlinkedTwinsSentBetween(
        order,
        new Date(at - this.landingWindowMs()),
        new Date(at + brokerClockSkewMs),
      )
    ).filter(
      (rival) =>
        sizesMayMatch(rival.quantity, candidate.quantity) &&
        sizesMayMatch(rival.notional, candidate.notional),
    );
    if (rivals.length === 0) return { kind: "own", brokerOrder: candidate };
    // A twin still waiting for its own answer will most likely learn its broker order itself. A
    // live send lease is what marks a send in flight (a first send or a resend alike).
    const inFlight = rivals.some((r) => r.leaseUntil !== null && Date.parse(r.leaseUntil) > Date.now());
    return inFlight ? { kind: "wait" } : { kind: "contested", brokerOrder: candidate, rivals };
  }

  private landingWindowMs(): number {
    return (this.options.landingWindowSeconds ?? 300) * 1000;
  }

  private async link(order: OrderRecord, brokerOrder: BrokerOrder): Promise<boolean> {
    const fields = brokerFields(brokerOrder);
    const updated = await this.deps.repo.linkBrokerOrder(order.id, {
      ...fields,
      brokerOrderId: brokerOrder.brokerOrderId,
    });
    if (!updated) {
      // Settled meanwhile, or another order took this broker order first: look again next pass.
      await this.deps.repo.updateOrder(order.id, { checked: true });
      return false;
    }
    await this.audit(order, updated, "reconciled_found");
    return true;
  }

  /**
   * Neither this order nor its twins take a broker order any of them could have sent: linking it
   * to the wrong one would show a fill that never happened and hide one that did.
   */
  private async handToReview(
    order: OrderRecord,
    brokerOrder: BrokerOrder,
    rivals: OrderRecord[],
  ): Promise<boolean> {
    const size = brokerOrder.quantity !== null ? `${brokerOrder.quantity}` : `$${brokerOrder.notional}`;
    const statusDetail =
      `Broker order ${brokerOrder.brokerOrderId} (${brokerOrder.side} ${size} ${brokerOrder.symbol}, placed ` +
      `${brokerOrder.submittedAt}) could have been sent by this order or by ${rivals.length} other order(s) ` +
      "sent at about the same time; it was linked to none of them. Please check your brokerage.";
    for (const twin of [order, ...rivals]) {
      await this.adopt(twin, { status: "needs_review", statusDetail }, "reconciled_contested");
    }
    return true;
  }

  private async proposalOf(order: OrderRecord) {
    return this.deps.repo.getProposal(order.userId, order.confirmationId);
  }

  /** Takes the broker's view of an order it is already linked to, or sends it to review; never relinks it. */
  private async adopt(
    order: OrderRecord,
    fields: Partial<Pick<OrderRecord, "status" | "statusDetail" | "filledQuantity" | "filledAvgPrice">>,
    eventType: string,
  ): Promise<boolean> {
    const same =
      fields.status === order.status &&
      (fields.filledQuantity ?? order.filledQuantity) === order.filledQuantity;
    const updated = await this.deps.repo.updateOrder(order.id, { ...fields, checked: true });
    if (same) return false;
    await this.audit(order, updated, eventType);
    return true;
  }

  private async audit(order: OrderRecord, updated: OrderRecord, eventType: string): Promise<void> {
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
  }
}

type Attribution =
  | { kind: "own"; brokerOrder: BrokerOrder }
  | { kind: "absent" }
  /** A twin that could own the candidate is still being sent: decide once its answer is in. */
  | { kind: "wait" }
  | { kind: "ambiguous"; candidates: BrokerOrder[] }
  | { kind: "contested"; brokerOrder: BrokerOrder; rivals: OrderRecord[] };

/** The broker's clock may run a little behind ours. */
const brokerClockSkewMs = 5_000;

function placedAt(order: BrokerOrder): number {
  return order.submittedAt ? Date.parse(order.submittedAt) : Number.POSITIVE_INFINITY;
}

/** Conservative: a size we do not know cannot rule an order out as the sender. */
function sizesMayMatch(ours: number | null, theirs: number | null): boolean {
  if (ours === null || theirs === null) return true;
  return Math.abs(ours - theirs) <= 1e-6 * Math.max(1, Math.abs(ours));
}
