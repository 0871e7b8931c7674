import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  freePort,
  liveServiceEnv,
  type ServiceProcess,
  startServiceProcess,
} from "../../bench/harness/service-process.js";
import { type RunningSandbox, startSandbox } from "../../sandbox/index.js";
import { workerCount } from "../../src/cluster.js";
import { loadConfig } from "../../src/core/config.js";
import { createTestPostgresDatabase, postgresUrl } from "../helpers/databases.js";

describe("how many workers npm start runs", () => {
  const live = liveServiceEnv("http://127.0.0.1:1", "postgresql://postgres@127.0.0.1:1/x", "/tmp");
  it("one per core on Postgres, WORKERS when set", () => {
    expect(workerCount(loadConfig(live), 2)).toEqual({ count: 2, why: "one per core" });
    expect(workerCount(loadConfig({ ...live, WORKERS: "3" }), 2)).toEqual({ count: 3, why: "WORKERS" });
  });
  it("one on PGlite and with the embedded sandbox, whatever WORKERS says", () => {
    const { DATABASE_URL: _, ...pglite } = live;
    expect(workerCount(loadConfig({ ...pglite, WORKERS: "4" }), 2).count).toBe(1);
    const embedded = { DATABASE_URL: live.DATABASE_URL!, ENCRYPTION_KEY: live.ENCRYPTION_KEY!, WORKERS: "4" };
    expect(workerCount(loadConfig(embedded), 2).count).toBe(1);
  });
});

/** GET on a connection of its own, so node:cluster may hand each request to another worker. */
function getOnNewConnection(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      })
      .on("error", reject);
  });
}

describe.runIf(postgresUrl)("npm start on Postgres with two workers", () => {
  let sandbox: RunningSandbox;
  let database: { url: string; drop(): Promise<void> };
  let dataDir: string;
  let service: ServiceProcess;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, priceTickMs: 0 });
    database = await createTestPostgresDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), "cluster-"));
    const port = await freePort();
    service = await startServiceProcess(
      "clustered",
      {
        ...liveServiceEnv(sandbox.url, database.url, dataDir),
        LOG_LEVEL: "info",
        WORKERS: "2",
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        // Two processes starting on a busy machine: give them time.
      },
      120_000,
    );
  }, 150_000);

  afterAll(async () => {
    expect(await service?.stop()).toBe(0);
    await sandbox?.close();
    await database?.drop().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  /** Worker ids in the log lines matching `msg`. */
  const workersLogging = (msg: string) =>
    new Set(
      service
        .logs()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { msg?: string; worker?: number })
        .filter((entry) => entry.msg === msg && entry.worker !== undefined)
        .map((entry) => entry.worker),
    );

  it("both workers start and answer requests on the one port", async () => {
    // Both workers must be up before connections are spread over them.
    const deadline = Date.now() + 60_000;
    while (workersLogging("service listening").size < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(workersLogging("service listening").size).toBe(2);
    for (let i = 0; i < 8; i++) expect(await getOnNewConnection(`${service.url}/health`)).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(workersLogging("request").size).toBe(2);
  }, 90_000);
});
