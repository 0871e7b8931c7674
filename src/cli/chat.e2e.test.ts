import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_EMAIL, DEMO_PASSWORD } from "../../sandbox/index.js";
import { startTestService, type TestService } from "../../test/helpers/service.js";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");

/** Runs the terminal chat as a child process with `input` piped to stdin. */
function runChat(
  args: string[],
  input: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ["src/cli/chat.ts", ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("npm run chat, end to end", () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => {
    await service?.close();
  });

  it("answers, draws the routed card with its alternative, approves it and shows the order's status", async () => {
    const { code, stdout, stderr } = await runChat(
      [
        "--url",
        service.url,
        "--auth-url",
        service.sandboxUrl,
        "--email",
        DEMO_EMAIL,
        "--password",
        DEMO_PASSWORD,
      ],
      "what do I hold?\nsell 2 shares of AAPL\napprove\n",
    );
    expect(stderr).not.toMatch(/Error/);
    expect(code).toBe(0);
    expect(stdout).not.toContain("\u001b[");
    expect(stdout).toContain("you> what do I hold?");
    expect(stdout).toContain("… get_holdings");
    expect(stdout).toMatch(/AAPL/);

    expect(stdout).toContain("Confirm order");
    expect(stdout).toContain("SELL 2 shares of AAPL");
    expect(stdout).toMatch(/Account\s+Charles Schwab Individual Brokerage ••••1234 \(live\)/);
    expect(stdout).toMatch(/1\. Robinhood Individual/);
    expect(stdout).toMatch(/approve \/ reject \/ edit/);

    const orders = await service.sandboxOrders();
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ symbol: "AAPL", side: "sell", quantity: 2, status: "filled" });
    expect(stdout).toMatch(
      /Order sell 2 shares of AAPL, market: status filled, filled 2 shares at \$[\d,.]+/,
    );
  }, 120_000);

  it("explains a service that is not running, and exits 1", async () => {
    const { code, stdout } = await runChat(
      [
        "--url",
        "http://127.0.0.1:9",
        "--auth-url",
        "http://127.0.0.1:9",
        "--email",
        "a@b.c",
        "--password",
        "x",
      ],
      "",
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(/not reachable/);
  }, 60_000);

  it("signs in as the demo user the service publishes when no credentials are given", async () => {
    const { code, stdout } = await runChat(["--url", service.url], "how much cash do I have\n");
    expect(code).toBe(0);
    expect(stdout).toContain(`Signed in as ${DEMO_EMAIL}`);
    expect(stdout).toContain("… get_buying_power");
  }, 60_000);

  it("explains wrong credentials, and exits 1", async () => {
    const { code, stdout } = await runChat(
      [
        "--url",
        service.url,
        "--auth-url",
        service.sandboxUrl,
        "--email",
        DEMO_EMAIL,
        "--password",
        "wrong-password",
      ],
      "",
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(/sign-in|Invalid|credentials/i);
  }, 60_000);
});
