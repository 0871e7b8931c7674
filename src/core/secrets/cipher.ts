import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "../errors.js";
import type { Keyring } from "./keyring.js";

export class DecryptionError extends AppError {
  override readonly name = "DecryptionError";
  constructor(message: string) {
    super("decryption_failed", message);
  }
}

/**
 * Where a secret belongs. It is bound into the ciphertext as associated data, so a value copied
 * to another user's row (or another column) fails to decrypt instead of being used.
 */
export interface SecretContext {
  userId: string;
  /** e.g. "snaptrade_users.user_secret" */
  purpose: string;
}

const version = "v1";

function associatedData(context: SecretContext): Buffer {
  return Buffer.from(`${context.purpose}:${context.userId}`, "utf8");
}

/** AES-256-GCM with a fresh 96-bit IV: `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url parts). */
export function encryptSecret(keyring: Keyring, plaintext: string, context: SecretContext): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyring.current.key, iv);
  cipher.setAAD(associatedData(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  const encoded = [iv, ciphertext, tag].map((bytes) => bytes.toString("base64url"));
  return [version, keyring.current.id, ...encoded].join(".");
}

export function decryptSecret(keyring: Keyring, sealed: string, context: SecretContext): string {
  const parts = sealed.split(".");
  if (parts.length !== 5 || parts[0] !== version) throw new DecryptionError("secret has an unknown format");
  const [, keyId, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  const dataKey = keyring.byId.get(keyId);
  if (!dataKey) throw new DecryptionError(`secret was sealed with key ${keyId}, which is not configured`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", dataKey.key, Buffer.from(iv, "base64url"), {
      authTagLength: 16,
    });
    decipher.setAAD(associatedData(context));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new DecryptionError("secret failed authentication (tampered, or bound to another user)");
  }
}
