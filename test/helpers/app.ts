import { Writable } from "node:stream";
import { loadConfig } from "../../src/core/config.js";
import type { Database } from "../../src/core/db/database.js";
import { createLogger } from "../../src/core/logger.js";
import { type AppOptions, createApp } from "../../src/server/app.js";
import type { TokenVerifier } from "../../src/server/auth/token-verifier.js";
import type { ServerDeps } from "../../src/server/deps.js";

/** A logger whose JSON lines are kept in memory, to assert on what would have been logged. */
export function captureLogs() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: "debug", destination: destination as never });
  return { logger, lines, text: () => lines.join("") };
}

/** An app over the given database with a verifier the test controls. */
export function buildTestApp(options: {
  db: Database;
  verifier?: TokenVerifier;
  env?: Record<string, string>;
  app?: AppOptions;
}) {
  const logs = captureLogs();
  const deps: ServerDeps = {
    config: loadConfig(options.env ?? {}),
    logger: logs.logger,
    db: options.db,
    verifier: options.verifier ?? {
      verify: async () => {
        throw new Error("no verifier configured for this test");
      },
    },
    runtime: { brokers: "sandbox", model: "offline" },
  };
  return { app: createApp(deps, options.app), logs, deps };
}
