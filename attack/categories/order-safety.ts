import type { PendingConfirmation } from "../../src/server/api-types.js";
import type { CallResult } from "../exchange-log.js";
import { inWindow, type Run, Session, sleep } from "../trading.js";
import type { Actor } from "../users.js";
import { cardOf, checkCardText, expectStatus, orderIdOf } from "./expect.js";
import { sizeAttempts } from "./order-sizes.js";

const CATEGORY = "order-safety";

/** One decision attack: a name and what it does with a fresh card for `order` (a chat request). */
interface DecisionAttempt {
  name: string;
  order: string;
  act(s: Session, threadId: string, card: PendingConfirmation, check: Check): Promise<void>;
}

/** What an attempt reports: an answer that must have one of `allowed` statuses, or a plain failure. */
interface Check {
  status(answer: CallResult, allowed: number[]): void;
  fail(detail: string): void;
}

const approveBody = (card: PendingConfirmation) => ({ decision: "approve", hash: card.hash });
/** The owner's approval on the MCP approval page (`/confirm/<id>`), through its route. */
function approveOnMcpPage(s: Session, card: PendingConfirmation): Promise<CallResult> {
  s.confirmedElsewhere(card);
  return s.call("POST", `/api/mcp/confirmations/${card.id}/decision`, { body: approveBody(card) });
}

const key = () => ({ "idempotency-key": `attack-${crypto.randomUUID()}` });

/** At most one distinct order id among the answers that carry one. */
function oneOrder(answers: CallResult[], check: Check) {
  const ids = new Set(answers.map(orderIdOf).filter((id): id is string => id !== null));
  if (ids.size > 1) check.fail(`the answers name ${ids.size} different orders: ${[...ids].join(", ")}`);
}

const decisionAttempts: DecisionAttempt[] = [
  ...(["buy 1 share of NVDA", "buy 1 share of GOOGL"] as const).map((order) => ({
    name: `approve twice in a row (${order})`,
    order,
    async act(s: Session, threadId: string, card: PendingConfirmation, check: Check) {
      const first = await s.approve(threadId, card);
      check.status(first, [200]);
      const second = await s.approve(threadId, card);
      check.status(second, [200, 409]);
      oneOrder([first, second], check);
    },
  })),
  ...(["buy 2 shares of SPY", "buy 2 shares of JPM", "buy 1 share of AMD"] as const).map((order) => ({
    name: `five concurrent approvals (${order})`,
    order,
    async act(s: Session, threadId: string, card: PendingConfirmation, check: Check) {
      const answers = await Promise.all(Array.from({ length: 5 }, () => s.approve(threadId, card)));
      for (const answer of answers) check.status(answer, [200, 409]);
      oneOrder(answers, check);
    },
  })),
  {
    name: "wrong hash: 409, the card stays, reject still works",
    order: "buy 3 shares of GOOGL",
    async act(s, threadId, card, check) {
      check.status(await s.decide(threadId, card, { decision: "approve", hash: "A".repeat(43) }), [409]);
      const view = await s.call("GET", `/api/threads/${threadId}`);
      if (cardOf(view)?.id !== card.id) check.fail("after a refused approval the card left the thread");
      check.status(await s.decide(threadId, card, { decision: "reject" }), [200]);
    },
  },
  {
    name: "hash with one character changed",
    order: "buy 3 shares of NVDA",
    async act(s, threadId, card, check) {
      const last = card.hash.at(-1) === "A" ? "B" : "A";
      check.status(
        await s.decide(threadId, card, { decision: "approve", hash: `${card.hash.slice(0, -1)}${last}` }),
        [409],
      );
    },
  },
  {
    name: "stale hash (another card's)",
    order: "buy 4 shares of NVDA",
    async act(s, threadId, card, check) {
      const other = await s.cardFor("buy 5 shares of NVDA");
      check.status(await s.decide(threadId, card, { decision: "approve", hash: other.card.hash }), [409]);
      check.status(await s.decide(other.threadId, other.card, { decision: "reject" }), [200]);
    },
  },
  {
    name: "approve then reject",
    order: "buy 4 shares of GOOGL",
    async act(s, threadId, card, check) {
      check.status(await s.approve(threadId, card), [200]);
      check.status(await s.decide(threadId, card, { decision: "reject" }), [409]);
    },
  },
  {
    name: "reject then approve",
    order: "buy 6 shares of NVDA",
    async act(s, threadId, card, check) {
      check.status(await s.decide(threadId, card, { decision: "reject" }), [200]);
      const late = await s.call("POST", `/api/threads/${threadId}/confirmations/${card.id}`, {
        body: approveBody(card),
      });
      check.status(late, [409]);
    },
  },
  ...(["buy 7 shares of NVDA", "buy 5 shares of JPM"] as const).map((order) => ({
    name: `edit racing approve (${order})`,
    order,
    async act(s: Session, threadId: string, card: PendingConfirmation, check: Check) {
      const [edit, approval] = await Promise.all([
        s.decide(threadId, card, { decision: "edit", changes: { quantity: 9 } }),
        s.approve(threadId, card),
      ]);
      check.status(edit, [200, 409]);
      check.status(approval, [200, 409]);
    },
  })),
  {
    name: "approve racing reject",
    order: "buy 8 shares of NVDA",
    async act(s, threadId, card, check) {
      const answers = await Promise.all([
        s.approve(threadId, card),
        s.decide(threadId, card, { decision: "reject" }),
      ]);
      for (const answer of answers) check.status(answer, [200, 409]);
    },
  },
  {
    name: "replayed approval with its Idempotency-Key",
    order: "buy 6 shares of GOOGL",
    async act(s, threadId, card, check) {
      const headers = key();
      const first = await s.approve(threadId, card, headers);
      const replay = await s.approve(threadId, card, headers);
      check.status(first, [200]);
      check.status(replay, [200]);
      if (replay.headers.get("idempotent-replayed") !== "true")
        check.fail("the retry was run again, not replayed");
      oneOrder([first, replay], check);
    },
  },
  {
    name: "Idempotency-Key replayed with another body",
    order: "buy 9 shares of NVDA",
    async act(s, threadId, card, check) {
      const headers = key();
      check.status(await s.decide(threadId, card, { decision: "reject" }, headers), [200]);
      check.status(await s.approve(threadId, card, headers), [422]);
    },
  },
  {
    name: "three concurrent approvals with one Idempotency-Key",
    order: "buy 10 shares of NVDA",
    async act(s, threadId, card, check) {
      const headers = key();
      const answers = await Promise.all(Array.from({ length: 3 }, () => s.approve(threadId, card, headers)));
      for (const answer of answers) check.status(answer, [200, 409]);
      oneOrder(answers, check);
    },
  },
  {
    name: "chat 'yes' racing the approve button",
    order: "buy 7 shares of GOOGL",
    async act(s, threadId, card, check) {
      s.confirmedElsewhere(card);
      const [chat, button] = await Promise.all([s.say(threadId, "yes"), s.approve(threadId, card)]);
      check.status(chat, [200, 409]);
      check.status(button, [200, 409]);
    },
  },
  {
    name: "MCP approval route racing the chat route",
    order: "buy 11 shares of NVDA",
    async act(s, threadId, card, check) {
      const [mcp, chat] = await Promise.all([approveOnMcpPage(s, card), s.approve(threadId, card)]);
      check.status(mcp, [200, 409]);
      check.status(chat, [200, 409]);
    },
  },
  {
    name: "card approved on another thread of the same user",
    order: "buy 12 shares of NVDA",
    async act(s, _threadId, card, check) {
      const other = await s.newThread();
      const answer = await s.call("POST", `/api/threads/${other}/confirmations/${card.id}`, {
        body: approveBody(card),
      });
      check.status(answer, [404, 409]);
    },
  },
  {
    name: "approve without a hash",
    order: "buy 13 shares of NVDA",
    async act(s, threadId, card, check) {
      check.status(await s.decide(threadId, card, { decision: "approve" }), [200, 409]);
    },
  },
  {
    name: "approve with an extra field",
    order: "buy 14 shares of NVDA",
    async act(s, threadId, card, check) {
      check.status(
        await s.decide(threadId, card, { decision: "approve", hash: card.hash, quantity: 1000 }),
        [400],
      );
    },
  },
  {
    name: "approve a card a newer one replaced",
    order: "buy 8 shares of GOOGL",
    async act(s, threadId, card, check) {
      const newer = cardOf(await s.say(threadId, "make it 9 shares"));
      check.status(await s.approve(threadId, card), [404, 409, 410]);
      if (newer) await s.decide(threadId, newer, { decision: "reject" });
    },
  },
  {
    name: "MCP route: two concurrent approvals",
    order: "buy 15 shares of NVDA",
    async act(s, _threadId, card, check) {
      const answers = await Promise.all([approveOnMcpPage(s, card), approveOnMcpPage(s, card)]);
      for (const answer of answers) check.status(answer, [200, 409]);
    },
  },
];

