import { brokerOrders, inWindow, type Run, Session, sleep } from "../trading.js";
import type { Actor } from "../users.js";
import { cardOf, expectStatus } from "./expect.js";

const CATEGORY = "kill-9";

/** Broker latency while the approval is in flight, so the kill lands inside it. */
const LATENCY_MS = 1_500;

/**
 * SIGKILL the service while an approval is in flight (at a different moment each time), start it
 * again on the same DATA_DIR, and look at once: the thread answers (no thread_busy) and does
 * not show as waiting a card the broker already has an order for.
 */
export async function killDuringApproval(run: Run, actor: Actor): Promise<void> {
  const s = new Session(run, CATEGORY, actor);
  const rounds = run.quick ? 2 : 10;
  for (let round = 0; round < rounds; round++) {
    const provider = round % 2 === 0 ? "alpaca" : "snaptrade";
    const order =
      provider === "alpaca" ? `buy ${31 + round} shares of NVDA` : `buy ${31 + round} shares of GOOGL`;
    await inWindow(run, CATEGORY, async () => {
      const { threadId, card } = await s.cardFor(order);
      await run.stack.admin("/config", { latencyMs: { [provider]: LATENCY_MS } });
      const inFlight = s.approve(threadId, card).catch(() => undefined);
      await sleep(60 + ((round * 197) % (LATENCY_MS + 400)));
      await run.stack.admin("/config", { latencyMs: { [provider]: 0 } });
      await run.stack.killAndRestart();
      await inFlight;

      const chat = await s.say(threadId, "what do I hold?");
      expectStatus(run.log, CATEGORY, `round ${round}: chat at once after the restart`, chat, [200]);
      const view = await s.call("GET", `/api/threads/${threadId}`);
      const sent = (await brokerOrders(run.stack)).some(
        (o) =>
          o.clientOrderId === card.id ||
          (o.provider === "snaptrade" &&
            o.symbol === card.order?.symbol &&
            o.quantity === card.order?.quantity),
      );
      if (sent && cardOf(view)?.id === card.id) {
        run.log.find(
          CATEGORY,
          "wrongAnswer",
          `round ${round}: the broker has the order, yet the thread still shows its card waiting`,
        );
      }
      const retry = await s.approve(threadId, card);
      expectStatus(run.log, CATEGORY, `round ${round}: approve again after the restart`, retry, [200, 409]);
    });
  }
}
