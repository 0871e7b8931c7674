import { buildAgentGraph } from "../graphs/agent-graph.js";
import { createAgentTools } from "../tools/index.js";
import { loadConfig } from "./core/config.js";
import { createLogger } from "./core/logger.js";
import { createChatModel } from "./models/chat-model.js";
import { loadSystemPrompt } from "./models/system-prompt.js";
import { type RunningService, startService } from "./service.js";

let running: Promise<RunningService> | undefined;

/**
 * The service behind the LangGraph server (`langgraph dev`, see langgraph.json): started once per
 * process from the same configuration as `npm start` (DATABASE_URL or DATA_DIR, live brokers
 * when configured, else the embedded default), its HTTP side on any free port.
 */
export function studioService(): Promise<RunningService> {
  running ??= (async () => {
    // PORT is the LangGraph server's own (the CLI sets it): the service takes any free port.
    const config = loadConfig({ ...process.env, PORT: "0" });
    const logger = createLogger({ level: config.logLevel });
    const service = await startService({ config, logger });
    logger.info({ url: service.url, sandbox: service.sandbox?.url }, "service for the LangGraph server");
    return service;
  })();
  return running;
}

/**
 * The agent graph for the LangGraph server, compiled without a checkpointer (the server brings
 * its own). The user is the one the auth handler (src/langgraph-auth.ts) verified: it writes
 * `configurable.userId` on every run, over anything the client sent.
 */
export async function studioGraph() {
  const service = await studioService();
  return buildAgentGraph({
    model: createChatModel(service.config),
    tools: createAgentTools({ portfolio: service.portfolio.service, orders: service.orders }),
    orders: service.orders,
    systemPrompt: loadSystemPrompt(),
  }).compile();
}
