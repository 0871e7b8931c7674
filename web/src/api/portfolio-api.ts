import type { ApiClient } from "./http.js";
import type { HistoryPeriod, PortfolioTick } from "./types.js";

export const portfolioApi = (api: ApiClient) => {
  const { rpc } = api;
  return {
    holdings: () => api.body(rpc.api.holdings.$get()),
    history: (period: HistoryPeriod) => api.body(rpc.api.portfolio.history.$get({ query: { period } })),
    orders: async () => (await api.body(rpc.api.orders.$get({ query: {} }))).orders,
    order: (orderId: string) => api.body(rpc.api.orders[":orderId"].$get({ param: { orderId } })),
    defaultAccount: () => api.body(rpc.api.settings["default-account"].$get()),
    /** Chooses the default trading account; null goes back to the automatic default. */
    setDefaultAccount: (accountId: string | null) =>
      api.body(rpc.api.settings["default-account"].$put({ json: { accountId } })),

    /** Live values until the signal aborts or the server ends the stream. */
    async watch(onTick: (tick: PortfolioTick) => void, signal: AbortSignal) {
      for await (const { event, data } of api.events(
        rpc.api.portfolio.stream.$get(undefined, { init: { signal } }),
      )) {
        if (event === "portfolio") onTick(JSON.parse(data) as PortfolioTick);
      }
    },

    snaptradePortal: async (request: { connectionType: "trade" | "read"; reconnect?: string }) =>
      (await api.body(rpc.api.snaptrade["connection-url"].$post({ json: request }))).redirectUrl,
    linkAlpaca: async (keyId: string, secret: string) =>
      (await api.body(rpc.api.alpaca.credentials.$post({ json: { keyId, secret, paper: true } }))).account,
    /** Sandbox only: a Plaid public token from the sandbox, exchanged like one from Plaid Link. */
    async linkSandboxPlaid() {
      // The sandbox helper is not part of the API contract (it exists only in the embedded default).
      const { publicToken } = (await api.postUntyped("/api/sandbox/plaid-public-token")) as {
        publicToken: string;
      };
      return (await api.body(rpc.api.plaid.exchange.$post({ json: { publicToken } }))).accounts;
    },
  };
};

export type PortfolioApi = ReturnType<typeof portfolioApi>;
