import { randomUUID } from "node:crypto";
import type { AuditLog } from "./audit/audit-log.js";
import { AuditedWrites } from "./audited-writes.js";
import { cardText } from "./card.js";
import { proposalHash } from "./proposal-hash.js";
import type { ProposalRecord } from "./records.js";
import type { OrdersRepository } from "./repository.js";
import { storeCancelSpec, storeOrderSpec } from "./stored-spec.js";

/** A confirmation lives this long; SnapTrade's checked trade id lives no longer. */
export const proposalLifetimeMs = 5 * 60_000;

type Generated =
  | "id"
  | "status"
  | "cardText"
  | "hash"
  | "expiresAt"
  | "supersededBy"
  | "createdAt"
  | "storedSpec";
export type NewProposal =
  | Omit<Extract<ProposalRecord, { kind: "order" }>, Generated>
  | Omit<Extract<ProposalRecord, { kind: "cancel" }>, Generated>;

/** The fields the hash binds, over the spec exactly as stored. */
export function boundFields(
  p: Pick<ProposalRecord, "id" | "userId" | "kind" | "account" | "storedSpec" | "expiresAt">,
) {
  return {
    proposalId: p.id,
    userId: p.userId,
    kind: p.kind,
    accountId: p.account.id,
    spec: p.storedSpec,
    expiresAt: p.expiresAt,
  };
}

/** Stores a proposal with its card text and binding hash, and audits what the user will be shown (one statement). */
export async function storeProposal(
  deps: { repo: OrdersRepository; audit: AuditLog; hashKey: Buffer; now?: () => Date },
  input: NewProposal,
): Promise<ProposalRecord> {
  const now = deps.now?.() ?? new Date();
  const base = {
    id: randomUUID(),
    status: "awaiting" as const,
    expiresAt: new Date(now.getTime() + proposalLifetimeMs).toISOString(),
    supersededBy: null,
    createdAt: now.toISOString(),
    storedSpec: input.kind === "order" ? storeOrderSpec(input.spec) : storeCancelSpec(input.spec),
    cardText: cardText(input),
  };
  const unsigned = { ...input, ...base };
  const proposal = { ...unsigned, hash: proposalHash(deps.hashKey, boundFields(unsigned)) } as ProposalRecord;
  await new AuditedWrites(deps.repo, deps.audit).storeProposal(proposal, {
    userId: proposal.userId,
    actor: "model",
    type: proposal.kind === "order" ? "proposal_created" : "cancel_proposal_created",
    threadId: proposal.threadId,
    proposalId: proposal.id,
    data: {
      cardText: proposal.cardText,
      hash: proposal.hash,
      accountId: proposal.account.id,
      spec: proposal.storedSpec,
      estimate: proposal.estimate,
      warnings: proposal.warnings,
      routingReason: proposal.routing.reason,
      expiresAt: proposal.expiresAt,
    },
  });
  return proposal;
}
