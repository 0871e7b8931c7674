import cluster from "node:cluster";
import os from "node:os";
import type { Config } from "./core/config.js";
import type { Logger } from "./core/logger.js";

/** How many server processes `npm start` runs, and why. */
export function workerCount(
  config: Config,
  cores = os.availableParallelism(),
): { count: number; why: string } {
  if (!config.database.url) return { count: 1, why: "PGlite is one process's database" };
  // The embedded sandbox's world lives in the process that started it: one process, one world.
  if (config.brokerMode === "sandbox") return { count: 1, why: "the embedded broker sandbox is in-process" };
  if (config.workers !== undefined) return { count: config.workers, why: "WORKERS" };
  return { count: cores, why: "one per core" };
}

/**
 * The primary of a clustered start: forks `count` workers, which share the listening port
 * (node:cluster hands connections to them in turn), replaces a worker that dies, and on SIGTERM
 * or SIGINT passes the signal on and exits once every worker has finished its requests.
 */
export function runPrimary(count: number, logger: Logger): void {
  let stopping = false;
  const alive = new Set<number>();
  const listened = new Set<number>();
  const fork = () => alive.add(cluster.fork().id);
  cluster.on("listening", (worker) => listened.add(worker.id));
  cluster.on("exit", (worker, code, signal) => {
    alive.delete(worker.id);
    if (stopping) {
      if (alive.size === 0) process.exit(0);
      return;
    }
    // A worker that never got to listen (database unreachable, bad settings) would fail again.
    if (!listened.has(worker.id)) {
      logger.fatal({ worker: worker.id, code, signal }, "a worker could not start; stopping");
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGTERM");
      if (alive.size === 0) process.exit(1);
      return;
    }
    logger.error({ worker: worker.id, code, signal }, "worker exited; starting another");
    fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping every worker");
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  for (let i = 0; i < count; i++) fork();
}
