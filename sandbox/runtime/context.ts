import type { ResolvedOptions, RuntimeConfig } from "../options.js";
import type { World } from "../world/world.js";
import type { FaultRegistry } from "./faults.js";
import type { Lifecycle } from "./lifecycle.js";
import type { RateWindows } from "./rate-windows.js";
import type { RequestStats } from "./stats.js";
import type { WebhookSender } from "./webhook-sender.js";

/** What every route module needs, built once per sandbox in app.ts. */
export interface SandboxContext {
  world: World;
  options: ResolvedOptions;
  config: RuntimeConfig;
  faults: FaultRegistry;
  stats: RequestStats;
  lifecycle: Lifecycle;
  webhooks: WebhookSender;
  /** Per-credential request counts behind the `X-RateLimit-*` headers. */
  rateWindows: RateWindows;
}

/** Hono variables set by the auth middlewares of each provider. */
export type SandboxEnv = {
  Variables: {
    /** SnapTrade: the authenticated userId (query `userId`). */
    snaptradeUserId: string;
    /** SnapTrade: the parsed JSON body (null when empty), read once for the signature. */
    snaptradeBody: unknown;
    /** Alpaca: the account the key pair opens. */
    alpacaAccountId: string;
    /** Plaid: the parsed JSON body. */
    plaidBody: Record<string, unknown>;
  };
};
