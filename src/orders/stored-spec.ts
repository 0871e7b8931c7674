import { z } from "zod";
import type { OrderRequest, OrderSpec } from "./contract/index.js";
import { orderRequestSchema, orderSideSchema, orderSpecSchema } from "./contract/index.js";
import type { CancelSpec } from "./records.js";

/**
 * Proposal specs are persisted JSON: each carries the schema version it was written with, and
 * every version ever written stays readable (a card stored before a change can still be shown,
 * approved and audited). Version 0 is what was stored before versions existed.
 */
export const specSchemaVersion = 1;

const orderSpecV1 = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal("order"),
  order: orderSpecSchema,
});
const cancelSpecV1 = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal("cancel"),
  orderId: z.string(),
  brokerOrderId: z.string().nullable(),
  order: orderSpecSchema,
});
/** Before versions: an order spec was stored flat; a cancel spec had only the order's size. */
const cancelSpecV0 = z.object({
  orderId: z.string(),
  brokerOrderId: z.string().nullable(),
  symbol: z.string(),
  side: orderSideSchema,
  quantity: z.number().nullable(),
  notional: z.number().nullable(),
});

export function storeOrderSpec(order: OrderSpec) {
  return { schemaVersion: specSchemaVersion, kind: "order" as const, order };
}

export function storeCancelSpec(spec: CancelSpec) {
  return { schemaVersion: specSchemaVersion, kind: "cancel" as const, ...spec };
}

export function readOrderSpec(stored: unknown): OrderSpec {
  const v1 = orderSpecV1.safeParse(stored);
  if (v1.success) return v1.data.order;
  return orderSpecSchema.parse(stored);
}

export function readCancelSpec(stored: unknown): CancelSpec {
  const v1 = cancelSpecV1.safeParse(stored);
  if (v1.success)
    return { orderId: v1.data.orderId, brokerOrderId: v1.data.brokerOrderId, order: v1.data.order };
  const v0 = cancelSpecV0.parse(stored);
  // Version 0 kept only the size; the order it names was a market day order or had its prices on
  // its own row. Such cards expired long ago: they are read for the audit trail, never approved.
  const size =
    v0.quantity !== null
      ? { quantity: v0.quantity, notional: null }
      : { quantity: null, notional: v0.notional ?? 0 };
  return {
    orderId: v0.orderId,
    brokerOrderId: v0.brokerOrderId,
    order: {
      symbol: v0.symbol,
      description: "",
      side: v0.side,
      ...size,
      orderType: "market",
      limitPrice: null,
      stopPrice: null,
      timeInForce: "day",
    } as OrderSpec,
  };
}

const requestV1 = z.object({ schemaVersion: z.literal(1), request: orderRequestSchema });

export function storeRequest(request: OrderRequest) {
  return { schemaVersion: specSchemaVersion, request };
}

/** The request a card was prepared from (edits start from it); version 0 stored it flat. */
export function readRequest(stored: unknown): OrderRequest | null {
  const v1 = requestV1.safeParse(stored);
  if (v1.success) return v1.data.request;
  const v0 = orderRequestSchema.safeParse(stored);
  return v0.success ? v0.data : null;
}
