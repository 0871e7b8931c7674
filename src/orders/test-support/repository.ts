import { randomUUID } from "node:crypto";
import type { Database } from "../../core/db/database.js";
import { AuditLog } from "../audit/audit-log.js";
import type { AccountCard, Estimate, OrderSpec } from "../contract/index.js";
import { orderOfProposal } from "../order-of-proposal.js";
import type { OrderChanges } from "../order-sql.js";
import { type NewProposal, storeProposal } from "../proposal-store.js";
import type { OrderRecord, ProposalRecord } from "../records.js";
import { OrdersRepository } from "../repository.js";

/** A live Alpaca account as a card shows it. */
export const alpacaAccount: AccountCard = {
  id: "alpaca_live",
  provider: "alpaca",
  institution: "Alpaca",
  name: "Live",
  numberMasked: "••••0042",
  isPaper: false,
};

export const estimateAt = (price: number, amount: number | null): Estimate => ({
  price,
  priceSource: "alpaca latest trade",
  asOf: "2026-11-30T09:00:00.000Z",
  amount,
  amountSource: "estimate",
  fees: null,
  buyingPowerBefore: 10_000,
  buyingPowerAfter: null,
  currency: "USD",
});

/** A market buy of `quantity` shares of `symbol` (a limit, stop or dollar order with `spec`). */
export function orderSpec(fields: Partial<OrderSpec> = {}): OrderSpec {
  return {
    symbol: "NVDA",
    description: "NVIDIA Corp",
    side: "buy",
    quantity: 2,
    notional: null,
    orderType: "market",
    limitPrice: null,
    stopPrice: null,
    timeInForce: "day",
    ...fields,
  } as OrderSpec;
}

/** An order card's fields as the preparer hands them to the store. */
export function newOrderProposal(
  userId: string,
  fields: { threadId?: string | null; spec?: OrderSpec; account?: AccountCard } & Partial<
    Pick<Extract<NewProposal, { kind: "order" }>, "brokerPreview" | "warnings" | "basis">
  > = {},
): NewProposal {
  const spec = fields.spec ?? orderSpec();
  const price = spec.limitPrice ?? 100;
  return {
    kind: "order",
    userId,
    threadId: fields.threadId ?? null,
    account: fields.account ?? alpacaAccount,
    estimate: estimateAt(price, spec.quantity === null ? spec.notional : spec.quantity * price),
    routing: { reason: "You named Alpaca.", rule: "named", alternatives: [] },
    basis: fields.basis ?? null,
    warnings: fields.warnings ?? [],
    brokerPreview: fields.brokerPreview ?? null,
    spec,
    request: null,
  };
}

/** A card cancelling `order`, as the cancellations store it. */
export function newCancelProposal(order: OrderRecord, threadId: string | null = null): NewProposal {
  return {
    kind: "cancel",
    userId: order.userId,
    threadId,
    account: alpacaAccount,
    estimate: estimateAt(order.limitPrice ?? 100, null),
    routing: {
      reason: "The order is cancelled in the account it was placed in.",
      rule: "order_account",
      alternatives: [],
    },
    basis: null,
    warnings: [],
    brokerPreview: null,
    spec: {
      orderId: order.id,
      brokerOrderId: order.brokerOrderId,
      order: orderSpec({
        symbol: order.symbol,
        side: order.side,
        quantity: order.quantity,
        notional: order.notional,
        orderType: order.orderType,
        limitPrice: order.limitPrice,
        stopPrice: order.stopPrice,
        timeInForce: order.timeInForce,
      } as Partial<OrderSpec>),
    },
    request: null,
  };
}

/**
 * Cards and orders stored through the code that stores them in the service (the proposal store,
 * `orderOfProposal` and the repository's insert), over a migrated test database.
 */
export function recordsIn(db: Database, hashKey: Buffer = Buffer.alloc(32, 7)) {
  const repo = new OrdersRepository(db.pool);
  const audit = new AuditLog(db.pool);
  return {
    repo,
    audit,
    /** Stores a card made at `now` (it expires five minutes later). */
    card: (input: NewProposal, now?: Date) =>
      storeProposal({ repo, audit, hashKey, now: () => now ?? new Date() }, input),
    /** Moves a stored card to `status` as a decision would. */
    async moveCard(card: ProposalRecord, status: ProposalRecord["status"]): Promise<ProposalRecord> {
      const moved = await repo.transitionProposal(repo.pool, card.userId, card.id, card.status, status);
      if (!moved) throw new Error(`card ${card.id} was not ${card.status}`);
      return moved;
    },
    /**
     * The order an approved order card places, inserted (its card moved to submitted), then
     * changed as a broker's answer would change it.
     */
    async placed(card: ProposalRecord, changes: OrderChanges = {}, createdAt?: Date): Promise<OrderRecord> {
      if (card.kind !== "order") throw new Error("only an order card places an order");
      await repo.transitionProposal(repo.pool, card.userId, card.id, "awaiting", "submitted");
      const order = orderOfProposal(card.userId, card);
      await repo.insertOrder(repo.pool, order);
      if (createdAt) {
        await db.pool.query("update trade_orders set created_at = $2 where id = $1", [
          order.id,
          createdAt.toISOString(),
        ]);
      }
      // A broker's answer releases the approving process's lease, as the submitter does.
      return repo.updateOrder(order.id, { releaseLease: changes.status !== undefined, ...changes });
    },
    /** A fresh user id: every test works on its own user. */
    user: () => randomUUID(),
  };
}
