import cluster from "node:cluster";
import { runPrimary, workerCount } from "./cluster.js";
import { loadConfig } from "./core/config.js";
import { ConfigError } from "./core/errors.js";
import { createLogger } from "./core/logger.js";
import { startService } from "./service.js";

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
    process.exit(78);
  }
  throw error;
}

const rootLogger = createLogger({ level: config.logLevel });
const workers = workerCount(config);
if (cluster.isPrimary && workers.count > 1) {
  rootLogger.info({ workers: workers.count, why: workers.why }, "starting worker processes");
  runPrimary(workers.count, rootLogger);
} else {
  await serve();
}

async function serve(): Promise<void> {
  const logger = cluster.isWorker ? rootLogger.child({ worker: cluster.worker?.id }) : rootLogger;
  const service = await startService({ config, logger }).catch((error: unknown) => {
    logger.fatal({ err: error }, "start-up failed");
    process.exit(1);
  });

  logger.info({ url: service.url, brokers: service.sandbox ? "sandbox" : "live" }, "service listening");
  // The log is written asynchronously: flush it so the banner below is the last thing printed.
  await new Promise<void>((done) => logger.flush(() => done()));
  if (service.sandbox) {
    const { email, password } = service.sandbox.demo;
    process.stdout.write(
      `\n  Trading agent running at ${service.url}\n  Broker sandbox at ${service.sandbox.url}\n  Demo sign-in: ${email} / ${password}\n\n`,
    );
  }

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing in-flight requests");
    await service.close();
    logger.info("stopped");
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}
