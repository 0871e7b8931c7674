import type { OrderChanges, OrderRequest } from "./contract/index.js";

/** A price given without a type implies one: a limit makes market → limit and stop → stop-limit. */
function impliedOrderType(current: NonNullable<OrderRequest["orderType"]>, changes: OrderChanges) {
  if (changes.orderType) return changes.orderType;
  let type = current;
  if (changes.limitPrice !== undefined)
    type = type === "stop" ? "stop_limit" : type === "market" ? "limit" : type;
  if (changes.stopPrice !== undefined)
    type = type === "limit" ? "stop_limit" : type === "market" ? "stop" : type;
  return type;
}

/** The request an edit asks for: the old one with the changes applied. */
export function editedRequest(old: OrderRequest, changes: OrderChanges): OrderRequest {
  const sizeChanged = changes.quantity !== undefined || changes.notional !== undefined;
  const orderType = impliedOrderType(old.orderType ?? "market", changes);
  const keepsLimit = orderType === "limit" || orderType === "stop_limit";
  const keepsStop = orderType === "stop" || orderType === "stop_limit";
  return {
    symbol: old.symbol,
    side: old.side,
    ...(sizeChanged
      ? { quantity: changes.quantity, notional: changes.notional }
      : { quantity: old.quantity, notional: old.notional, sellAll: old.sellAll, fraction: old.fraction }),
    orderType,
    limitPrice: keepsLimit ? (changes.limitPrice ?? old.limitPrice) : undefined,
    stopPrice: keepsStop ? (changes.stopPrice ?? old.stopPrice) : undefined,
    timeInForce: changes.timeInForce ?? old.timeInForce,
    // Only a new account re-routes; otherwise routing decides as it did (or keeps the one picked before).
    account: changes.accountId ?? changes.account ?? old.account,
  };
}
