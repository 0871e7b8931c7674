import { buildAgentGraph } from "../graphs/agent-graph.js";
import { createAgentTools } from "../tools/index.js";
import { loadConfig } from "./core/config.js";
import { createLogger } from "./core/logger.js";
import { createChatModel } from "./models/chat-model.js";
import { loadSystemPrompt } from "./models/system-prompt.js";
import { type RunningService, startService } from "./service.js";

let running: Promise<RunningService> | undefined;

/**
 * The agent graph for LangGraph Studio / `langgraphjs dev` (see langgraph.json). It starts the
 * embedded default in-process (sandbox, in-memory database, demo user) once, and compiles the
 * graph without a checkpointer: the dev server brings its own. Runs must carry the user in
 * `configurable.userId` (the demo user is 00000000-0000-4000-8000-000000000001), exactly as the
 * HTTP server sets it; the tools refuse to run without it.
 */
export async function studioGraph() {
  running ??= startService({
    config: loadConfig({ PORT: "0", LOG_LEVEL: "warn" }),
    logger: createLogger({ level: "warn" }),
    inMemoryDatabase: true,
  });
  const service = await running;
  return buildAgentGraph({
    model: createChatModel(service.config),
    tools: createAgentTools({ portfolio: service.portfolio.service, orders: service.orders }),
    orders: service.orders,
    systemPrompt: loadSystemPrompt(),
  }).compile();
}
