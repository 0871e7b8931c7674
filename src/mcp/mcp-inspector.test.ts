import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const dataDir = mkdtempSync(path.join(tmpdir(), "mcp-inspector-"));

/** The official MCP Inspector in CLI mode against `npm run mcp`'s entry (stdio, embedded default). */
async function inspect(...args: string[]): Promise<unknown> {
  const { stdout } = await run(
    process.execPath,
    [
      path.join(root, "node_modules/@modelcontextprotocol/inspector/cli/build/index.js"),
      process.execPath,
      path.join(root, "node_modules/tsx/dist/cli.mjs"),
      path.join(root, "src/mcp-stdio.ts"),
      ...args,
    ],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, LOG_LEVEL: "silent" },
      timeout: 90_000,
    },
  );
  return JSON.parse(stdout);
}

describe("MCP Inspector --cli smoke run", () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("lists the tools and calls a read tool", async () => {
    const listed = (await inspect("--method", "tools/list")) as { tools: Array<{ name: string }> };
    expect(listed.tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(["get_holdings", "prepare_order"]),
    );
    const called = (await inspect(
      "--method",
      "tools/call",
      "--tool-name",
      "get_holdings",
      "--tool-arg",
      "symbol=NVDA",
    )) as {
      structuredContent: { positions: Array<{ symbol: string }> };
    };
    expect(called.structuredContent.positions.map((p) => p.symbol)).toEqual(["NVDA"]);
  }, 180_000);
});
