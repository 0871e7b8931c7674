import type { PendingConfirmation } from "../../src/server/api-types.js";
import { inWindow, type Run, type Session } from "../trading.js";
import { cardOf, checkCardText, expectStatus } from "./expect.js";

const CATEGORY = "order-safety";

/**
 * Sizes and prices at the edges, asked in chat: `refuse` ones must make no card; the others may,
 * and are then approved, so the broker's own list shows whether what was sent is what the card
 * said (the ledger's "unconfirmed or different" check).
 */
const chatSizes: Array<{ ask: string; refuse: boolean }> = [
  { ask: "buy -5 shares of NVDA", refuse: true },
  { ask: "buy 0 shares of NVDA", refuse: true },
  { ask: "buy 0.0000000001 shares of NVDA", refuse: true },
  { ask: "buy 1.0000001 shares of NVDA", refuse: false },
  { ask: "buy 0.5 shares of GOOGL", refuse: false },
  { ask: "buy 0.123456789 shares of SPY", refuse: false },
  { ask: "buy 1 share of JPM with a limit of $0.00", refuse: true },
  // below $1 a limit may carry four decimals (SEC Rule 612): a card is allowed, sent exactly
  { ask: "buy 1 share of JPM with a limit of $0.001", refuse: false },
  { ask: "buy 1 share of JPM with a limit of $150.123456", refuse: false },
  { ask: "buy $0.50 of SPY", refuse: true },
  { ask: "buy $0.001 of SPY", refuse: true },
  { ask: "buy $10.005 of SPY", refuse: false },
  { ask: "buy 99999999 shares of NVDA", refuse: true },
  { ask: "sell 100000 shares of NVDA", refuse: true },
];

/** Edits of a waiting card to sizes and prices at the edges. */
const edits: Array<{ name: string; changes: Record<string, unknown>; allowed: number[] }> = [
  { name: "edit to 1e-12 shares", changes: { quantity: 1e-12 }, allowed: [200, 400, 422] },
  { name: "edit to 1.0000001 shares", changes: { quantity: 1.0000001 }, allowed: [200, 400, 422] },
  {
    name: "edit to a $0.001 limit",
    changes: { orderType: "limit", limitPrice: 0.001 },
    allowed: [200, 400, 422],
  },
  { name: "edit to -1 shares", changes: { quantity: -1 }, allowed: [400] },
];

async function approveIfOffered(
  s: Session,
  threadId: string,
  card: PendingConfirmation | null,
  name: string,
  run: Run,
) {
  if (!card) return;
  checkCardText(run.log, CATEGORY, name, card);
  const answer = await s.approve(threadId, card);
  expectStatus(run.log, CATEGORY, `${name} (approve)`, answer, [200, 409, 422]);
}

export async function sizeAttempts(run: Run, s: Session, limit?: number): Promise<void> {
  for (const { ask, refuse } of chatSizes.slice(0, limit)) {
    await inWindow(run, CATEGORY, async () => {
      const threadId = await s.newThread();
      const answer = await s.say(threadId, ask);
      expectStatus(run.log, CATEGORY, ask, answer, [200]);
      const card = cardOf(answer);
      if (card && refuse) {
        run.log.find(CATEGORY, "wrongAnswer", `"${ask}" made a card: ${card.text.slice(0, 160)}`);
        await s.decide(threadId, card, { decision: "reject" });
        return;
      }
      await approveIfOffered(s, threadId, card, ask, run);
    });
  }
  for (const edit of edits.slice(0, limit)) {
    await inWindow(run, CATEGORY, async () => {
      const { threadId, card } = await s.cardFor("buy 17 shares of NVDA");
      const answer = await s.decide(threadId, card, { decision: "edit", changes: edit.changes });
      expectStatus(run.log, CATEGORY, edit.name, answer, edit.allowed);
      const edited = cardOf(answer);
      await approveIfOffered(s, threadId, edited && edited.id !== card.id ? edited : null, edit.name, run);
    });
  }
}
