import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectClient } from "../../test/helpers/mcp-clients.js";

const root = path.resolve(import.meta.dirname, "../..");

/** `npm run mcp` as a local client starts it: a child process speaking JSON-RPC on stdio. */
function stdioTransport(dataDir: string) {
  return new StdioClientTransport({
    command: process.execPath,
    args: [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "src/mcp-stdio.ts")],
    cwd: root,
    env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, LOG_LEVEL: "info" },
    stderr: "pipe",
  });
}

describe("MCP over stdio (npm run mcp, embedded default, demo user)", () => {
  let dataDir: string;
  let transport: StdioClientTransport;
  let stderr = "";

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "mcp-stdio-"));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("lists tools, reads holdings, and places exactly one order when the user approves the form", async () => {
    transport = stdioTransport(dataDir);
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const { client, asked } = await connectClient(transport, () => ({
      action: "accept",
      content: { decision: "approve" },
    }));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain("prepare_order");
      expect(tools.some((tool) => /approve|submit/.test(tool.name))).toBe(false);
      const holdings = await client.callTool({ name: "get_holdings", arguments: {} });
      expect((holdings.structuredContent as { positions: unknown[] }).positions.length).toBeGreaterThan(0);

      const sandboxUrl = /"sandbox":"([^"]+)"/.exec(stderr)?.[1];
      expect(sandboxUrl).toBeTruthy();
      const count = async () =>
        ((await (await fetch(`${sandboxUrl}/__sandbox/orders`)).json()) as { orders: unknown[] }).orders
          .length;
      const before = await count();
      const result = await client.callTool({
        name: "prepare_order",
        arguments: { symbol: "NVDA", side: "buy", quantity: 1 },
      });
      expect(asked).toHaveLength(1);
      expect(result.structuredContent).toMatchObject({
        approval: { askedBy: "form", state: "approved", outcome: { outcome: "submitted" } },
      });
      expect((await count()) - before).toBe(1);
    } finally {
      await client.close();
    }
  }, 120_000);
});
