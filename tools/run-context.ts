import type { RunnableConfig } from "@langchain/core/runnables";

/**
 * Who the tools act for. The server builds it from the verified token and the graph passes it
 * in `configurable`; it is never a tool argument the model could fill.
 */
export interface ToolRunContext {
  userId: string;
  threadId: string;
}

export function runContextOf(config: RunnableConfig | undefined): ToolRunContext {
  const configurable = (config?.configurable ?? {}) as Record<string, unknown>;
  const userId = configurable.userId;
  const threadId = configurable.thread_id;
  if (typeof userId !== "string" || typeof threadId !== "string") {
    throw new Error("tool called without a server-built run context");
  }
  return { userId, threadId };
}
