/** The broker sandbox's admin API (`/__sandbox`), as far as the evals use it. */

export interface SandboxOrder {
  id: string;
  provider: "snaptrade" | "alpaca";
  accountId: string;
  userId: string;
  symbol: string;
  side: "buy" | "sell";
  quantity: number | null;
  notional: number | null;
  orderType: string;
  limitPrice: number | null;
  stopPrice: number | null;
  status: string;
}

export interface SeededUser {
  id: string;
  email: string;
  snaptrade?: { connections: unknown[] };
  alpaca?: { accountId: string; keyId: string; secret: string };
  plaid?: { itemId: string; publicToken: string };
}

export class SandboxAdmin {
  constructor(readonly url: string) {}

  async seed(body: unknown): Promise<SeededUser[]> {
    return (await this.call<{ users: SeededUser[] }>("POST", "/__sandbox/seed", body)).users;
  }

  async orders(userId: string): Promise<SandboxOrder[]> {
    const query = new URLSearchParams({ userId });
    return (await this.call<{ orders: SandboxOrder[] }>("GET", `/__sandbox/orders?${query}`)).orders;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`sandbox ${method} ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }
}
