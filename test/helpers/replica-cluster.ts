import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SandboxAdmin } from "../../bench/client/sandbox-admin.js";
import {
  freePort,
  liveServiceEnv,
  type ServiceProcess,
  startServiceProcess,
} from "../../bench/harness/service-process.js";
import { DEFAULT_SNAPTRADE_CONSUMER_KEY, type RunningSandbox, startSandbox } from "../../sandbox/index.js";
import { createTestPostgresDatabase } from "./databases.js";

export interface ReplicaCluster {
  sandbox: RunningSandbox;
  admin: SandboxAdmin;
  databaseUrl: string;
  consumerKey: string;
  replicas: [ServiceProcess, ServiceProcess];
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
  const cleanup = async (replicas: ServiceProcess[]) => {
    await Promise.all(replicas.map((r) => r.stop()));
    await sandbox.close();
    await database.drop().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  };
  // One process each: several replicas here, not several workers (test/replicas/cluster.test.ts).
  const shared = { ...liveServiceEnv(sandbox.url, database.url, dataDir), WORKERS: "1" };
  const replicas: ServiceProcess[] = [];
  try {
    // Both at once, as a deployment does: migrations and checkpointer setup must not race.
    const started = await Promise.allSettled(
      ["A", "B"].map(async (name) => {
        const port = await freePort();
        return startServiceProcess(name, {
          ...shared,
          PORT: String(port),
          PUBLIC_URL: `http://127.0.0.1:${port}`,
        });
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
