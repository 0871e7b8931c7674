import { Alpaca, marketData, OrdersApi, trading } from "@alpacahq/alpaca-trade-api";

/** The real Alpaca 4.x SDK pointed at a running sandbox (tests only). */

export interface AlpacaKeys {
  keyId: string;
  secret: string;
}

/** The lower-level Alpaca APIs with an explicit basePath (retries and rate limiting off). */
export function alpacaApis(url: string, keys: AlpacaKeys, timeoutMs = 5000) {
  const config = new trading.Configuration({ basePath: url, ...keys, timeoutMs });
  const dataConfig = new marketData.Configuration({ basePath: url, ...keys, timeoutMs });
  return {
    accounts: new trading.AccountsApi(config),
    positions: new trading.PositionsApi(config),
    orders: new OrdersApi(config),
    assets: new trading.AssetsApi(config),
    clock: new trading.ClockApi(config),
    activities: new trading.AccountActivitiesApi(config),
    history: new trading.PortfolioHistoryApi(config),
    stocks: new marketData.StockApi(dataConfig),
  };
}

/** The Alpaca facade, redirected to the sandbox by a `pre` middleware (broker-sdks.md §4.3). */
export function alpacaFacade(url: string, keys: AlpacaKeys): Alpaca {
  const target = new URL(url);
  return new Alpaca({
    ...keys,
    paper: true,
    retry: false,
    rateLimit: false,
    middleware: [
      {
        pre: async (context) => {
          const rewritten = new URL(context.url);
          rewritten.protocol = target.protocol;
          rewritten.host = target.host;
          return { url: rewritten.toString(), init: context.init };
        },
      },
    ],
  } as ConstructorParameters<typeof Alpaca>[0]);
}
