import type { PendingConfirmation } from "../server/api-types.js";
import { clockTime, orderSize, orderTypeText, price, timeLeft, usd } from "./format.js";
import type { Style } from "./style.js";

type Alternative = PendingConfirmation["routing"]["alternatives"][number];

/**
 * The confirmation card drawn from `pendingConfirmation` (never from the model's text): what
 * will be sent, to which account, what it should cost, why this account, what else could take
 * it, and until when the card is valid.
 */

/** Alternatives the user can switch to on the card, numbered 1.. in this order by the edit prompt. */
export function selectableAlternatives(card: PendingConfirmation): Alternative[] {
  return card.routing.alternatives.filter((a) => a.canTrade);
}

export function accountLabel(account: { institution: string; name: string }): string {
  return account.name.toLowerCase().startsWith(account.institution.toLowerCase())
    ? account.name
    : `${account.institution} ${account.name}`;
}

export function renderCard(card: PendingConfirmation, style: Style, now: Date = new Date()): string {
  const { order, account, estimate, routing } = card;
  const label = (text: string) => style.dim(text.padEnd(14));
  const lines: string[] = [];
  const title = card.kind === "cancel" ? "Confirm cancellation" : "Confirm order";
  lines.push(style.bold(`┌─ ${title} ${"─".repeat(Math.max(0, 44 - title.length))}`));

  const side = order.side === "buy" ? style.green("BUY") : style.red("SELL");
  const description =
    order.description && order.description !== order.symbol ? ` (${order.description})` : "";
  const action = card.kind === "cancel" ? `Cancel the open order to ${order.side}` : side;
  lines.push(
    `│ ${action} ${orderSize(order)} of ${style.bold(order.symbol)}${description}, ${orderTypeText(order)}, ${order.timeInForce.toUpperCase()}`,
  );
  const number = account.numberMasked ? ` ${account.numberMasked}` : "";
  const mode = account.isPaper ? style.cyan("paper") : style.yellow("live");
  lines.push(`│ ${label("Account")}${accountLabel(account)}${number} (${mode})`);

  if (card.kind === "order") {
    const source = estimate.amountSource === "broker_preview" ? "broker preview" : "estimate";
    const quoted = estimate.price === null ? "price unknown" : `${price(estimate.price)}/share`;
    lines.push(
      `│ ${label("Estimate")}${usd(estimate.amount)} (${source}) at ${quoted} (${estimate.priceSource}, ${clockTime(estimate.asOf)})`,
    );
    lines.push(`│ ${label("Fees")}${estimate.fees === null ? "unknown" : usd(estimate.fees)}`);
    if (estimate.buyingPowerBefore !== null || estimate.buyingPowerAfter !== null) {
      lines.push(
        `│ ${label("Buying power")}${usd(estimate.buyingPowerBefore)} → ${usd(estimate.buyingPowerAfter)}`,
      );
    }
  }
  for (const warning of card.warnings) lines.push(`│ ${label("Warning")}${style.yellow(warning)}`);
  if (routing.reason) lines.push(`│ ${label("Why")}${routing.reason}`);

  if (routing.alternatives.length > 0) {
    lines.push(`│ ${style.dim("Alternatives")}`);
    const selectable = selectableAlternatives(card);
    for (const alternative of routing.alternatives) {
      const index = selectable.indexOf(alternative);
      const marker = index >= 0 ? `${index + 1}.` : "-";
      lines.push(`│   ${marker} ${alternativeText(alternative, style)}`);
    }
  }
  lines.push(`│ ${label("Expires")}${clockTime(card.expiresAt)} (in ${timeLeft(card.expiresAt, now)})`);
  lines.push(style.bold(`└${"─".repeat(47)}`));
  return lines.join("\n");
}

function alternativeText(alternative: Alternative, style: Style): string {
  const facts = [`holds ${alternative.holds}`];
  if (alternative.buyingPower !== null) facts.push(`buying power ${usd(alternative.buyingPower)}`);
  const why = alternative.whyNot
    ? style.dim(` — not chosen: ${alternative.whyNot}`)
    : alternative.canTrade
      ? ""
      : style.dim(" — cannot trade");
  return `${accountLabel(alternative)} (${facts.join(", ")})${why}`;
}

/** The choices under the card. */
export function decisionPrompt(style: Style): string {
  return `${style.bold("approve")} / ${style.bold("reject")} / ${style.bold("edit")} ${style.dim("(or type a message)")}`;
}
