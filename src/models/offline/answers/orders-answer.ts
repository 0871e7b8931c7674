import { accountLabel } from "../../text/account-label.js";
import { formatDate } from "../../text/format.js";
import { cleanDataText } from "../../text/untrusted-text.js";
import type { GetOrdersResult, OrderSummary } from "../../tool-contracts.js";
import { describeOrder, describePrices, describeStatus } from "../../wording/order-wording.js";

/** get_orders → one order's status ("did my order fill?") or a short list with ids. */

const MAX_LISTED_ORDERS = 10;

export interface OrdersQuestion {
  /** The call asked for one order (an id or `limit: 1`). */
  single: boolean;
  symbol?: string;
  /** The user wanted to cancel one of these: say how to pick it. */
  forCancel: boolean;
}

export function ordersAnswer(result: GetOrdersResult, question: OrdersQuestion): string {
  const orders = result.orders;
  if (orders.length === 0) {
    return question.symbol
      ? `I found no ${question.symbol} orders placed through me.`
      : "I found no orders placed through me yet.";
  }
  const [first] = orders;
  if (first && (question.single || orders.length === 1) && !question.forCancel) {
    const date = formatDate(first.createdAt);
    const status = describeStatus(first.status, first.filledQuantity, first.quantity, first.filledAvgPrice);
    return `Your ${question.single ? "last order" : "order"}${date ? ` (${date})` : ""}: ${orderText(first)}. Status: ${status}.`;
  }
  const lines = [`Your recent orders${question.symbol ? ` for ${question.symbol}` : ""}:`];
  for (const order of orders.slice(0, MAX_LISTED_ORDERS))
    lines.push(`- ${orderLine(order)} (id ${cleanDataText(order.id, 64)})`);
  if (orders.length > MAX_LISTED_ORDERS) lines.push(`…and ${orders.length - MAX_LISTED_ORDERS} more.`);
  if (question.forCancel) lines.push('Tell me which one to cancel: "cancel order <id>".');
  return lines.join("\n");
}

function orderLine(order: OrderSummary): string {
  const date = formatDate(order.createdAt);
  const status = describeStatus(order.status, order.filledQuantity, order.quantity, order.filledAvgPrice);
  return `${date ? `${date}: ` : ""}${orderText(order)}, ${status}`;
}

function orderText(order: OrderSummary): string {
  const where = accountLabel({ institution: order.institution, name: order.accountName });
  return `${describeOrder(order)}${describePrices(order)} in ${where}`;
}
