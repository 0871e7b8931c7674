import { Hono } from "hono";
import { adminRoutes } from "./admin.js";
import { vendorAdminRoutes } from "./admin-vendor.js";
import { alpacaRoutes } from "./alpaca/routes.js";
import { authRoutes } from "./auth/routes.js";
import { seedDemoWorld } from "./demo.js";
import { EcSigningKey } from "./lib/ec-key.js";
import { initialRuntimeConfig, resolveOptions, type SandboxOptions } from "./options.js";
import { plaidRoutes } from "./plaid/routes.js";
import { PlaidWebhooks } from "./plaid/webhooks.js";
import type { SandboxContext, SandboxEnv } from "./runtime/context.js";
import { FaultRegistry } from "./runtime/faults.js";
import { Lifecycle } from "./runtime/lifecycle.js";
import { RateWindows } from "./runtime/rate-windows.js";
import { readStateFile, StateFileWriter } from "./runtime/state-file.js";
import { RequestStats } from "./runtime/stats.js";
import { WebhookSender } from "./runtime/webhook-sender.js";
import { snaptradeRoutes } from "./snaptrade/routes.js";
import { SnaptradeWebhooks } from "./snaptrade/webhooks.js";
import { startSimulation } from "./world/simulation.js";
import { restoreWorld, snapshotWorld } from "./world/snapshot.js";
import { World } from "./world/world.js";

/** How often the world is written to `--state-file` (in the background). */
const STATE_SAVE_INTERVAL_MS = 2000;

export interface SandboxApp {
  /** The Hono app: serve `app.fetch` anywhere (startSandbox does it on @hono/node-server). */
  app: Hono<SandboxEnv>;
  world: World;
  context: SandboxContext;
  /** The `kid` of Plaid's webhook verification key (what a Plaid-Verification header carries). */
  plaidWebhookKeyId: string;
  /**
   * Stops timers, releases held requests and aborts webhook deliveries at once; resolves once the
   * state file holds the final state.
   */
  shutdown(): Promise<void>;
}

export interface CreateSandboxAppOptions extends SandboxOptions {
  /** Lifetime of Supabase access tokens in seconds (default 3600). */
  accessTokenTtlSeconds?: number;
}

/** Builds the sandbox (world, simulation, all vendor APIs and the admin API). */
export function createSandboxApp(options: CreateSandboxAppOptions = {}): SandboxApp {
  const resolved = resolveOptions(options);
  const world = new World({ seed: resolved.seed, now: resolved.now, behaviour: resolved.behaviour });
  const lifecycle = new Lifecycle();
  const context: SandboxContext = {
    world,
    options: resolved,
    config: initialRuntimeConfig(options),
    faults: new FaultRegistry(),
    stats: new RequestStats(),
    lifecycle,
    webhooks: new WebhookSender(world, lifecycle, resolved.webhookTimeoutMs),
    rateWindows: new RateWindows(),
  };

  const saved = resolved.stateFile ? readStateFile(resolved.stateFile) : null;
  const authKey = saved ? EcSigningKey.fromStored(saved.keys.auth) : EcSigningKey.generate();
  const plaidKey = saved ? EcSigningKey.fromStored(saved.keys.plaidWebhook) : EcSigningKey.generate();
  if (saved) restoreWorld(world, saved.world);
  else if (resolved.demo) seedDemoWorld(world, resolved.demo);

  startSimulation(world, lifecycle, {
    priceTickMs: resolved.priceTickMs,
    partialFillDelayMs: resolved.partialFillDelayMs,
  });
  const snaptradeWebhooks = new SnaptradeWebhooks(context);
  snaptradeWebhooks.attach();
  const plaidWebhooks = new PlaidWebhooks(context, plaidKey);

  const app = new Hono<SandboxEnv>();
  app.get("/", (c) =>
    c.json({
      name: "broker-sandbox",
      serves: {
        snaptrade: "/snaptrade",
        alpacaTrading: "/v2",
        alpacaMarketData: "/v2/stocks",
        plaid: "/investments/holdings/get, /item/public_token/exchange, ...",
        supabaseAuth: "/auth/v1",
        admin: "/__sandbox",
      },
    }),
  );
  app.route("/snaptrade", snaptradeRoutes(context));
  app.route(
    "/auth/v1",
    authRoutes(context, { key: authKey, accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600 }),
  );
  app.route("/__sandbox", adminRoutes(context, { snaptradeWebhooks, plaidWebhooks }));
  app.route("/__sandbox", vendorAdminRoutes(context));
  app.route("/", alpacaRoutes(context));
  app.route("/", plaidRoutes(context, plaidWebhooks));
  app.notFound((c) => c.json({ code: 40410000, message: "not found" }, 404));
  app.onError((error, c) => c.json({ message: "sandbox internal error", detail: error.message }, 500));

  const stateFile = resolved.stateFile
    ? new StateFileWriter(resolved.stateFile, () => ({
        world: snapshotWorld(world),
        keys: { auth: authKey.toStored(), plaidWebhook: plaidKey.toStored() },
      }))
    : null;
  if (stateFile) lifecycle.every(STATE_SAVE_INTERVAL_MS, () => void stateFile.writeInBackground());

  return {
    app,
    world,
    context,
    plaidWebhookKeyId: plaidKey.kid,
    async shutdown() {
      if (lifecycle.closed) return;
      lifecycle.close();
      await stateFile?.close();
    },
  };
}
