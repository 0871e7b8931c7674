import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import pino from "pino";
import { DEMO_USER_ID } from "../sandbox/index.js";
import { loadConfig } from "./core/config.js";
import { ConfigError } from "./core/errors.js";
import { createLogger } from "./core/logger.js";
import { createTradingMcpServer } from "./mcp/server.js";
import { createSupabaseTokenVerifier } from "./server/auth/token-verifier.js";
import { startService } from "./service.js";

/**
 * `npm run mcp`: the MCP server over stdio for local clients (Claude Desktop and the like). It
 * starts the service in-process (the embedded default unless configured otherwise) and acts for
 * the user of TRADING_AGENT_TOKEN (a Supabase access token), or for the sandbox's demo user on
 * the embedded default. stdout carries JSON-RPC only: logs go to stderr. The service's HTTP port
 * (PORT, default any free port) serves the approval page the elicitation links to.
 */
const token = process.env.TRADING_AGENT_TOKEN;
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig({ ...process.env, PORT: process.env.PORT ?? "0" });
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
    process.exit(78);
  }
  throw error;
}
const logger = createLogger({ level: config.logLevel, destination: pino.destination(2) });
const service = await startService({ config, logger });

async function callerId(): Promise<string> {
  const { supabaseUrl, anonKey, jwtSecret } = service.config.auth;
  if (token)
    return (
      await createSupabaseTokenVerifier({ supabaseUrl: supabaseUrl!, anonKey: anonKey!, jwtSecret }).verify(
        token,
      )
    ).id;
  if (!service.sandbox) throw new Error("TRADING_AGENT_TOKEN is required outside the embedded default.");
  return DEMO_USER_ID;
}

let userId: string;
try {
  userId = await callerId();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  await service.close();
  process.exit(77);
}

const publicUrl = service.config.publicUrl ?? service.url;
const server = createTradingMcpServer({
  portfolio: service.portfolio.service,
  orders: service.orders,
  userId,
  sessionId: "stdio",
  approvalUrl: (id) => `${publicUrl}/confirm/${id}`,
});
const transport = new StdioServerTransport();
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close().catch(() => {});
  await service.close();
  process.exit(0);
};
transport.onclose = () => void stop();
process.stdin.on("end", () => void stop());
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
await server.connect(transport);
logger.info(
  { url: service.url, sandbox: service.sandbox?.url },
  "MCP server on stdio; approval pages served here",
);
