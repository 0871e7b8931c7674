import { type BaseMessage, SystemMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";

/** A literal extract of one earlier message: a user's request, or a tool and the outcome it reported. */
export interface EarlierEntry {
  role: "user" | "tool";
  gist: string;
}

/**
 * The conversation before this run, brought by the caller from its message store (the
 * checkpoint holds only the turn in progress): the recent messages in full, and literal extracts
 * of the turns before them. Absent, the checkpoint's messages are the whole conversation.
 */
export interface RunHistory {
  recent: BaseMessage[];
  earlier: EarlierEntry[];
  /** Turns older still, of which nothing is shown. */
  earlierOmitted: boolean;
}

const historyKey = "history";

/** The `configurable` entry that carries a run's history to the graph. */
export function withRunHistory(history: RunHistory): Record<string, RunHistory> {
  return { [historyKey]: history };
}

export function runHistoryOf(config: RunnableConfig | undefined): RunHistory | null {
  const value = (config?.configurable as Record<string, unknown> | undefined)?.[historyKey];
  return value && typeof value === "object" ? (value as RunHistory) : null;
}

/** The name of the system message that summarizes the turns the model does not see in full. */
export const earlierTurnsNoteName = "earlier_turns";

/**
 * What the model is told of the turns before its window: the user's requests and the tools that
 * answered them, quoted as stored (shortened, never reworded). Null when there is nothing before.
 */
export function earlierTurnsNote(history: RunHistory | null): SystemMessage | null {
  if (!history || history.earlier.length === 0) return null;
  const lines = history.earlier.map((entry) =>
    entry.role === "user" ? `- the user asked: "${entry.gist}"` : `  - answered with ${entry.gist}`,
  );
  const head = history.earlierOmitted
    ? "Earlier in this conversation (older turns are not shown; figures from them may be out of date):"
    : "Earlier in this conversation (figures from these turns may be out of date):";
  return new SystemMessage({ name: earlierTurnsNoteName, content: [head, ...lines].join("\n") });
}
