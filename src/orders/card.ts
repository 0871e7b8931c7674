import type { CancelSpec, OrderSpec } from "./order-spec.js";
import type { PendingConfirmation } from "./pending-confirmation.js";
import { isOrderSpec, type ProposalRecord } from "./records.js";

const usd = (n: number | null) =>
  n === null
    ? "unknown"
    : `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const shares = (n: number) =>
  `${n.toLocaleString("en-US", { maximumFractionDigits: 6 })} share${n === 1 ? "" : "s"}`;

function describeSize(spec: { quantity: number | null; notional: number | null }): string {
  return spec.quantity !== null ? shares(spec.quantity) : `${usd(spec.notional)} worth`;
}

function describeType(spec: OrderSpec): string {
  switch (spec.orderType) {
    case "market":
      return "at market";
    case "limit":
      return `with a limit of ${usd(spec.limitPrice)}`;
    case "stop":
      return `with a stop at ${usd(spec.stopPrice)}`;
    case "stop_limit":
      return `with a stop at ${usd(spec.stopPrice)} and a limit of ${usd(spec.limitPrice)}`;
  }
}

/**
 * The confirmation text, rendered from the stored proposal only (never from model text). It is
 * what the audit trail records as "shown to the user".
 */
export function cardText(p: Omit<ProposalRecord, "cardText" | "hash">): string {
  const account = `${p.account.institution} ${p.account.name}${p.account.numberMasked ? ` ${p.account.numberMasked}` : ""} (${p.account.isPaper ? "paper" : "live"})`;
  if (!isOrderSpec(p.spec)) {
    const c: CancelSpec = p.spec;
    return `Cancel the open order to ${c.side} ${describeSize(c)} of ${c.symbol} in ${account}.`;
  }
  const s = p.spec;
  const verb = s.side === "buy" ? "Buy" : "Sell";
  const e = p.estimate;
  const lines = [
    `${verb} ${describeSize(s)} of ${s.symbol}${s.description ? ` (${s.description})` : ""} ${describeType(s)}, ${s.timeInForce.toUpperCase()}, ${s.side === "buy" ? "in" : "from"} ${account}.`,
    `Estimated ${usd(e.amount)} (${e.amountSource === "broker_preview" ? "broker preview" : "our estimate"}) at ${usd(e.price)} per share (${e.priceSource}); fees ${e.fees === null ? "unknown" : usd(e.fees)}.`,
  ];
  if (e.buyingPowerBefore !== null) {
    lines.push(`Buying power ${usd(e.buyingPowerBefore)} → ${usd(e.buyingPowerAfter)}.`);
  }
  for (const warning of p.warnings) lines.push(`Warning: ${warning}`);
  return lines.join("\n");
}

/** DESIGN.md section 4 `pendingConfirmation`, from the stored proposal. */
export function toPendingConfirmation(p: ProposalRecord): PendingConfirmation {
  const spec = p.spec;
  const order: PendingConfirmation["order"] = isOrderSpec(spec)
    ? {
        symbol: spec.symbol,
        description: spec.description,
        side: spec.side,
        quantity: spec.quantity,
        notional: spec.notional,
        orderType: spec.orderType,
        limitPrice: spec.limitPrice,
        stopPrice: spec.stopPrice,
        timeInForce: spec.timeInForce,
      }
    : {
        symbol: spec.symbol,
        description: "",
        side: spec.side,
        quantity: spec.quantity,
        notional: spec.notional,
        orderType: "market",
        limitPrice: null,
        stopPrice: null,
        timeInForce: "day",
      };
  return {
    id: p.id,
    kind: p.kind,
    order,
    account: p.account,
    routing: p.routing,
    estimate: p.estimate,
    warnings: p.warnings,
    text: p.cardText,
    hash: p.hash,
    expiresAt: p.expiresAt,
  };
}
