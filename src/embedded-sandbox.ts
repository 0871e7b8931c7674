import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  DEFAULT_PLAID_CLIENT_ID,
  DEFAULT_PLAID_SECRET,
  DEFAULT_SNAPTRADE_CLIENT_ID,
  DEFAULT_SNAPTRADE_CONSUMER_KEY,
  DEFAULT_SUPABASE_ANON_KEY,
  DEMO_EMAIL,
  DEMO_PASSWORD,
  type RunningSandbox,
  startSandbox,
} from "../sandbox/index.js";
import type { Config } from "./core/config.js";

export interface EmbeddedSandbox {
  url: string;
  /** The service configuration with every provider pointed at the sandbox. */
  config: Config;
  demo: { email: string; password: string };
  running: RunningSandbox;
  pointWebhooksAt(snaptradeUrl: string, plaidUrl?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The embedded default: the broker sandbox in-process on a free loopback port, seeded with the
 * demo world. With `persist`, its world is kept in DATA_DIR beside the database, so the accounts
 * linked there still exist after a restart.
 */
export async function startEmbeddedSandbox(
  config: Config,
  options: { persist: boolean },
): Promise<EmbeddedSandbox> {
  const start = (port: number) =>
    startSandbox({
      port,
      host: "127.0.0.1",
      demo: true,
      ...(options.persist ? { stateFile: path.resolve(config.dataDir, "sandbox-world.json") } : {}),
    });
  // Persisted, it comes back on the port it had: its address is the tokens' issuer, so sessions
  // signed in before a restart stay valid, as Supabase's do when our service restarts.
  const portFile = path.resolve(config.dataDir, "sandbox-port");
  const previous = options.persist && existsSync(portFile) ? Number(readFileSync(portFile, "utf8")) : 0;
  const sandbox = await start(previous).catch((error: unknown) => {
    if (previous === 0) throw error;
    return start(0);
  });
  const url = sandbox.url;
  if (options.persist) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(portFile, new URL(url).port);
  }
  return {
    url,
    running: sandbox,
    demo: { email: DEMO_EMAIL, password: DEMO_PASSWORD },
    config: {
      ...config,
      auth: { supabaseUrl: url, anonKey: DEFAULT_SUPABASE_ANON_KEY, jwtSecret: undefined },
      snaptrade: {
        clientId: DEFAULT_SNAPTRADE_CLIENT_ID,
        consumerKey: DEFAULT_SNAPTRADE_CONSUMER_KEY,
        baseUrl: `${url}/snaptrade`,
      },
      alpaca: { tradingBaseUrl: url, dataBaseUrl: url },
      plaid: { clientId: DEFAULT_PLAID_CLIENT_ID, secret: DEFAULT_PLAID_SECRET, baseUrl: url },
    },
    async pointWebhooksAt(webhookUrl, plaidUrl) {
      const response = await fetch(`${url}/__sandbox/config`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          snaptradeWebhookUrl: webhookUrl,
          ...(plaidUrl ? { plaidWebhookUrl: plaidUrl } : {}),
        }),
      });
      if (!response.ok) throw new Error(`sandbox refused its webhook URL (${response.status})`);
    },
    close: () => sandbox.close(),
  };
}
