import type { DecisionView, PendingConfirmation, ThreadView } from "../../src/server/api-types.js";
import type { CallResult, Category, ExchangeLog } from "../exchange-log.js";

/** Records a "wrong answer" finding when `answer` is not one of the statuses the contract gives. */
export function expectStatus(
  log: ExchangeLog,
  category: Category,
  attempt: string,
  answer: CallResult,
  allowed: number[],
): boolean {
  if (allowed.includes(answer.status)) return true;
  log.find(
    category,
    "wrongAnswer",
    `${attempt}: answered ${answer.status}, expected ${allowed.join(" or ")}: ${answer.text.slice(0, 200)}`,
  );
  return false;
}

export function cardOf(answer: CallResult): PendingConfirmation | null {
  return (answer.json as ThreadView | undefined)?.pendingConfirmation ?? null;
}

export function orderIdOf(answer: CallResult): string | null {
  return (answer.json as DecisionView | undefined)?.order?.id ?? null;
}

/**
 * A card's text is rendered from exactly the values sent: its size appears in it as sent, and
 * the size is a positive amount.
 */
export function checkCardText(
  log: ExchangeLog,
  category: Category,
  attempt: string,
  card: PendingConfirmation,
): void {
  const order = card.order;
  if (!order) return;
  const size = order.quantity ?? order.notional;
  if (size === null || !(size > 0)) {
    log.find(category, "wrongAnswer", `${attempt}: card ${card.id} has a size of ${size}`);
    return;
  }
  const plain = String(size);
  const grouped = size.toLocaleString("en-US", { maximumFractionDigits: 20 });
  const money =
    order.notional !== null ? size.toLocaleString("en-US", { minimumFractionDigits: 2 }) : grouped;
  if (![plain, grouped, money].some((text) => card.text.includes(text))) {
    log.find(
      category,
      "wrongAnswer",
      `${attempt}: card text does not show the size sent (${plain}): ${card.text.slice(0, 160)}`,
    );
  }
  for (const price of [order.limitPrice, order.stopPrice]) {
    // whole cents from $1 up, four decimals below (SEC Rule 612's minimum increments)
    const steps = price !== null && price >= 1 ? 100 : 10_000;
    if (price !== null && Math.abs(Math.round(price * steps) - price * steps) > 1e-6) {
      log.find(category, "wrongAnswer", `${attempt}: card ${card.id} carries a price off the tick: ${price}`);
    }
  }
}
