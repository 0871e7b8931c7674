import { accountLabel, formatMoney, formatMoneyOrUnknown } from "../../../core/format.js";
import type { PendingConfirmation } from "../../../orders/contract/index.js";
import { cleanDataText } from "../../text/untrusted-text.js";
import { keywordText } from "./request-text.js";

/**
 * Questions about the card on screen ("what are the fees on this?", "which account is that
 * in?", "how much will it cost?") are answered from the card itself: the same figures the user
 * approves, and "unknown" where the card does not know one.
 */
const ABOUT_THE_CARD = /\b(?:this|that|it|the order|this order|the card|the trade)\b/;
const FEES = /\b(?:fees?|commissions?|charges?)\b/;
const ACCOUNT =
  /\bwhich (?:account|brokerage|broker)\b|\bwhat account\b|\bwhere (?:is|will) (?:it|this|that)\b/;
const COST =
  /\bhow much (?:will|would|does|is) (?:it|this|that)(?: \w+)? (?:cost|be)\b|\b(?:total|estimated?) (?:cost|amount)\b/;

export function answerAboutCard(request: string, card: PendingConfirmation): string | null {
  const words = keywordText(request);
  if (!/\?|^(?:what|which|how|where|is|are)\b/.test(words)) return null;
  const { estimate } = card;
  if (FEES.test(words)) {
    return estimate.fees === null
      ? "The broker did not give a fee for this order, so I can't tell you the fees; nothing has been sent."
      : `The card shows fees of ${formatMoney(estimate.fees)} for this order (${estimate.amountSource === "broker_preview" ? "the broker's preview" : "an estimate"}).`;
  }
  if (ACCOUNT.test(words) && ABOUT_THE_CARD.test(words)) {
    const label = accountLabel({
      institution: cleanDataText(card.account.institution, 40),
      name: cleanDataText(card.account.name, 60),
    });
    return `This order is for ${label}${card.account.isPaper ? " (paper trading, no real money)" : ""}.`;
  }
  if (COST.test(words)) {
    const source = estimate.amountSource === "broker_preview" ? "the broker's preview" : "an estimate";
    return `The card's amount is ${formatMoneyOrUnknown(estimate.amount)} (${source}), fees ${formatMoneyOrUnknown(estimate.fees)}.`;
  }
  return null;
}
