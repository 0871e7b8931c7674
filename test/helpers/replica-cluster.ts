import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SandboxAdmin } from "../../bench/client/sandbox-admin.js";
import {
  DEFAULT_PLAID_CLIENT_ID,
  DEFAULT_PLAID_SECRET,
  DEFAULT_SNAPTRADE_CLIENT_ID,
  DEFAULT_SNAPTRADE_CONSUMER_KEY,
  DEFAULT_SUPABASE_ANON_KEY,
  type RunningSandbox,
  startSandbox,
} from "../../sandbox/index.js";
import { createTestPostgresDatabase } from "./databases.js";
import { freePort, type Replica, startReplica } from "./replica-process.js";

export interface ReplicaCluster {
  sandbox: RunningSandbox;
  admin: SandboxAdmin;
  databaseUrl: string;
  consumerKey: string;
  replicas: [Replica, Replica];
  close(): Promise<void>;
}

/**
 * One broker sandbox in this process, one fresh database in the TEST_DATABASE_URL cluster, and
 * two service processes: same DATABASE_URL and ENCRYPTION_KEY, every
 * provider pointed at the sandbox, each with its own port and PUBLIC_URL. Live broker mode (the
 * credentials are set), so nothing is embedded: the replicas share only Postgres.
 */
export async function startReplicaCluster(): Promise<ReplicaCluster> {
  const sandbox = await startSandbox({ port: 0, priceTickMs: 0 });
  const database = await createTestPostgresDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), "replicas-"));
  const cleanup = async (replicas: Replica[]) => {
    await Promise.all(replicas.map((r) => r.stop()));
    await sandbox.close();
    await database.drop().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  };
  // One process each: several replicas here, not several workers (test/replicas/cluster.test.ts).
  const shared = { ...liveServiceEnv(sandbox.url, database.url, dataDir), WORKERS: "1" };
  const replicas: Replica[] = [];
  try {
    // Both at once, as a deployment does: migrations and checkpointer setup must not race.
    const started = await Promise.allSettled(
      ["A", "B"].map(async (name) => {
        const port = await freePort();
        return startReplica(name, { ...shared, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
      }),
    );
    for (const result of started) if (result.status === "fulfilled") replicas.push(result.value);
    const failed = started.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
  } catch (error) {
    await cleanup(replicas);
    throw error;
  }
  const admin = new SandboxAdmin(sandbox.url);
  // SnapTrade's webhook URL is the balancer's; here it is replica A (tests deliver to B themselves).
  await admin.setSnaptradeWebhookUrl(`${replicas[0]!.url}/api/snaptrade/webhook`);
  return {
    sandbox,
    admin,
    databaseUrl: database.url,
    consumerKey: DEFAULT_SNAPTRADE_CONSUMER_KEY,
    replicas: [replicas[0]!, replicas[1]!],
    close: () => cleanup(replicas),
  };
}

/**
 * The environment of a service in live broker mode on one database: every provider and the auth
 * server pointed at the sandbox, so nothing is embedded and processes share only Postgres.
 */
export function liveServiceEnv(
  sandboxUrl: string,
  databaseUrl: string,
  dataDir: string,
): Record<string, string> {
  return {
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_LEVEL: "debug",
    DATABASE_URL: databaseUrl,
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
