import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ToolServices } from "../../tools/read-tools.js";
import { registerOrderTools } from "./order-tools.js";
import { registerReadTools } from "./read-tools.js";

export interface TradingMcpOptions extends ToolServices {
  /** The verified user every tool acts for. */
  userId: string;
  /** Distinguishes this session's runs in logs and tool contexts. */
  sessionId: string;
  /** The web app's approval page for a card (absolute URL). */
  approvalUrl(proposalId: string): string;
}

export const MCP_SERVER_INFO = { name: "trading-agent", version: "0.1.0" };

const instructions =
  "Portfolio questions across the user's linked brokerage accounts, and order preparation. " +
  "prepare_order and prepare_cancel make a confirmation card; only the user approves it, in their MCP " +
  "client or on the web app's page. You cannot approve or submit an order: never claim one was placed " +
  "unless the tool's approval outcome says so.";

/** One MCP server per session, bound to one verified user. */
export function createTradingMcpServer(options: TradingMcpOptions): McpServer {
  const server = new McpServer(MCP_SERVER_INFO, { instructions });
  registerReadTools(server, options, { userId: options.userId, sessionId: options.sessionId });
  registerOrderTools(server, options);
  return server;
}
