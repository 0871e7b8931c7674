import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  DEFAULT_PLAID_CLIENT_ID,
  DEFAULT_PLAID_SECRET,
  DEFAULT_SNAPTRADE_CLIENT_ID,
  DEFAULT_SNAPTRADE_CONSUMER_KEY,
  DEFAULT_SUPABASE_ANON_KEY,
} from "../../sandbox/index.js";

const repoRoot = path.resolve(fileURLToPath(import.meta.url), "../../..");

/** Every service process started by this one, killed on exit whatever happened. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

export interface ServiceProcess {
  name: string;
  url: string;
  /** The process id (with several workers: the primary's). */
  pid: number;
  /** Everything the process wrote (pino JSON lines, start-up banner). */
  logs(): string;
  /** SIGTERM (graceful shutdown), then SIGKILL after `graceMs`. Resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** Starts the service as `npm start` does (`node --import tsx/esm src/main.ts`) as a child process with exactly `env` (plus PATH and HOME) and waits for /health. */
export async function startServiceProcess(
  name: string,
  env: Record<string, string>,
  timeoutMs = 45_000,
): Promise<ServiceProcess> {
  const port = Number(env.PORT);
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx/esm", "src/main.ts"], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    });
  });
  const service: ServiceProcess = {
    name,
    url,
    pid: child.pid ?? 0,
    logs: () => output,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const healthy = await fetch(`${url}/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (healthy) return service;
    await new Promise((r) => setTimeout(r, 200));
  }
  await service.stop(1_000);
  throw new Error(`service process ${name} did not become healthy:\n${output.slice(-3000)}`);
}

/**
 * The environment of a service in live broker mode: every provider and the auth server pointed
 * at a broker sandbox running elsewhere, so nothing is embedded and processes share only the
 * database (Postgres when `databaseUrl` is given; PGlite in `dataDir` otherwise).
 */
export function liveServiceEnv(
  sandboxUrl: string,
  databaseUrl: string | undefined,
  dataDir: string,
): Record<string, string> {
  return {
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_LEVEL: "debug",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    SUPABASE_URL: sandboxUrl,
    SUPABASE_ANON_KEY: DEFAULT_SUPABASE_ANON_KEY,
    SNAPTRADE_CLIENT_ID: DEFAULT_SNAPTRADE_CLIENT_ID,
    SNAPTRADE_CONSUMER_KEY: DEFAULT_SNAPTRADE_CONSUMER_KEY,
    SNAPTRADE_BASE_URL: `${sandboxUrl}/snaptrade`,
    // A sandbox, not SnapTrade: its 250 requests a minute per client id do not apply (the budget has its own test).
    SNAPTRADE_REQUESTS_PER_MINUTE: "1000000",
    ALPACA_TRADING_BASE_URL: sandboxUrl,
    ALPACA_DATA_BASE_URL: sandboxUrl,
    PLAID_CLIENT_ID: DEFAULT_PLAID_CLIENT_ID,
    PLAID_SECRET: DEFAULT_PLAID_SECRET,
    PLAID_BASE_URL: sandboxUrl,
  };
}
