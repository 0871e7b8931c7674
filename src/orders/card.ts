import { Decimal } from "decimal.js";
import { accountLabel, formatMoney, formatMoneyOrUnknown, sharesInWords } from "../core/format.js";
import type { Order, OrderSpec, PendingConfirmation } from "./contract/index.js";
import type { ProposalRecord } from "./records.js";

function describeSize(spec: OrderSpec): string {
  return spec.quantity !== null ? sharesInWords(spec.quantity) : `${formatMoney(spec.notional!)} worth`;
}

function describeType(spec: OrderSpec): string {
  switch (spec.orderType) {
    case "market":
      return "at market";
    case "limit":
      return `with a limit of ${formatMoney(spec.limitPrice)}`;
    case "stop":
      return `with a stop at ${formatMoney(spec.stopPrice)}`;
    case "stop_limit":
      return `with a stop at ${formatMoney(spec.stopPrice)} and a limit of ${formatMoney(spec.limitPrice)}`;
  }
}

const typeNames: Record<OrderSpec["orderType"], string> = {
  market: "market",
  limit: "limit",
  stop: "stop",
  stop_limit: "stop-limit",
};

/** "your limit order to buy 1 MSFT at $300.00": an order as a person names it. */
export function orderInWords(spec: OrderSpec): string {
  const size = spec.quantity !== null ? `${spec.quantity}` : formatMoney(spec.notional!);
  const of = spec.quantity !== null ? ` ${spec.symbol}` : ` of ${spec.symbol}`;
  const price =
    spec.orderType === "limit"
      ? ` at ${formatMoney(spec.limitPrice)}`
      : spec.orderType === "stop"
        ? ` with a stop at ${formatMoney(spec.stopPrice)}`
        : spec.orderType === "stop_limit"
          ? ` with a stop at ${formatMoney(spec.stopPrice)} and a limit of ${formatMoney(spec.limitPrice)}`
          : "";
  return `your ${typeNames[spec.orderType]} order to ${spec.side} ${size}${of}${price}`;
}

type CardFields = "kind" | "spec" | "account" | "estimate" | "warnings" | "basis";
type CardInput =
  | Pick<Extract<ProposalRecord, { kind: "order" }>, CardFields>
  | Pick<Extract<ProposalRecord, { kind: "cancel" }>, CardFields>;

/**
 * The confirmation text, rendered from the stored proposal only (never from model text), from
 * exactly the values sent. It is what the audit trail records as "shown to the user".
 */
export function cardText(p: CardInput): string {
  const account = `${accountLabel(p.account)}${p.account.numberMasked ? ` ${p.account.numberMasked}` : ""} (${p.account.isPaper ? "paper" : "live"})`;
  if (p.kind === "cancel") {
    const lines = [
      `Cancel ${orderInWords(p.spec.order)} (${p.spec.order.timeInForce.toUpperCase()}) in ${account}.`,
    ];
    for (const warning of p.warnings) lines.push(`Warning: ${warning}`);
    return lines.join("\n");
  }
  const s = p.spec;
  const verb = s.side === "buy" ? "Buy" : "Sell";
  const e = p.estimate;
  const lines = [
    `${verb} ${describeSize(s)} of ${s.symbol}${s.description ? ` (${s.description})` : ""} ${describeType(s)}, ${s.timeInForce.toUpperCase()}, ${s.side === "buy" ? "in" : "from"} ${account}.`,
  ];
  if (p.basis) lines.push(`Size: ${p.basis}.`);
  lines.push(
    `Estimated ${formatMoneyOrUnknown(e.amount)} (${e.amountSource === "broker_preview" ? "broker preview" : "our estimate"}) at ${formatMoneyOrUnknown(e.price)} per share (${e.priceSource}); fees ${formatMoneyOrUnknown(e.fees)}.`,
  );
  if (e.buyingPowerBefore !== null) {
    lines.push(
      `Buying power ${formatMoney(e.buyingPowerBefore)} → ${formatMoneyOrUnknown(e.buyingPowerAfter)}.`,
    );
  }
  for (const warning of p.warnings) lines.push(`Warning: ${warning}`);
  return lines.join("\n");
}

/** What a cancel card shows of the order it cancels, read from the order's own row when shown. */
export type CancelledOrderState = Pick<Order, "status" | "filledQuantity">;

/**
 * DESIGN.md section 4 `pendingConfirmation`, rendered from the stored proposal; a cancel card
 * also shows the order it cancels as it stands now.
 */
export function toPendingConfirmation(
  p: ProposalRecord,
  cancelled: CancelledOrderState | null = null,
): PendingConfirmation {
  let cancel: PendingConfirmation["cancel"] = null;
  if (p.kind === "cancel") {
    if (!cancelled) throw new Error("a cancel card is rendered with the state of the order it cancels");
    const { quantity } = p.spec.order;
    cancel = {
      orderId: p.spec.orderId,
      status: cancelled.status,
      filledQuantity: cancelled.filledQuantity,
      remainingQuantity:
        quantity === null ? null : new Decimal(quantity).minus(cancelled.filledQuantity).toNumber(),
    };
  }
  return {
    id: p.id,
    kind: p.kind,
    order: p.kind === "order" ? p.spec : p.spec.order,
    account: p.account,
    routing: p.routing,
    estimate: p.estimate,
    basis: p.basis,
    cancel,
    warnings: p.warnings,
    text: p.cardText,
    hash: p.hash,
    expiresAt: p.expiresAt,
  };
}
