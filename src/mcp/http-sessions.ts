import { randomUUID } from "node:crypto";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { ToolServices } from "../../tools/read-tools.js";
import { createTradingMcpServer } from "./server.js";

interface Session {
  userId: string;
  transport: WebStandardStreamableHTTPServerTransport;
  lastUsed: number;
}

export interface McpHttpSessionsOptions {
  services: ToolServices;
  /** Idle sessions are closed after this long (default 30 minutes). */
  idleMs?: number;
  /** At most this many open sessions per process; the longest idle goes first (default 1000). */
  maxSessions?: number;
}

const jsonRpcError = (status: number, message: string) =>
  Response.json({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }, { status });

/**
 * Streamable HTTP sessions, each bound to the user who opened it: a request carrying another
 * user's token is answered as if the session did not exist. Sessions are stateful because
 * elicitation is a server-to-client request answered on a later POST of the same session. They
 * live in this process's memory: behind several replicas, a client must stick to one.
 */
export class McpHttpSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly idleMs: number;
  private readonly maxSessions: number;

  constructor(private readonly options: McpHttpSessionsOptions) {
    this.idleMs = options.idleMs ?? 30 * 60_000;
    this.maxSessions = options.maxSessions ?? 1000;
  }

  /** Handles one request of an authenticated user; `approvalUrl` names the web app's card page. */
  async handle(
    request: Request,
    userId: string,
    approvalUrl: (proposalId: string) => string,
  ): Promise<Response> {
    const sessionId = request.headers.get("mcp-session-id");
    if (sessionId) {
      const session = this.sessions.get(sessionId);
      if (!session || session.userId !== userId) return jsonRpcError(404, "Session not found.");
      session.lastUsed = Date.now();
      return session.transport.handleRequest(request);
    }
    if (request.method !== "POST") return jsonRpcError(400, "No session: initialize first.");
    const body: unknown = await request
      .clone()
      .json()
      .catch(() => null);
    if (!isInitializeRequest(body)) return jsonRpcError(400, "No session: initialize first.");
    await this.evict();
    const id = randomUUID();
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => id,
      onsessioninitialized: () => {
        this.sessions.set(id, { userId, transport, lastUsed: Date.now() });
      },
      onsessionclosed: () => {
        this.sessions.delete(id);
      },
    });
    transport.onclose = () => {
      this.sessions.delete(id);
    };
    const server = createTradingMcpServer({ ...this.options.services, userId, sessionId: id, approvalUrl });
    await server.connect(transport);
    return transport.handleRequest(request, { parsedBody: body });
  }

  get size(): number {
    return this.sessions.size;
  }

  async close(): Promise<void> {
    const open = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(open.map((s) => s.transport.close().catch(() => {})));
  }

  private async evict(): Promise<void> {
    const now = Date.now();
    const byAge = [...this.sessions.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [id, session] of byAge) {
      if (now - session.lastUsed < this.idleMs && this.sessions.size < this.maxSessions) break;
      this.sessions.delete(id);
      await session.transport.close().catch(() => {});
    }
  }
}
