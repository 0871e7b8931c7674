import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createReadTools, type ToolServices } from "../../tools/read-tools.js";
import { type ReadToolName, toolInputs, toolResults } from "../models/tool-contracts.js";

/** How each read tool is shown to an MCP client; the behaviour is the agent's own tool. */
const presentation: Record<ReadToolName, { title: string; openWorld: boolean }> = {
  get_accounts: { title: "Accounts", openWorld: false },
  get_holdings: { title: "Holdings (all, by symbol or by account)", openWorld: false },
  get_buying_power: { title: "Buying power", openWorld: false },
  get_quote: { title: "Quote", openWorld: true },
  get_orders: { title: "Orders, or one order's status", openWorld: false },
  get_portfolio_mode: { title: "Portfolio mode", openWorld: false },
  get_transactions: { title: "Transactions", openWorld: false },
  get_performance: { title: "Performance", openWorld: false },
};

/** Who the tools act for: the verified user of the MCP session, never a tool argument. */
export interface McpCaller {
  userId: string;
  /** Names the run for the tools' context; MCP calls belong to no chat thread. */
  sessionId: string;
}

/** A tool's JSON answer as MCP content: `{error}` is a tool error the model can read and relay. */
export function toolAnswer(json: string): CallToolResult {
  const value = JSON.parse(json) as Record<string, unknown>;
  if (typeof value.error === "string")
    return { isError: true, content: [{ type: "text", text: value.error }] };
  return { content: [{ type: "text", text: json }], structuredContent: value };
}

/**
 * The read tools over MCP are the agent's own read tools (tools/read-tools.ts) with the caller's
 * run context: the same filters, sums and untrusted-text wrapping, declared once.
 */
export function registerReadTools(server: McpServer, services: ToolServices, caller: McpCaller): void {
  for (const agentTool of createReadTools(services)) {
    const name = agentTool.name as ReadToolName;
    const { title, openWorld } = presentation[name];
    server.registerTool(
      name,
      {
        title,
        description: toolInputs[name].description,
        inputSchema: toolInputs[name],
        outputSchema: toolResults[name],
        annotations: {
          title,
          readOnlyHint: true,
          destructiveHint: false,
          idempotentHint: true,
          openWorldHint: openWorld,
        },
      },
      async (args: unknown) => {
        const answer = await (
          agentTool as { invoke(input: unknown, config: unknown): Promise<unknown> }
        ).invoke(args, { configurable: { userId: caller.userId, thread_id: `mcp:${caller.sessionId}` } });
        return toolAnswer(String(answer));
      },
    );
  }
}
