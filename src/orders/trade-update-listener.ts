import type { Logger } from "../core/logger.js";
import type { OrdersEngine } from "./engine.js";

/** Broker order ids named in a SnapTrade TRADE_UPDATE's `details` (untrusted data, read defensively). */
export function brokerOrderIdsOf(details: unknown): string[] {
  const orders = (details as { orders?: unknown } | null)?.orders;
  if (!Array.isArray(orders)) return [];
  return orders
    .map((o) => (o as { brokerage_order_id?: unknown } | null)?.brokerage_order_id)
    .filter((id): id is string => typeof id === "string" && id.length > 0 && id.length < 200);
}

/**
 * A TRADE_UPDATE only says "look again": each named order is re-read from the broker after the
 * webhook's transaction, never taken from the event body. Polling catches anything missed.
 */
export function tradeUpdateListener(orders: OrdersEngine, logger: Logger) {
  return async (event: { details: unknown }) => {
    for (const id of brokerOrderIdsOf(event.details)) {
      setImmediate(() => {
        orders.onBrokerOrderUpdate("snaptrade", id).catch((error: unknown) => {
          logger.warn({ err: error, brokerOrderId: id }, "could not follow a trade update; polling will");
        });
      });
    }
  };
}
