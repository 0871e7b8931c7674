import { randomUUID } from "node:crypto";
import type { TestDatabase } from "../../../test/helpers/databases.js";
import type { BrokerOrder, OrderPreview } from "../../brokers/model.js";
import type { OrderSpec } from "../contract/index.js";
import { brokerRequestFor } from "../order-of-record.js";
import type { OrderRecord, ProposalRecord } from "../records.js";
import type { OrdersRepository } from "../repository.js";
import { insertCardAndOrder } from "./order-rows.js";

export interface StoredOrderOptions {
  orderType?: "market" | "limit";
  brokerPreview?: OrderPreview | null;
}

/**
 * A fresh user with one approved card and its claimed, unsent order, stored the way the approval
 * stores them (proposal `submitting`, order `submitting`, no lease): what the submitter is handed.
 */
export async function claimedOrder(
  db: TestDatabase,
  repo: OrdersRepository,
  options: StoredOrderOptions = {},
): Promise<{ order: OrderRecord; proposal: ProposalRecord }> {
  const userId = randomUUID();
  const accountId = `acct_${randomUUID()}`;
  const orderType = options.orderType ?? "market";
  const spec = {
    symbol: "MSFT",
    description: "Microsoft",
    side: "buy",
    quantity: 2,
    notional: null,
    orderType,
    limitPrice: orderType === "limit" ? 410.5 : null,
    stopPrice: null,
    timeInForce: "day",
  } as OrderSpec;
  const { order, proposal } = await insertCardAndOrder(repo, db.pool, {
    userId,
    accountId,
    spec,
    at: new Date().toISOString(),
    provider: "alpaca",
    threadId: "thread-s",
    account: { institution: "Alpaca", name: "Paper", numberMasked: "••42", isPaper: true },
    cardText: "Buy 2 MSFT",
    brokerPreview: options.brokerPreview ?? null,
    riskNotional: 820,
  });
  return { order: (await repo.getOrder(userId, order.id))!, proposal };
}

/** The broker's view of `order` once placed, with `fields` overriding. */
export function brokerOrderOf(order: OrderRecord, fields: Partial<BrokerOrder> = {}): BrokerOrder {
  return {
    ...brokerRequestFor(order),
    brokerOrderId: `brk_${randomUUID()}`,
    status: "accepted",
    filledQuantity: 0,
    filledAvgPrice: null,
    submittedAt: new Date().toISOString(),
    updatedAt: null,
    statusReason: null,
    ...fields,
  };
}
