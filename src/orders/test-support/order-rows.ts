import { randomUUID } from "node:crypto";
import type { Queryable } from "../../core/db/queryable.js";
import type { AccountCard, OrderSpec } from "../contract/index.js";
import type { OrderRecord, ProposalRecord, ProposalStatus } from "../records.js";
import type { OrdersRepository } from "../repository.js";

/** What a test says about the card and order it stores; everything else has a fixed default. */
export interface CardAndOrderRows {
  userId: string;
  accountId: string;
  spec: OrderSpec;
  /** When both were created (ISO). */
  at: string;
  provider?: OrderRecord["provider"];
  threadId?: string | null;
  /** The card's status; its order is always stored `submitting`, unsent, without a lease. */
  cardStatus?: ProposalStatus;
  account?: Partial<AccountCard>;
  cardText?: string;
  expiresAt?: string;
  brokerPreview?: ProposalRecord["brokerPreview"];
  riskNotional?: number;
}

/**
 * Stores a card and its order as raw rows, the way an approval leaves them just before the send:
 * for tests of what happens to an order afterwards (sending, reconciling, cancelling). Tests of how
 * cards are made use the proposal store instead.
 */
export async function insertCardAndOrder(
  repo: OrdersRepository,
  tx: Queryable,
  rows: CardAndOrderRows,
): Promise<{ proposal: ProposalRecord; order: OrderRecord }> {
  const { userId, accountId, spec, at } = rows;
  const provider = rows.provider ?? "snaptrade";
  const threadId = rows.threadId === undefined ? null : rows.threadId;
  const proposalId = randomUUID();
  const proposal: ProposalRecord = {
    id: proposalId,
    userId,
    threadId,
    kind: "order",
    status: rows.cardStatus ?? "submitting",
    account: {
      id: accountId,
      provider,
      institution: "Robinhood",
      name: "Individual",
      numberMasked: "••1",
      isPaper: false,
      ...rows.account,
    },
    spec,
    request: null,
    basis: null,
    storedSpec: spec,
    estimate: {} as ProposalRecord["estimate"],
    routing: { reason: "test", rule: null, alternatives: [] },
    warnings: [],
    cardText: rows.cardText ?? "Buy",
    hash: "h",
    expiresAt: rows.expiresAt ?? new Date(Date.parse(at) + 300_000).toISOString(),
    brokerPreview: rows.brokerPreview ?? null,
    supersededBy: null,
    createdAt: at,
  };
  await repo.insertProposal(tx, proposal);
  const { description: _shownOnly, ...fields } = spec;
  const order: OrderRecord = {
    ...fields,
    id: randomUUID(),
    confirmationId: proposalId,
    userId,
    threadId,
    accountId,
    provider,
    status: "submitting",
    statusDetail: null,
    brokerOrderId: null,
    clientOrderId: proposalId,
    filledQuantity: 0,
    filledAvgPrice: null,
    createdAt: at,
    updatedAt: at,
    riskNotional: rows.riskNotional ?? 0,
    sendAttemptedAt: null,
    leaseUntil: null,
    checkAttempts: 0,
  };
  await repo.insertOrder(tx, order);
  return { proposal, order };
}
