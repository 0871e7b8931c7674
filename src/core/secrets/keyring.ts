import { createHash, hkdfSync, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../errors.js";

export interface DataKey {
  /** Short fingerprint stored beside each ciphertext, so old keys can still decrypt after rotation. */
  id: string;
  key: Buffer;
}

export interface Keyring {
  current: DataKey;
  byId: Map<string, DataKey>;
  /** A purpose-bound 32-byte key derived from the current master key (HKDF-SHA256). */
  derive(purpose: string): Buffer;
}

function toDataKey(key: Buffer): DataKey {
  return { id: createHash("sha256").update(key).digest("hex").slice(0, 8), key };
}

export function createKeyring(current: Buffer, previous: Buffer[] = []): Keyring {
  if (current.length !== 32) throw new ConfigError("ENCRYPTION_KEY is invalid: must be 32 bytes");
  const currentKey = toDataKey(current);
  const byId = new Map<string, DataKey>([[currentKey.id, currentKey]]);
  for (const key of previous) {
    const dataKey = toDataKey(key);
    if (!byId.has(dataKey.id)) byId.set(dataKey.id, dataKey);
  }
  return {
    current: currentKey,
    byId,
    derive: (purpose) => Buffer.from(hkdfSync("sha256", current, Buffer.alloc(0), purpose, 32)),
  };
}

/**
 * The embedded default's key: generated once into DATA_DIR with mode 0600, reused afterwards.
 * Refuses a key file that others can read.
 */
export function loadOrCreateLocalKey(dataDir: string): Buffer {
  const file = path.resolve(dataDir, "encryption.key");
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== 32) throw new ConfigError(`${file} is invalid: it must hold 32 base64-encoded bytes`);
  return key;
}
