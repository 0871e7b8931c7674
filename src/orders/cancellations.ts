import { Decimal } from "decimal.js";
import { ConflictError, NotFoundError } from "../core/errors.js";
import { formatShares } from "../core/format.js";
import type { PortfolioService } from "../portfolio/service.js";
import type { AuditLog } from "./audit/audit-log.js";
import { brokerFields, classifySendError } from "./broker-outcome.js";
import type { OrderStatus } from "./contract/index.js";
import { OrderRefused } from "./errors.js";
import { specOfOrder } from "./order-of-record.js";
import { type NewProposal, storeProposal } from "./proposal-store.js";
import type { CancelSpec, OrderRecord, ProposalRecord } from "./records.js";
import type { OrdersRepository } from "./repository.js";

/** The statuses of an order the broker still holds open. */
const cancellableStatuses: readonly OrderStatus[] = ["accepted", "partially_filled"];

function filledWarnings(order: OrderRecord): string[] {
  if (order.filledQuantity <= 0) return [];
  const remaining =
    order.quantity === null
      ? ""
      : `; ${formatShares(new Decimal(order.quantity).minus(order.filledQuantity).toNumber())} remain open and are cancelled`;
  return [`${formatShares(order.filledQuantity)} shares already filled and stay filled${remaining}.`];
}

/** Cancelling open orders: through a confirmation card (the agent) or directly (the REST route). */
export class Cancellations {
  constructor(
    private readonly deps: {
      repo: OrdersRepository;
      audit: AuditLog;
      portfolio: PortfolioService;
      hashKey: Buffer;
    },
  ) {}

  private async target(userId: string, orderId: string | undefined): Promise<OrderRecord> {
    if (orderId) {
      const order = await this.deps.repo.getOrder(userId, orderId);
      if (!order) throw new NotFoundError("Order");
      return order;
    }
    const open = await this.deps.repo.latestOrderIn(userId, cancellableStatuses);
    if (!open) throw new OrderRefused("You have no open order to cancel.");
    return open;
  }

  async prepare(
    ctx: { userId: string; threadId?: string | null },
    orderId?: string,
  ): Promise<ProposalRecord> {
    const order = await this.target(ctx.userId, orderId);
    if (!cancellableStatuses.includes(order.status) || !order.brokerOrderId) {
      throw new OrderRefused(
        `That order is ${order.status.replace("_", " ")}; only open orders can be cancelled.`,
      );
    }
    const accounts = await this.deps.portfolio.listAccounts(ctx.userId);
    const account = accounts.find((a) => a.id === order.accountId);
    if (!account) throw new NotFoundError("Account");
    const spec: CancelSpec = {
      orderId: order.id,
      brokerOrderId: order.brokerOrderId,
      order: specOfOrder(order),
    };
    const limitOrStop = order.limitPrice ?? order.stopPrice;
    const proposal: NewProposal = {
      userId: ctx.userId,
      threadId: ctx.threadId ?? null,
      kind: "cancel",
      account: {
        id: account.id,
        provider: account.provider,
        institution: account.institution,
        name: account.name,
        numberMasked: account.numberMasked,
        isPaper: account.isPaper,
      },
      spec,
      request: null,
      // Cancelling moves no money: the estimate only restates the order's own price.
      estimate: {
        price: limitOrStop,
        priceSource:
          order.limitPrice !== null
            ? "the order's limit price"
            : order.stopPrice !== null
              ? "the order's stop price"
              : "market",
        asOf: new Date().toISOString(),
        amount: null,
        amountSource: "estimate",
        fees: null,
        buyingPowerBefore: null,
        buyingPowerAfter: null,
        currency: account.currency,
      },
      routing: {
        reason: "The order is cancelled in the account it was placed in.",
        rule: "order_account",
        alternatives: [],
      },
      basis: null,
      warnings: filledWarnings(order),
      brokerPreview: null,
    };
    return storeProposal(this.deps, proposal);
  }

  /** Cancels at the broker and records the outcome; answers the order as it stands afterwards. */
  async cancel(
    userId: string,
    orderId: string,
    via: { proposalId?: string; threadId?: string | null },
  ): Promise<OrderRecord> {
    const { repo, audit, portfolio } = this.deps;
    const order = await repo.getOrder(userId, orderId);
    if (!order) throw new NotFoundError("Order");
    if (order.status === "cancelled") return order;
    if (!cancellableStatuses.includes(order.status) || !order.brokerOrderId) {
      throw new ConflictError(
        `That order is ${order.status.replace("_", " ")}; only open orders can be cancelled.`,
        "not_cancellable",
      );
    }
    const session = await portfolio.tradingSession(userId, order.accountId);
    let updated: OrderRecord;
    let outcome: string;
    /** The broker's reason when it certainly did not cancel. */
    let refusal: string | null = null;
    try {
      const brokerOrder = await session.cancelOrder(order.accountId, order.brokerOrderId);
      updated = await repo.updateOrder(order.id, brokerFields(brokerOrder));
      outcome = updated.status;
    } catch (error) {
      const { kind, reason } = classifySendError(error);
      outcome = `${kind}: ${reason}`;
      if (kind === "refused") refusal = reason;
      updated = order;
    }
    await audit.append({
      userId,
      actor: "user",
      type: "cancel_sent",
      threadId: via.threadId ?? order.threadId,
      proposalId: via.proposalId ?? null,
      orderId: order.id,
      data: { brokerOrderId: order.brokerOrderId, outcome },
    });
    if (refusal !== null) throw new OrderRefused(`The broker did not cancel the order: ${refusal}`);
    return updated;
  }
}