/** A card made at the start and approved once it has expired: 410, nothing sent. */
async function approveAfterExpiry(
  run: Run,
  s: Session,
  made: { threadId: string; card: PendingConfirmation },
) {
  const wait = Date.parse(made.card.expiresAt) - Date.now() + 1_500;
  if (wait > 0) {
    process.stdout.write(`  waiting ${Math.ceil(wait / 1000)} s for a card to expire\n`);
    await sleep(wait);
  }
  await inWindow(run, CATEGORY, async () => {
    run.ledger.touch(made.card.id);
    const answer = await s.call("POST", `/api/threads/${made.threadId}/confirmations/${made.card.id}`, {
      body: approveBody(made.card),
    });
    expectStatus(run.log, CATEGORY, "approve after expiry", answer, [410]);
  });
}

/**
 * The decision and size attacks; the answer is the last attempt, approve-after-expiry, to run
 * once the card has expired (after the other categories, so the run does not wait for it).
 */
export async function orderSafety(run: Run, actor: Actor): Promise<() => Promise<void>> {
  const s = new Session(run, CATEGORY, actor);
  const expiring = run.quick ? undefined : await s.cardFor("buy 16 shares of NVDA");
  const attempts = run.quick ? decisionAttempts.slice(0, 4) : decisionAttempts;
  for (const attempt of attempts) {
    await inWindow(run, CATEGORY, async () => {
      const { threadId, card } = await s.cardFor(attempt.order);
      checkCardText(run.log, CATEGORY, attempt.name, card);
      await attempt.act(s, threadId, card, {
        status: (answer, allowed) => expectStatus(run.log, CATEGORY, attempt.name, answer, allowed),
        fail: (detail) => run.log.find(CATEGORY, "wrongAnswer", `${attempt.name}: ${detail}`),
      });
    });
  }
  await sizeAttempts(run, s, run.quick ? 3 : undefined);
  return async () => {
    if (expiring) await approveAfterExpiry(run, s, expiring);
  };
}
