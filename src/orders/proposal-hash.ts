import { createHmac, timingSafeEqual } from "node:crypto";
import { canonicalJson } from "./canonical-json.js";

/** Everything the user is shown and asked to approve; changing any of it changes the hash. */
export interface BoundFields {
  proposalId: string;
  userId: string;
  kind: "order" | "cancel";
  accountId: string;
  spec: unknown;
  expiresAt: string;
}

export function proposalHash(key: Buffer, fields: BoundFields): string {
  return createHmac("sha256", key).update(canonicalJson(fields)).digest("base64url");
}

export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
