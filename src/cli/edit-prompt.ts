import type { OrderChanges, PendingConfirmation } from "../server/api-types.js";
import { accountLabel, selectableAlternatives } from "./card-renderer.js";
import { price, usd } from "./format.js";

/** Asks one question and resolves with the answer, or null when input has ended. */
export type Ask = (question: string) => Promise<string | null>;

/**
 * The `edit` dialog under a card: shares or dollars, limit price, account (an alternative by its
 * number on the card). Enter keeps a value. Returns the changes for `{decision:"edit"}`, or null
 * when nothing changed or input ended.
 */
export async function promptEdit(
  card: PendingConfirmation,
  ask: Ask,
  say: (text: string) => void,
): Promise<OrderChanges | null> {
  const changes: OrderChanges = {};
  const { order } = card;
  say("Edit the order; press Enter to keep a value.");

  const shares = await askNumber(ask, say, `Shares [${order.quantity ?? "-"}]: `);
  if (shares === undefined) return null;
  if (typeof shares === "number") changes.quantity = shares;
  else {
    const dollars = await askNumber(
      ask,
      say,
      `Dollars [${order.notional === null ? "-" : usd(order.notional)}]: `,
    );
    if (dollars === undefined) return null;
    if (typeof dollars === "number") changes.notional = dollars;
  }

  const limitNow = order.limitPrice === null ? "market" : price(order.limitPrice);
  const limit = await askNumber(ask, say, `Limit price, or "market" [${limitNow}]: `, "market");
  if (limit === undefined) return null;
  if (limit === "market") {
    if (order.orderType !== "market") changes.orderType = "market";
  } else if (limit !== null) {
    changes.limitPrice = limit;
    changes.orderType =
      order.orderType === "stop" || order.orderType === "stop_limit" ? "stop_limit" : "limit";
  }

  const alternatives = selectableAlternatives(card);
  if (alternatives.length > 0) {
    alternatives.forEach((a, i) => {
      say(`  ${i + 1}. ${accountLabel(a)}`);
    });
    const pick = await askChoice(
      ask,
      say,
      `Account number [keep ${accountLabel(card.account)}]: `,
      alternatives.length,
    );
    if (pick === undefined) return null;
    if (pick !== null) changes.accountId = alternatives[pick - 1]!.accountId;
  }
  return Object.keys(changes).length > 0 ? changes : null;
}

/** A positive number (or the one `word` allowed), null for Enter, undefined when input ended. Re-asks on nonsense. */
async function askNumber(
  ask: Ask,
  say: (text: string) => void,
  question: string,
  word?: "market",
): Promise<number | "market" | null | undefined> {
  for (;;) {
    const answer = await ask(question);
    if (answer === null) return undefined;
    const text = answer.trim().toLowerCase().replace(/[$,]/g, "");
    if (text === "") return null;
    if (word && text === word) return word;
    const value = Number(text);
    if (Number.isFinite(value) && value > 0) return value;
    say(`Please enter a positive number${word ? ` or "${word}"` : ""}, or press Enter to keep it.`);
  }
}

async function askChoice(
  ask: Ask,
  say: (text: string) => void,
  question: string,
  count: number,
): Promise<number | null | undefined> {
  for (;;) {
    const answer = await ask(question);
    if (answer === null) return undefined;
    const text = answer.trim();
    if (text === "") return null;
    const value = Number(text);
    if (Number.isInteger(value) && value >= 1 && value <= count) return value;
    say(`Please enter a number from 1 to ${count}, or press Enter to keep the account.`);
  }
}
