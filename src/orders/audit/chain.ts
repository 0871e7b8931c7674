import { createHash } from "node:crypto";
import { canonicalJson } from "../canonical-json.js";

export type AuditActor = "user" | "model" | "system" | "reconciler" | "broker";

export interface AuditEvent {
  id: string;
  userId: string;
  seq: number;
  at: string;
  actor: AuditActor;
  type: string;
  threadId: string | null;
  proposalId: string | null;
  orderId: string | null;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export const genesisHash = "0".repeat(64);

/** SHA-256 over the previous hash and the canonical event (every field but its own hash). */
export function eventHash(event: Omit<AuditEvent, "hash">): string {
  const { prevHash, ...body } = event;
  return createHash("sha256").update(prevHash).update("\n").update(canonicalJson(body)).digest("hex");
}

export type ChainVerdict =
  | { ok: true; events: number }
  | { ok: false; events: number; brokenAt: number; why: string };

/** Walks one user's chain in sequence order and reports the first broken link. */
export function verifyChain(events: AuditEvent[]): ChainVerdict {
  let prev = genesisHash;
  for (const [index, event] of events.entries()) {
    if (event.seq !== index + 1)
      return { ok: false, events: events.length, brokenAt: event.seq, why: "sequence gap" };
    if (event.prevHash !== prev) {
      return {
        ok: false,
        events: events.length,
        brokenAt: event.seq,
        why: "previous-hash link does not match",
      };
    }
    const { hash, ...rest } = event;
    if (eventHash(rest) !== hash) {
      return {
        ok: false,
        events: events.length,
        brokenAt: event.seq,
        why: "event content does not match its hash",
      };
    }
    prev = hash;
  }
  return { ok: true, events: events.length };
}
