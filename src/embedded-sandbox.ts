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
  const sandbox = await startSandbox({
    port: 0,
    host: "127.0.0.1",
    demo: true,
    ...(options.persist ? { stateFile: path.resolve(config.dataDir, "sandbox-world.json") } : {}),
  });
  const url = sandbox.url;
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
