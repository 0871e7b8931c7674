import type { ApiClient } from "./http.js";
import type {
  Account,
  HistoryPeriod,
  HoldingsView,
  Order,
  PortfolioHistory,
  PortfolioTick,
} from "./types.js";

export const portfolioApi = (api: ApiClient) => ({
  holdings: () => api.get<HoldingsView>("/api/holdings"),
  history: (period: HistoryPeriod) => api.get<PortfolioHistory>(`/api/portfolio/history?period=${period}`),
  orders: async () => (await api.get<{ orders: Order[] }>("/api/orders")).orders,
  order: (orderId: string) => api.get<Order>(`/api/orders/${encodeURIComponent(orderId)}`),

  /** Live values until the signal aborts or the server ends the stream. */
  async watch(onTick: (tick: PortfolioTick) => void, signal: AbortSignal) {
    for await (const { event, data } of api.stream("/api/portfolio/stream", { method: "GET", signal })) {
      if (event === "portfolio") onTick(JSON.parse(data) as PortfolioTick);
    }
  },

  snaptradePortal: async (request: { connectionType: "trade" | "read"; reconnect?: string }) =>
    (await api.post<{ redirectUrl: string }>("/api/snaptrade/connection-url", request)).redirectUrl,
  linkAlpaca: async (keyId: string, secret: string) =>
    (await api.post<{ account: Account }>("/api/alpaca/credentials", { keyId, secret, paper: true })).account,
  /** Sandbox only: a Plaid public token from the sandbox, exchanged like one from Plaid Link. */
  async linkSandboxPlaid() {
    const { publicToken } = await api.post<{ publicToken: string }>("/api/sandbox/plaid-public-token");
    return (await api.post<{ accounts: Account[] }>("/api/plaid/exchange", { publicToken })).accounts;
  },
});

export type PortfolioApi = ReturnType<typeof portfolioApi>;
