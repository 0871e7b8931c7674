import { randomUUID } from "node:crypto";
import { withTransaction } from "../core/db/database.js";
import type { AuditLog } from "./audit/audit-log.js";
import { cardText } from "./card.js";
import { proposalHash } from "./proposal-hash.js";
import type { ProposalRecord } from "./records.js";
import type { OrdersRepository } from "./repository.js";

/** A confirmation lives this long; SnapTrade's checked trade id lives no longer. */
export const proposalLifetimeMs = 5 * 60_000;

export type NewProposal = Omit<
  ProposalRecord,
  "id" | "status" | "cardText" | "hash" | "expiresAt" | "supersededBy" | "createdAt"
>;

/** Stores a proposal with its card text and binding hash, and audits what the user will be shown. */
export async function storeProposal(
  deps: { repo: OrdersRepository; audit: AuditLog; hashKey: Buffer; now?: () => Date },
  input: NewProposal,
): Promise<ProposalRecord> {
  const now = deps.now?.() ?? new Date();
  const base = {
    ...input,
    id: randomUUID(),
    status: "awaiting" as const,
    expiresAt: new Date(now.getTime() + proposalLifetimeMs).toISOString(),
    supersededBy: null,
    createdAt: now.toISOString(),
  };
  const text = cardText(base);
  const hash = proposalHash(deps.hashKey, {
    proposalId: base.id,
    userId: base.userId,
    kind: base.kind,
    accountId: base.account.id,
    spec: base.spec,
    expiresAt: base.expiresAt,
  });
  const proposal: ProposalRecord = { ...base, cardText: text, hash };
  await withTransaction(deps.repo.pool, async (tx) => {
    await deps.repo.insertProposal(tx, proposal);
    await deps.audit.appendWith(tx, {
      userId: proposal.userId,
      actor: "model",
      type: proposal.kind === "order" ? "proposal_created" : "cancel_proposal_created",
      threadId: proposal.threadId,
      proposalId: proposal.id,
      data: {
        cardText: proposal.cardText,
        hash: proposal.hash,
        accountId: proposal.account.id,
        spec: proposal.spec,
        estimate: proposal.estimate,
        warnings: proposal.warnings,
        routingReason: proposal.routing.reason,
        expiresAt: proposal.expiresAt,
      },
    });
  });
  return proposal;
}
