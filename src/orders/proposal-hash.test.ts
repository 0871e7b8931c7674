import { describe, expect, it } from "vitest";
import { type BoundFields, hashesEqual, proposalHash } from "./proposal-hash.js";

const key = Buffer.alloc(32, 7);
const fields: BoundFields = {
  proposalId: "00000000-0000-4000-8000-000000000001",
  userId: "00000000-0000-4000-8000-000000000002",
  kind: "order",
  accountId: "acct-1",
  spec: { symbol: "AAPL", side: "sell", quantity: 2, limitPrice: null },
  expiresAt: "2026-06-01T14:05:00.000Z",
};

describe("the proposal hash binds everything the user approves", () => {
  it("is stable, URL-safe, and independent of key order", () => {
    const hash = proposalHash(key, fields);
    expect(hash).toMatch(/^[\w-]{43}$/);
    const reordered = Object.fromEntries(Object.entries(fields).reverse()) as unknown as BoundFields;
    expect(proposalHash(key, reordered)).toBe(hash);
  });

  it("changes with any bound field, the order's details, or the key", () => {
    const hash = proposalHash(key, fields);
    const changed: BoundFields[] = [
      { ...fields, proposalId: "00000000-0000-4000-8000-000000000009" },
      { ...fields, userId: "00000000-0000-4000-8000-000000000009" },
      { ...fields, kind: "cancel" },
      { ...fields, accountId: "acct-2" },
      { ...fields, spec: { ...(fields.spec as object), quantity: 20 } },
      { ...fields, expiresAt: "2026-06-01T14:05:00.001Z" },
    ];
    for (const other of changed) expect(proposalHash(key, other)).not.toBe(hash);
    expect(proposalHash(Buffer.alloc(32, 8), fields)).not.toBe(hash);
  });

  it("compares equal hashes as equal and any other as different, whatever the length", () => {
    const hash = proposalHash(key, fields);
    expect(hashesEqual(hash, `${hash}`)).toBe(true);
    const sameLength = `${hash.slice(0, -1)}${hash.endsWith("A") ? "B" : "A"}`;
    expect(hashesEqual(sameLength, hash)).toBe(false);
    expect(hashesEqual(`${hash}x`, hash)).toBe(false);
    expect(hashesEqual(hash.slice(1), hash)).toBe(false);
    expect(hashesEqual("", hash)).toBe(false);
  });
});
