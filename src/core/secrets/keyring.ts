import { createHash, hkdfSync, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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
  // The current key last, so it is the entry for its id even if listed among the previous ones.
  const byId = new Map([...previous.map(toDataKey), currentKey].map((dataKey) => [dataKey.id, dataKey]));
  return {
    current: currentKey,
    byId,
    derive: (purpose) => Buffer.from(hkdfSync("sha256", current, Buffer.alloc(0), purpose, 32)),
  };
}

/**
 * The embedded default's key: generated once into DATA_DIR with mode 0600, reused afterwards.
 * A key file others could read is tightened to 0600 before use.
 */
export function loadOrCreateLocalKey(dataDir: string): Buffer {
  const file = path.resolve(dataDir, "encryption.key");
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process may have created it a moment ago; anything else is a setup problem to name.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
      throw new ConfigError(`Cannot create the encryption key file ${file}: ${(error as Error).message}`);
    }
  }
  chmodSync(file, 0o600);
  // Base64 decoding skips whitespace, so a key file saved with a trailing newline still reads.
  const key = Buffer.from(readFileSync(file, "utf8"), "base64");
  if (key.length !== 32) throw new ConfigError(`${file} is invalid: it must hold 32 base64-encoded bytes`);
  return key;
}
