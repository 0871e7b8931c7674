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

describe("secret encryption refusals, exactly", () => {
  const keyring = createKeyring(randomBytes(32));
  const sealed = encryptSecret(keyring, "s3cret", alice);

  it("names its error with a code", () => {
    const refusal = (() => {
      try {
        decryptSecret(keyring, sealed, bob);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toMatchObject({ name: "DecryptionError", code: "decryption_failed" });
    expect(String((refusal as Error).message)).toMatch(/failed authentication/);
  });

  it.each([
    ["four parts", sealed.split(".").slice(0, 4).join(".")],
    ["six parts", `${sealed}.extra`],
    ["another version", sealed.replace(/^v1\./, "v2.")],
  ])("refuses %s as an unknown format", (_what, text) => {
    expect(() => decryptSecret(keyring, text, alice)).toThrow(/unknown format/);
  });

  it("seals as v1, the key's id and three base64url parts", () => {
    const [version, keyId, ...rest] = sealed.split(".");
    expect(version).toBe("v1");
    expect(keyId).toBe(keyring.current.id);
    expect(rest).toHaveLength(3);
    for (const part of rest) expect(part).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(rest[0]!, "base64url")).toHaveLength(12);
    expect(Buffer.from(rest[2]!, "base64url")).toHaveLength(16);
  });
});

describe("keyring", () => {
  it("names each key by an 8-hex-digit fingerprint", () => {
    expect(createKeyring(randomBytes(32)).current.id).toMatch(/^[0-9a-f]{8}$/);
  });

  it.each([16, 31, 33, 64])("refuses a %i-byte master key", (bytes) => {
    expect(() => createKeyring(randomBytes(bytes))).toThrow(/must be 32 bytes/);
  });

  it("keeps the current key when it is also listed among the previous ones", () => {
    const current = randomBytes(32);
    const old = randomBytes(32);
    const keyring = createKeyring(current, [current, old]);
    expect(keyring.byId.size).toBe(2);
    expect(keyring.byId.get(keyring.current.id)!.key.equals(current)).toBe(true);
  });
});

describe("local key file, exactly", () => {
  it("tightens a key file others can read to 0600", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "keys-"));
    writeFileSync(path.join(dir, "encryption.key"), randomBytes(32).toString("base64"), { mode: 0o644 });
    loadOrCreateLocalKey(dir);
    expect(statSync(path.join(dir, "encryption.key")).mode & 0o777).toBe(0o600);
  });

  it("names a key file it cannot create as a setup problem", () => {
    expect(() => loadOrCreateLocalKey("/proc/self")).toThrow(/Cannot create the encryption key file/);
  });

  it("reads a key file saved with a trailing newline", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "keys-"));
    const key = randomBytes(32);
    writeFileSync(path.join(dir, "encryption.key"), `${key.toString("base64")}\n`, { mode: 0o600 });
    expect(loadOrCreateLocalKey(dir).equals(key)).toBe(true);
  });
});
