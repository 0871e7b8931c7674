import { createHash, randomBytes, randomUUID } from "node:crypto";

/** A fresh random UUID v4 (accounts, orders, connections...). */
export function newId(): string {
  return randomUUID();
}

/**
 * A UUID derived from a name, so reference data (symbols, brokerages, exchanges) keeps the
 * same id across resets and restarts, as it does at the real vendors.
 */
export function stableUuid(name: string): string {
  const hex = createHash("sha256").update(name).digest("hex");
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** A random token drawn from an alphabet (Alpaca key ids look like `PK` + 18 upper-case chars). */
export function randomToken(length: number, alphabet = ALPHANUMERIC): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** A random URL-safe secret. */
export function randomSecret(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}
