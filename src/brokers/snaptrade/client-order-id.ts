import { createHash } from "node:crypto";

const canonicalUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * SnapTrade takes `client_order_id` only as a canonical UUID. Ours is usually one already; any
 * other id is turned into a stable UUID (RFC 9562 version 8, from its SHA-256) so the same
 * proposal always sends the same value.
 */
export function clientOrderUuid(clientOrderId: string): string {
  if (canonicalUuid.test(clientOrderId)) return clientOrderId.toLowerCase();
  const hex = createHash("sha256").update(clientOrderId).digest("hex").slice(0, 32).split("");
  hex[12] = "8";
  hex[16] = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const digits = hex.join("");
  return `${digits.slice(0, 8)}-${digits.slice(8, 12)}-${digits.slice(12, 16)}-${digits.slice(16, 20)}-${digits.slice(20)}`;
}
