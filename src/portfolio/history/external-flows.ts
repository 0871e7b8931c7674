import type { Activity } from "../../brokers/model.js";
import type { ExternalFlow } from "./time-weighted-return.js";

/**
 * Money moved into or out of an account from outside it (not a trade, dividend, fee or interest).
 * Providers disagree on signs: a withdrawal may come positive (SnapTrade, Plaid) or negative, and
 * Alpaca's JNLC journal is one "deposit" type for both directions, negative when money leaves.
 * So a withdrawal is always outgoing, and a deposit carries its own sign.
 * Returns null for activities that are not external flows; `amount: null` when a flow's size is
 * not reported (the caller must say the figure is incomplete, never count it as 0).
 */
export function externalFlow(activity: Activity): { flow: ExternalFlow | null; unknownAmount: boolean } {
  if (activity.type !== "deposit" && activity.type !== "withdrawal")
    return { flow: null, unknownAmount: false };
  if (activity.amount === null || activity.amount === 0)
    return { flow: null, unknownAmount: activity.amount === null };
  const amount = activity.type === "withdrawal" ? -Math.abs(activity.amount) : activity.amount;
  return {
    flow: {
      accountId: activity.accountId,
      at: activity.at,
      amount,
      kind: amount < 0 ? "withdrawal" : "deposit",
    },
    unknownAmount: false,
  };
}
