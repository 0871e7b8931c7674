import type { DecisionOutcome, PendingConfirmation, PrepareResult } from "../../../orders/contract/index.js";

/**
 * Light runtime checks of the result shapes in tools/contracts.ts, so a malformed or unexpected
 * result is reported as unreadable instead of crashing an answer or being trusted.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const OUTCOMES = new Set(["submitted", "cancel_submitted", "rejected_by_user", "unknown", "failed"]);

export function isDecisionOutcome(value: unknown): value is DecisionOutcome {
  if (!isRecord(value) || typeof value.outcome !== "string" || !OUTCOMES.has(value.outcome)) return false;
  return value.outcome !== "submitted" || isRecord(value.order);
}

export function isPrepareResult(value: unknown): value is PrepareResult {
  if (!isRecord(value)) return false;
  if (value.status === "awaiting_confirmation") return isConfirmation(value.confirmation);
  if (value.status === "refused") return typeof value.reason === "string";
  if (value.status === "needs_clarification") return typeof value.question === "string";
  return false;
}

function isConfirmation(value: unknown): value is PendingConfirmation {
  return (
    isRecord(value) &&
    (value.kind === "order" || value.kind === "cancel") &&
    isRecord(value.order) &&
    typeof value.order.symbol === "string" &&
    (value.order.side === "buy" || value.order.side === "sell") &&
    isRecord(value.account) &&
    isRecord(value.estimate)
  );
}

/** `{ key: [...] }` with an array under `key`: the minimum each list result must have. */
export function hasArray(value: unknown, key: string): value is Record<string, unknown[]> {
  return isRecord(value) && Array.isArray(value[key]);
}
