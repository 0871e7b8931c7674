import { formatMoney } from "../core/format.js";
import { type OrderRequest, onTick, type RequestedSize, requestedSize } from "./contract/index.js";
import { NeedsClarification, OrderRefused } from "./errors.js";

/**
 * Checks a request's own consistency before any broker is asked anything, and reads its size.
 * Missing facts are asked for; contradictions are refused; nothing is guessed.
 */
export function checkRequest(request: OrderRequest): RequestedSize {
  const read = requestedSize(request);
  if ("missing" in read) {
    throw new NeedsClarification(
      `How much ${request.symbol} do you want to ${request.side}? Say a number of shares or a dollar amount.`,
    );
  }
  if ("conflict" in read) throw new OrderRefused(read.conflict);
  const { size } = read;
  if (request.side === "buy" && (size.kind === "all" || size.kind === "fraction")) {
    throw new OrderRefused("A buy needs a number of shares or a dollar amount.");
  }
  const type = request.orderType ?? "market";
  if ((type === "limit" || type === "stop_limit") && request.limitPrice === undefined) {
    throw new NeedsClarification("What limit price do you want?");
  }
  if ((type === "stop" || type === "stop_limit") && request.stopPrice === undefined) {
    throw new NeedsClarification("At what price should the stop trigger?");
  }
  if (type === "market" && (request.limitPrice !== undefined || request.stopPrice !== undefined)) {
    throw new OrderRefused("A market order takes no limit or stop price.");
  }
  if (type === "limit" && request.stopPrice !== undefined) {
    throw new OrderRefused("A limit order takes no stop price; say stop-limit for both.");
  }
  if (type === "stop" && request.limitPrice !== undefined) {
    throw new OrderRefused("A stop order takes no limit price; say stop-limit for both.");
  }
  if (size.kind === "dollars" && type !== "market") {
    throw new OrderRefused(
      "Dollar-amount orders can only be market orders; give a number of shares for a limit or stop.",
    );
  }
  for (const [name, price] of [
    ["limit", request.limitPrice],
    ["stop", request.stopPrice],
  ] as const) {
    if (price !== undefined && !onTick(price)) {
      throw new OrderRefused(
        `A ${name} price of ${price} is not a valid price: US stocks trade in whole cents at $1 and above (e.g. ${formatMoney(Math.floor(price * 100) / 100)}), and at most 4 decimals below $1.`,
      );
    }
  }
  return size;
}
