import { randomBytes } from "node:crypto";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DecryptionError, decryptSecret, encryptSecret } from "./cipher.js";
import { createKeyring, loadOrCreateLocalKey } from "./keyring.js";

const alice = { userId: "00000000-0000-4000-8000-00000000000a", purpose: "snaptrade_users.user_secret" };
const bob = { ...alice, userId: "00000000-0000-4000-8000-00000000000b" };

function flipByte(sealed: string, partIndex: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[partIndex]!, "base64url");
  bytes[0] = bytes[0]! ^ 0x01;
  parts[partIndex] = bytes.toString("base64url");
  return parts.join(".");
}

describe("secret encryption", () => {
  const keyring = createKeyring(randomBytes(32));

  it("round-trips and never repeats a ciphertext", () => {
    const a = encryptSecret(keyring, "user-secret-123", alice);
    const b = encryptSecret(keyring, "user-secret-123", alice);
    expect(a).not.toBe(b);
    expect(a).not.toContain("user-secret-123");
    expect(a.split(".")[1]).toBe(keyring.current.id);
    expect(decryptSecret(keyring, a, alice)).toBe("user-secret-123");
  });

  it("fails loudly for another user or another column", () => {
    const sealed = encryptSecret(keyring, "s3cret", alice);
    expect(() => decryptSecret(keyring, sealed, bob)).toThrow(DecryptionError);
    expect(() => decryptSecret(keyring, sealed, { ...alice, purpose: "plaid_items.access_token" })).toThrow(
      DecryptionError,
    );
  });

  it.each([2, 3, 4])("fails loudly when a byte of part %i changes", (part) => {
    const sealed = encryptSecret(keyring, "s3cret", alice);
    expect(() => decryptSecret(keyring, flipByte(sealed, part), alice)).toThrow(DecryptionError);
  });

  it("refuses a truncated tag and unknown formats", () => {
    const sealed = encryptSecret(keyring, "s3cret", alice);
    const parts = sealed.split(".");
    parts[4] = Buffer.from(parts[4]!, "base64url").subarray(0, 4).toString("base64url");
    expect(() => decryptSecret(keyring, parts.join("."), alice)).toThrow(DecryptionError);
    expect(() => decryptSecret(keyring, "plaintext", alice)).toThrow(/unknown format/);
  });

  it("keeps old keys readable after rotation, and re-seals with the new key", () => {
    const oldKey = randomBytes(32);
    const sealedOld = encryptSecret(createKeyring(oldKey), "legacy", alice);
    const rotated = createKeyring(randomBytes(32), [oldKey]);
    expect(decryptSecret(rotated, sealedOld, alice)).toBe("legacy");
    const resealed = encryptSecret(rotated, decryptSecret(rotated, sealedOld, alice), alice);
    expect(resealed.split(".")[1]).toBe(rotated.current.id);
    expect(decryptSecret(rotated, resealed, alice)).toBe("legacy");
    expect(() => decryptSecret(createKeyring(randomBytes(32)), sealedOld, alice)).toThrow(/not configured/);
  });

  it("derives distinct purpose keys", () => {
    expect(keyring.derive("proposal-hash").equals(keyring.derive("callback-state"))).toBe(false);
    expect(keyring.derive("proposal-hash")).toHaveLength(32);
  });
});

describe("local key file", () => {
  it("is created once with mode 0600 and reused", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "keys-"));
    const first = loadOrCreateLocalKey(dir);
    expect(statSync(path.join(dir, "encryption.key")).mode & 0o777).toBe(0o600);
    expect(loadOrCreateLocalKey(dir).equals(first)).toBe(true);
  });

  it("refuses a corrupt key file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "keys-"));
    writeFileSync(path.join(dir, "encryption.key"), "bad", { mode: 0o600 });
    expect(() => loadOrCreateLocalKey(dir)).toThrow(/32 base64-encoded bytes/);
  });
});
