import type { PendingConfirmation } from "../../src/server/api-types.js";
import type { CardExpectation, TurnExpectation } from "../scenario-schema.js";
import type { TurnObservation } from "./observation.js";
import { accountMatches } from "./perform-turn.js";
import { subsetMismatch } from "./subset-match.js";

/** Marks the failures where the card on screen is not the order the user asked for. */
export const WRONG_CARD = "wrong card";

/** The synthetic tool message that carries a decision's outcome; no SSE `tool` event announces it. */
const DECISION_TOOL = "confirmation_result";

/**
 * Checks one turn: the scenario's expectations, plus invariants every turn must keep (the turn
 * succeeded unless a status was expected; the streamed tool events and the thread's tool messages
 * agree; the card the turn reported is the card the thread shows). Returns the failures.
 */
export function checkTurn(expect: TurnExpectation, seen: TurnObservation, isChat: boolean): string[] {
  const failures: string[] = [];
  const fail = (text: string) => failures.push(text);

  if (expect.status !== undefined) {
    if (seen.status !== expect.status) fail(`HTTP status ${seen.status}, expected ${expect.status}`);
  } else if (seen.status !== 200) {
    fail(`the turn failed: ${seen.status} ${seen.error?.code}: ${seen.error?.message}`);
  }
  if (seen.pending?.id !== seen.pendingInThread?.id) {
    fail(
      `the turn reported card ${seen.pending?.id ?? "none"} but the thread shows ${seen.pendingInThread?.id ?? "none"}`,
    );
  }
  if (isChat && seen.status === 200) checkToolEvents(seen, fail);

  for (const tool of expect.tools ?? []) {
    const sameName = seen.toolCalls.filter((call) => call.name === tool.name);
    if (sameName.length === 0) {
      fail(`no ${tool.name} call (calls: ${names(seen) || "none"})`);
      continue;
    }
    if (tool.result) {
      const mismatches = sameName.map((call) => subsetMismatch(call.result, tool.result));
      if (!mismatches.includes(null)) fail(`${tool.name} result: ${mismatches[0]}`);
    }
  }
  for (const name of expect.noTools ?? []) {
    if (seen.toolCalls.some((c) => c.name === name) || seen.toolEvents.some((e) => e.name === name)) {
      fail(`${name} was called`);
    }
  }
  if (expect.card === null && seen.pending)
    fail(`a card is open (${describeCard(seen.pending)}), expected none`);
  if (expect.card) {
    if (!seen.pending) fail("no card is open");
    else {
      const mismatch = cardMismatch(seen.pending, expect.card);
      if (mismatch) fail(`${WRONG_CARD}: ${mismatch}`);
    }
  }
  // A card the scenario did not ask for is a card that differs from the request: always a failure.
  const surpriseCard = seen.pending !== null && seen.pending.id !== seen.pendingBefore?.id;
  if (surpriseCard && expect.card === undefined && expect.newCard === undefined && seen.pending)
    fail(`${WRONG_CARD}: an unrequested card was prepared (${describeCard(seen.pending)})`);
  if (expect.newCard !== undefined) {
    const isNew = seen.pending !== null && seen.pending.id !== seen.pendingBefore?.id;
    if (isNew !== expect.newCard)
      fail(expect.newCard ? "no new card was prepared" : "a new card was prepared");
  }
  if (expect.decision) {
    const outcomes = seen.toolCalls
      .filter((c) => c.name === DECISION_TOOL)
      .map((c) => (c.result as { outcome?: string } | null)?.outcome);
    if (!outcomes.includes(expect.decision)) {
      fail(`decision outcome ${outcomes.join(", ") || "none"}, expected ${expect.decision}`);
    }
  }
  if (expect.order) {
    if (!seen.order) fail("the confirmations route returned no order");
    else {
      const { status, ...fields } = expect.order;
      const mismatch = subsetMismatch(seen.order, fields, "order");
      if (mismatch) fail(mismatch);
      if (status && !status.includes(seen.order.status))
        fail(`order status ${seen.order.status}, expected ${status.join(" or ")}`);
    }
  }
  for (const source of expect.says ?? []) {
    if (!new RegExp(source, "i").test(seen.answer))
      fail(`the answer does not match /${source}/: ${quote(seen.answer)}`);
  }
  for (const source of expect.saysNot ?? []) {
    if (new RegExp(source, "i").test(seen.answer))
      fail(`the answer matches /${source}/: ${quote(seen.answer)}`);
  }
  return failures;
}

/** The SSE `tool` events announce exactly the tools whose results the thread records. */
function checkToolEvents(seen: TurnObservation, fail: (text: string) => void): void {
  const started = seen.toolEvents
    .filter((e) => e.status === "started")
    .map((e) => e.name)
    .sort();
  const recorded = seen.toolCalls
    .filter((c) => c.name !== DECISION_TOOL)
    .map((c) => c.name)
    .sort();
  if (started.join() !== recorded.join()) {
    fail(
      `SSE tool events [${started.join(", ")}] differ from the thread's tool messages [${recorded.join(", ")}]`,
    );
  }
}

function cardMismatch(card: PendingConfirmation, expect: CardExpectation): string | null {
  const { account, alternatives, warning, reason, kind, ...order } = expect;
  if (kind && card.kind !== kind) return `kind is ${card.kind}, expected ${kind}`;
  const orderMismatch = subsetMismatch(card.order, order, "order");
  if (orderMismatch) return orderMismatch;
  if (account && !accountMatches(card.account, account)) {
    return `account is ${card.account.institution} / ${card.account.name}, expected ${JSON.stringify(account)}`;
  }
  for (const alternative of alternatives ?? []) {
    const { canTrade, ...ref } = alternative;
    const found = card.routing.alternatives.some(
      (a) => accountMatches(a, ref) && (canTrade === undefined || a.canTrade === canTrade),
    );
    if (!found) {
      const listed =
        card.routing.alternatives.map((a) => `${a.institution} / ${a.name}`).join("; ") || "none";
      return `no alternative ${JSON.stringify(alternative)} (alternatives: ${listed})`;
    }
  }
  if (warning && !card.warnings.some((w) => new RegExp(warning, "i").test(w))) {
    return `no warning matches /${warning}/ (warnings: ${JSON.stringify(card.warnings)})`;
  }
  if (reason && !new RegExp(reason, "i").test(card.routing.reason)) {
    return `routing reason ${JSON.stringify(card.routing.reason)} does not match /${reason}/`;
  }
  return null;
}

function describeCard(card: PendingConfirmation): string {
  const size = card.order.quantity ?? `$${card.order.notional}`;
  return `${card.kind} ${card.order.side} ${size} ${card.order.symbol} in ${card.account.institution} ${card.account.name}`;
}

function names(seen: TurnObservation): string {
  return seen.toolCalls.map((c) => c.name).join(", ");
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return JSON.stringify(flat.length > 160 ? `${flat.slice(0, 157)}...` : flat);
}
