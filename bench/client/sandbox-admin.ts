import { requestOk } from "./http.js";

/** One order as the broker sandbox received it (`GET /__sandbox/orders`). */
export interface SandboxOrder {
  id: string;
  provider: string;
  accountId: string;
  symbol: string;
  side: string;
  quantity: number | null;
  clientOrderId: string | null;
  status: string;
  receivedAt: string;
}

export interface SandboxStats {
  since: string;
  total: number;
  providers: Record<string, { total: number; operations: Record<string, number> }>;
}

export interface SeededUser {
  id: string;
  email: string;
  snaptrade?: { connections: Array<{ id: string; accounts: unknown[] }> };
  alpaca?: { accountId: string; keyId: string; secret: string };
  plaid?: { itemId: string; institutionId: string; publicToken: string };
}

/** The broker sandbox's admin API (`/__sandbox`, see sandbox/README.md). */
export class SandboxAdmin {
  constructor(readonly url: string) {}

  private path(p: string): string {
    return `${this.url}/__sandbox${p}`;
  }

  async seed(input: { users: unknown[]; prices?: Record<string, number> }): Promise<SeededUser[]> {
    return (await requestOk<{ users: SeededUser[] }>(this.path("/seed"), { body: input })).users;
  }

  async orders(): Promise<SandboxOrder[]> {
    return (await requestOk<{ orders: SandboxOrder[] }>(this.path("/orders"))).orders;
  }

  async setLatency(latencyMs: { snaptrade?: number; alpaca?: number; plaid?: number }): Promise<void> {
    await requestOk(this.path("/config"), { body: { latencyMs } });
  }

  async setSnaptradeWebhookUrl(url: string): Promise<void> {
    await requestOk(this.path("/config"), { body: { snaptradeWebhookUrl: url } });
  }

  stats(): Promise<SandboxStats> {
    return requestOk<SandboxStats>(this.path("/stats"));
  }

  async resetStats(): Promise<void> {
    await requestOk(this.path("/stats/reset"), { method: "POST" });
  }

  async webhookDeliveries(): Promise<number> {
    return (await requestOk<{ deliveries: unknown[] }>(this.path("/webhooks"))).deliveries.length;
  }

  /**
   * Waits until the sandbox is quiet: no new webhook delivery and no new broker request for
   * `quietMs` (webhooks run one at a time and trigger syncs in the service). Gives up after `maxMs`.
   */
  async settle(quietMs = 400, maxMs = 15_000): Promise<void> {
    const deadline = Date.now() + maxMs;
    let last = "";
    let since = Date.now();
    while (Date.now() < deadline) {
      const now = `${(await this.stats()).total}/${await this.webhookDeliveries()}`;
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since >= quietMs) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Broker calls in a stats answer, auth (sign-ins, JWKS) left out. */
  static brokerCalls(stats: SandboxStats): Record<"snaptrade" | "alpaca" | "plaid", number> {
    const of = (p: string) => stats.providers[p]?.total ?? 0;
    return { snaptrade: of("snaptrade"), alpaca: of("alpaca"), plaid: of("plaid") };
  }
}
