import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/core/config.js";
import { createLogger } from "../../src/core/logger.js";
import { type RunningService, startService } from "../../src/service.js";
import { SandboxAdmin } from "../client/sandbox-admin.js";
import { CheckpointTimer } from "./checkpoint-timer.js";
import { BenchClock } from "./clock.js";
import { createScratchDatabase } from "./postgres-database.js";

export type Backend = "pglite" | "postgres";

export interface BenchService {
  backend: Backend;
  url: string;
  admin: SandboxAdmin;
  service: RunningService;
  clock: BenchClock;
  checkpoints: CheckpointTimer;
  close(): Promise<void>;
}

/** Per-user chat limits high enough that a benchmark never meets them (the defaults are 30 and 20 a minute). */
const UNLIMITED = { limit: 1_000_000, windowSeconds: 60 };

/**
 * The whole service in this process, through its real entry (`startService`): the embedded
 * sandbox, the offline model, and either PGlite in a temporary DATA_DIR (the embedded default,
 * on disk) or a fresh database in the `databaseUrl` cluster. The reconciler loop is off and the
 * demo user is not linked, so nothing runs that the benchmark did not ask for.
 */
export async function startBenchService(backend: Backend, databaseUrl?: string): Promise<BenchService> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-data-"));
  const database = backend === "postgres" ? await createScratchDatabase(requireUrl(databaseUrl)) : undefined;
  // The per-user daily risk limits (50 orders by default) would refuse a full run's trade cycles.
  const env: Record<string, string> = {
    PORT: "0",
    LOG_LEVEL: "silent",
    DATA_DIR: dataDir,
    MAX_ORDERS_PER_DAY: "100000",
    MAX_DAILY_NOTIONAL: "100000000",
  };
  if (database) {
    env.DATABASE_URL = database.url;
    env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
  }
  const clock = new BenchClock();
  const cleanup = async () => {
    await database?.drop().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  };
  let service: RunningService;
  try {
    service = await startService({
      config: loadConfig(env),
      logger: createLogger({ level: "silent" }),
      reconciler: false,
      linkDemoUser: false,
      chatLimits: { messages: UNLIMITED, confirmations: UNLIMITED },
      portfolio: { now: clock.now },
    });
  } catch (error) {
    await cleanup();
    throw error;
  }
  const sandboxUrl = service.sandbox?.url;
  if (!sandboxUrl) throw new Error("the bench expects the embedded sandbox (no broker credentials set)");
  return {
    backend,
    url: service.url,
    admin: new SandboxAdmin(sandboxUrl),
    service,
    clock,
    checkpoints: CheckpointTimer.of(service.graph as unknown as { checkpointer?: unknown }),
    async close() {
      await service.close();
      await cleanup();
    },
  };
}

/** The Postgres cluster the postgres backend works in (a fresh database each run). */
export function requireUrl(url: string | undefined): string {
  if (!url) throw new Error("the postgres backend needs BENCH_DATABASE_URL");
  return url;
}
