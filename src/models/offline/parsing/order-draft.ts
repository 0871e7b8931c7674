import { formatMoney, sharesInWords } from "../../../core/format.js";
import { type OrderRequest, orderRequestSchema } from "../../../orders/contract/index.js";
import type { Amount } from "./amounts.js";
import type { MissingOrderPart } from "./intent.js";

/**
 * Turning parsed pieces into an order draft, deciding what is still missing, and producing
 * `prepare_order` arguments. The rule that matters: an order is only complete when the user said
 * the side, the symbol and the amount. Nothing is filled in by default.
 */

/** Applies the single amount the user gave, or reports why it can't be used. */
export function applyAmounts(
  draft: Partial<OrderRequest>,
  amounts: readonly Amount[],
): MissingOrderPart | null {
  // "sell all 10 shares" says the count twice; the explicit count is the amount.
  const explicit = amounts.some((a) => a.kind === "shares" || a.kind === "dollars");
  const relevant = explicit ? amounts.filter((a) => a.kind !== "all") : [...amounts];
  const unclear = relevant.find((a) => a.kind === "unclear");
  if (unclear?.kind === "unclear") return { kind: "unclear_amount", text: unclear.text };
  if (relevant.length > 1) return { kind: "conflicting_amounts", descriptions: relevant.map(describeAmount) };
  const amount = relevant[0];
  if (!amount) return null;
  clearAmount(draft);
  if (amount.kind === "shares") draft.quantity = amount.quantity;
  else if (amount.kind === "dollars") draft.notional = amount.notional;
  else if (amount.kind === "all") draft.sellAll = true;
  else if (amount.kind === "fraction") draft.fraction = amount.fraction;
  return null;
}

export function clearAmount(draft: Partial<OrderRequest>): void {
  delete draft.quantity;
  delete draft.notional;
  delete draft.sellAll;
  delete draft.fraction;
}

export function hasAmount(draft: Partial<OrderRequest>): boolean {
  return (
    draft.quantity !== undefined ||
    draft.notional !== undefined ||
    draft.sellAll === true ||
    draft.fraction !== undefined
  );
}

/** The first thing the user still has to tell us, or null when the draft can be prepared. */
export function missingOrderPart(draft: Partial<OrderRequest>): MissingOrderPart | null {
  if (!draft.side) return { kind: "side" };
  if (!draft.symbol) return { kind: "symbol" };
  if (!hasAmount(draft)) return { kind: "amount" };
  if (draft.side === "buy" && (draft.sellAll || draft.fraction !== undefined))
    return { kind: "buy_by_fraction" };
  if ((draft.orderType === "limit" || draft.orderType === "stop_limit") && draft.limitPrice === undefined)
    return { kind: "limit_price" };
  if ((draft.orderType === "stop" || draft.orderType === "stop_limit") && draft.stopPrice === undefined)
    return { kind: "stop_price" };
  return null;
}

/** `prepare_order` arguments from a complete draft; optional fields are only sent when said. */
export function toPrepareOrderArgs(draft: Partial<OrderRequest>): Record<string, unknown> {
  const args: Record<string, unknown> = { symbol: draft.symbol, side: draft.side };
  for (const key of [
    "quantity",
    "notional",
    "sellAll",
    "fraction",
    "orderType",
    "limitPrice",
    "stopPrice",
    "timeInForce",
    "account",
  ] as const) {
    if (draft[key] !== undefined) args[key] = draft[key];
  }
  return args;
}

/** A draft rebuilt from earlier `prepare_order` arguments (to finish it after a question). */
export function draftFromPrepareArgs(args: Record<string, unknown>): Partial<OrderRequest> {
  // Each field is read with the contract's own schema, so no list of sides or types is repeated here.
  const shape = orderRequestSchema.shape;
  const draft: Record<string, unknown> = {};
  for (const key of Object.keys(shape) as Array<keyof typeof shape>) {
    if (args[key] === undefined) continue;
    const read = shape[key].safeParse(args[key]);
    if (read.success && read.data !== undefined) draft[key] = read.data;
  }
  return draft as Partial<OrderRequest>;
}

/** "10 shares", "$500", "all", "half": used in questions and summaries. */
function describeAmount(amount: Amount): string {
  switch (amount.kind) {
    case "shares":
      return sharesInWords(amount.quantity);
    case "dollars":
      return formatMoney(amount.notional);
    case "all":
      return "all of it";
    case "fraction":
      return describeFraction(amount.fraction);
    case "unclear":
      return `"${amount.text}"`;
  }
}

function describeFraction(fraction: number): string {
  const named: Array<[number, string]> = [
    [1 / 2, "half"],
    [1 / 3, "a third"],
    [2 / 3, "two thirds"],
    [1 / 4, "a quarter"],
    [3 / 4, "three quarters"],
    [1 / 5, "a fifth"],
  ];
  const match = named.find(([value]) => Math.abs(value - fraction) < 1e-9);
  return match ? match[1] : `${Number((fraction * 100).toFixed(2))}%`;
}

/** The draft's amount in words: "10 shares", "$500", "all", "half". */
export function describeDraftAmount(draft: Partial<OrderRequest>): string | null {
  if (draft.quantity !== undefined) return sharesInWords(draft.quantity);
  if (draft.notional !== undefined) return formatMoney(draft.notional);
  if (draft.sellAll) return "all";
  if (draft.fraction !== undefined) return describeFraction(draft.fraction);
  return null;
}
