import type { Config } from "../core/config.js";
import type { Database } from "../core/db/database.js";
import type { Logger } from "../core/logger.js";
import type { TokenVerifier } from "./auth/token-verifier.js";

/** What the HTTP layer is given by src/main.ts; each later layer adds its service here. */
export interface ServerDeps {
  config: Config;
  logger: Logger;
  db: Database;
  verifier: TokenVerifier;
  runtime: {
    brokers: "sandbox" | "live";
    model: "offline" | "openai";
    /** Only in the embedded default: shown on the sign-in page. */
    demoCredentials?: { email: string; password: string } | undefined;
  };
}
