import type {
  Decision,
  DecisionView,
  Message,
  PendingConfirmation,
  ThreadView,
} from "../server/api-types.js";
import { decisionPrompt, renderCard } from "./card-renderer.js";
import { promptEdit } from "./edit-prompt.js";
import { describeError } from "./error-text.js";
import type { LineSource } from "./line-source.js";
import { parseDecisionOutcome, renderDecisionOutcome, renderOrder } from "./outcome-renderer.js";
import type { Printer } from "./printer.js";
import type { ServiceClient } from "./service-client.js";
import type { Style } from "./style.js";

export interface ChatLoopDeps {
  client: ServiceClient;
  threadId: string;
  lines: LineSource;
  printer: Printer;
  style: Style;
  serviceUrl: string;
}

const CARD_WORDS: Record<string, Decision["decision"]> = {
  approve: "approve",
  a: "approve",
  reject: "reject",
  r: "reject",
  edit: "edit",
  e: "edit",
};
const QUIT = new Set(["/quit", "/exit", "quit", "exit"]);

/**
 * The conversation: each line is a chat message, except that while a card is open the words
 * approve / reject / edit act on the card through the confirmations route (with the card's
 * hash). Returns the process exit code: 0 when input ends, 1 after an error that would repeat.
 */
export async function runChatLoop(deps: ChatLoopDeps, initial: ThreadView): Promise<number> {
  const { printer, style } = deps;
  let pending = initial.pendingConfirmation;
  if (pending) showCard(deps, pending);

  for (;;) {
    const line = await deps.lines.next(pending ? `${style.bold("card")}> ` : `${style.bold("you")}> `);
    if (line === null) break;
    const text = line.trim();
    if (!text) continue;
    if (QUIT.has(text.toLowerCase())) break;
    try {
      const action = pending ? CARD_WORDS[text.toLowerCase()] : undefined;
      if (pending && action) pending = await actOnCard(deps, pending, action);
      else pending = await sendTurn(deps, text, pending);
    } catch (error) {
      const report = describeError(error, deps.serviceUrl);
      printer.line(style.red(report.text));
      if (report.fatal) return 1;
      // The card may have expired or been decided meanwhile: ask the service what is true now.
      pending = await refreshPending(deps, pending);
    }
  }
  printer.endLine();
  if (pending) printer.line(style.dim("The order card is still open; nothing was sent."));
  return 0;
}

function showCard(deps: ChatLoopDeps, card: PendingConfirmation): void {
  deps.printer.line(renderCard(card, deps.style));
  deps.printer.line(decisionPrompt(deps.style));
}

async function sendTurn(
  deps: ChatLoopDeps,
  text: string,
  before: PendingConfirmation | null,
): Promise<PendingConfirmation | null> {
  const { printer, style } = deps;
  let streamed = false;
  const view = await deps.client.sendMessage(deps.threadId, text, {
    token(token) {
      if (!streamed) printer.endLine();
      streamed = true;
      printer.stream(token);
    },
    tool(activity) {
      if (activity.status === "started") printer.line(style.dim(`  … ${activity.name}`));
      else if (activity.status === "failed") printer.line(style.red(`  ✗ ${activity.name} failed`));
    },
  });
  printer.endLine();
  showMessages(deps, view.messages, streamed);
  return afterTurn(deps, before, view.pendingConfirmation);
}

async function actOnCard(
  deps: ChatLoopDeps,
  card: PendingConfirmation,
  action: Decision["decision"],
): Promise<PendingConfirmation | null> {
  let view: DecisionView;
  if (action === "edit") {
    const changes = await promptEdit(
      card,
      (q) => deps.lines.next(q),
      (t) => deps.printer.line(t),
    );
    if (!changes) {
      deps.printer.line(deps.style.dim("Nothing changed; the card is still open."));
      deps.printer.line(decisionPrompt(deps.style));
      return card;
    }
    view = await deps.client.decide(deps.threadId, card.id, { decision: "edit", changes });
  } else if (action === "approve") {
    view = await deps.client.decide(deps.threadId, card.id, { decision: "approve", hash: card.hash });
  } else {
    view = await deps.client.decide(deps.threadId, card.id, { decision: "reject" });
  }
  showMessages(deps, view.messages, false, view.order !== null);
  if (view.order) deps.printer.line(renderOrder(view.order, deps.style));
  return afterTurn(deps, card, view.pendingConfirmation);
}

/** Assistant text (unless it was already streamed), then the outcome of a decision made in chat. */
function showMessages(deps: ChatLoopDeps, messages: Message[], streamed: boolean, orderShown = false): void {
  const outcomes: string[] = [];
  for (const message of messages) {
    if (message.role === "assistant" && !streamed) deps.printer.line(message.content);
    if (message.role === "tool" && message.toolName === "confirmation_result" && !orderShown) {
      const outcome = parseDecisionOutcome(message.content);
      if (outcome) outcomes.push(renderDecisionOutcome(outcome, deps.style));
    }
  }
  for (const line of outcomes) deps.printer.line(line);
}

function afterTurn(
  deps: ChatLoopDeps,
  before: PendingConfirmation | null,
  after: PendingConfirmation | null,
): PendingConfirmation | null {
  if (after && after.id !== before?.id) showCard(deps, after);
  else if (after)
    deps.printer.line(
      deps.style.dim(`The ${after.order.symbol} card is still open: approve / reject / edit.`),
    );
  return after;
}

async function refreshPending(
  deps: ChatLoopDeps,
  before: PendingConfirmation | null,
): Promise<PendingConfirmation | null> {
  try {
    const thread = await deps.client.getThread(deps.threadId);
    return afterTurn(deps, before, thread.pendingConfirmation);
  } catch {
    return before;
  }
}
