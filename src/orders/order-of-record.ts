import type { OrderRequest } from "../brokers/model.js";
import type { OrderSpec } from "./contract/index.js";
import type { OrderRecord } from "./records.js";

/** An order row in the order vocabulary; rows written by this service always fit a spec variant. */
export function specOfOrder(order: OrderRecord): OrderSpec {
  return {
    symbol: order.symbol,
    description: "",
    side: order.side,
    quantity: order.quantity,
    notional: order.notional,
    orderType: order.orderType,
    limitPrice: order.limitPrice,
    stopPrice: order.stopPrice,
    timeInForce: order.timeInForce,
  } as OrderSpec;
}

/** What the broker is sent (or asked about) for an order row: its spec, account and client order id. */
export function brokerRequestFor(order: OrderRecord): OrderRequest {
  const { description: _shownOnly, ...spec } = specOfOrder(order);
  return { ...spec, accountId: order.accountId, clientOrderId: order.clientOrderId };
}
