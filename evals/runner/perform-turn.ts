import { ApiError } from "../../src/cli/api-error.js";
import type { ServiceClient } from "../../src/cli/service-client.js";
import type {
  Account,
  Message,
  OrderChanges,
  PendingConfirmation,
  ThreadView,
} from "../../src/server/api-types.js";
import type { AccountRef, CardChanges, Turn } from "../scenario-schema.js";
import type { ObservedToolCall, TurnObservation } from "./observation.js";

export interface TurnContext {
  client: ServiceClient;
  threadId: string;
  /** The card open after each earlier turn (index 0 = after turn 1). */
  cardsAfterTurn: Array<PendingConfirmation | null>;
  pendingBefore: PendingConfirmation | null;
}

/** Runs one turn through the HTTP API and records what it showed. */
export async function performTurn(turn: Turn, context: TurnContext): Promise<TurnObservation> {
  const started = performance.now();
  const observation: TurnObservation = {
    status: 200,
    error: null,
    toolCalls: [],
    toolEvents: [],
    answer: "",
    pending: context.pendingBefore,
    pendingInThread: null,
    pendingBefore: context.pendingBefore,
    order: null,
    ms: 0,
  };
  try {
    let view: ThreadView;
    if ("say" in turn) {
      view = await context.client.sendMessage(context.threadId, turn.say, {
        tool: (activity) => observation.toolEvents.push(activity),
      });
    } else {
      const card = cardFor(turn, context);
      if (!card) throw new ApiError(0, "no_card", "there is no card to act on");
      const decision =
        turn.card === "edit"
          ? { decision: "edit" as const, changes: await resolveChanges(turn.changes, context.client) }
          : turn.card === "approve"
            ? { decision: "approve" as const, hash: turn.hash ?? card.hash }
            : { decision: "reject" as const };
      const decided = await context.client.decide(context.threadId, card.id, decision);
      observation.order = decided.order;
      view = decided;
    }
    observation.pending = view.pendingConfirmation;
    record(observation, view.messages);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    observation.status = error.status;
    observation.error = { code: error.code, message: error.message };
  }
  const thread = await context.client.getThread(context.threadId);
  observation.pendingInThread = thread.pendingConfirmation;
  // After a failed turn the thread is the only source of what is open now.
  if (observation.status !== 200) observation.pending = thread.pendingConfirmation;
  observation.ms = Math.round(performance.now() - started);
  return observation;
}

function cardFor(turn: Exclude<Turn, { say: string }>, context: TurnContext): PendingConfirmation | null {
  if ("cardFromTurn" in turn && turn.cardFromTurn !== undefined) {
    return context.cardsAfterTurn[turn.cardFromTurn - 1] ?? null;
  }
  return context.pendingBefore;
}

function record(observation: TurnObservation, messages: Message[]): void {
  const answers: string[] = [];
  for (const message of messages) {
    if (message.role === "assistant") answers.push(message.content);
    if (message.role === "tool") {
      observation.toolCalls.push({ name: message.toolName ?? "tool", result: parseResult(message.content) });
    }
  }
  observation.answer = answers.join("\n");
}

function parseResult(content: string): ObservedToolCall["result"] {
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return content;
  }
}

async function resolveChanges(changes: CardChanges, client: ServiceClient): Promise<OrderChanges> {
  const { account, ...rest } = changes;
  if (!account) return rest;
  const accounts = await client.accounts();
  const match = accounts.filter((a) => accountMatches(a, account));
  if (match.length !== 1) {
    throw new Error(`edit: ${match.length} accounts match ${JSON.stringify(account)}; name exactly one`);
  }
  return { ...rest, accountId: match[0]!.id };
}

export function accountMatches(
  account: Pick<Account, "institution" | "name"> & { isPaper?: boolean },
  ref: AccountRef,
): boolean {
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  return (
    (ref.institution === undefined || same(account.institution, ref.institution)) &&
    (ref.name === undefined || same(account.name, ref.name)) &&
    (ref.isPaper === undefined || account.isPaper === ref.isPaper)
  );
}
