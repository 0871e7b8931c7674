import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ALPACA_KEY_ID, DEMO_ALPACA_SECRET, DEMO_PLAID_PUBLIC_TOKEN, DEMO_USER_ID } from "../demo.js";
import type { RunningSandbox } from "../server.js";
import { alpacaApis } from "../testing/alpaca-client.js";
import { passPortal, startTestSandbox } from "../testing/harness.js";
import { plaidClient } from "../testing/plaid-client.js";
import { type RecordedExchange, startRecordingProxy } from "../testing/recording-proxy.js";
import { snaptradeClient } from "../testing/snaptrade-client.js";
import { OpenApiValidator } from "./openapi-validator.js";
import { specPath, specsAvailable, specsDir } from "./specs.js";

/**
 * Contract tests: drive every endpoint through the real SDKs via a recording proxy, then
 * validate each recorded JSON answer against the vendor's OpenAPI schema in ../shared/specs.
 */
const available = specsAvailable();
if (!available) console.warn(`[sandbox] contract tests skipped: vendor specs not found in ${specsDir}`);

const userId = DEMO_USER_ID;
let sandbox: RunningSandbox;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;

/** Runs a call that may fail (error answers are recorded and validated too). */
const settle = (promise: Promise<unknown>) => promise.catch(() => undefined);

async function driveSnaptrade() {
  const client = snaptradeClient(proxy.url);
  await client.apiStatus.check();
  const { data: registration } = await client.authentication.registerSnapTradeUser({ userId });
  const auth = { userId, userSecret: registration.userSecret ?? "" };
  await settle(client.authentication.registerSnapTradeUser({ userId }));
  await passPortal(client, userId, auth.userSecret);
  const { data: connections } = await client.connections.listBrokerageAuthorizations(auth);
  const tradeConnection = connections.find((c) => c.type === "trade");
  const authorizationId = tradeConnection?.id ?? "";
  await client.connections.detailBrokerageAuthorization({ authorizationId, ...auth });
  await client.connections.listBrokerageAuthorizationAccounts({ authorizationId, ...auth });
  await client.connections.refreshBrokerageAuthorization({ authorizationId, ...auth });

  const { data: accounts } = await client.accountInformation.listUserAccounts(auth);
  const account = accounts.find((a) => a.brokerage_authorization === authorizationId);
  const readOnly = accounts.find(
    (a) => a.brokerage_authorization === connections.find((c) => c.type === "read")?.id,
  );
  const accountId = account?.id ?? "";
  await client.accountInformation.getUserAccountDetails({ accountId, ...auth });
  await client.accountInformation.getUserAccountBalance({ accountId, ...auth });
  await client.accountInformation.getAllAccountPositions({ accountId, ...auth });
  await client.accountInformation.getAccountActivities({ accountId, ...auth });
  await client.trading.getUserAccountQuotes({ accountId, symbols: "AAPL,MSFT", useTicker: true, ...auth });
  await client.referenceData.symbolSearchUserAccount({ accountId, substring: "A", ...auth });
  await client.referenceData.getSymbols({ substring: "VO" });
  await client.referenceData.getSymbolsByTicker({ query: "AAPL" });
  await settle(client.referenceData.getSymbolsByTicker({ query: "NOPE" }));

  const aapl = sandbox.world.catalogue.find("AAPL")?.id ?? "";
  const impact = await client.trading.getOrderImpact({
    account_id: accountId,
    action: "BUY",
    universal_symbol_id: aapl,
    order_type: "Market",
    time_in_force: "Day",
    units: 1,
    ...auth,
  });
  const tradeId = impact.data.trade?.id ?? "";
  await client.trading.placeOrder({ tradeId, ...auth });
  await settle(client.trading.placeOrder({ tradeId, ...auth }));
  const limit = await client.trading.placeForceOrder({
    account_id: accountId,
    action: "BUY",
    symbol: "KO",
    order_type: "Limit",
    time_in_force: "GTC",
    price: 1,
    units: 1,
    client_order_id: "0b8f7c4e-7d2a-4d7e-9b55-2f1f3d5b6a77",
    ...auth,
  });
  await client.accountInformation.getUserAccountOrders({ accountId, state: "all", ...auth });
  await client.accountInformation.getUserAccountRecentOrders({ accountId, onlyExecuted: false, ...auth });
  const brokerageOrderId = limit.data.brokerage_order_id ?? "";
  await client.accountInformation.getUserAccountOrderDetail({
    accountId,
    brokerage_order_id: brokerageOrderId,
    ...auth,
  });
  await client.trading.cancelOrder({ accountId, brokerage_order_id: brokerageOrderId, ...auth });
  await settle(
    client.trading.placeForceOrder({
      account_id: readOnly?.id ?? "",
      action: "SELL",
      symbol: "MSFT",
      order_type: "Market",
      time_in_force: "Day",
      units: 1,
      ...auth,
    }),
  );
  await settle(client.accountInformation.listUserAccounts({ userId, userSecret: "wrong" }));
  await client.connections.disableBrokerageAuthorization({ authorizationId, ...auth });
  await settle(client.connections.refreshBrokerageAuthorization({ authorizationId, ...auth }));
  await client.connections.removeBrokerageAuthorization({ authorizationId, ...auth });
  await settle(client.accountInformation.getUserAccountBalance({ accountId, ...auth }));
  await client.authentication.deleteSnapTradeUser({ userId });
}

async function driveAlpaca() {
  const api = alpacaApis(proxy.url, { keyId: DEMO_ALPACA_KEY_ID, secret: DEMO_ALPACA_SECRET });
  await api.accounts.getAccount();
  await api.positions.getAllOpenPositions();
  await api.positions.getOpenPosition({ symbolOrAssetId: "TSLA" });
  await settle(api.positions.getOpenPosition({ symbolOrAssetId: "KO" }));
  const market = await api.orders.market({
    symbol: "AAPL",
    qty: 1,
    side: "buy",
    clientOrderId: "contract-1",
  });
  await api.orders.market({ symbol: "NVDA", notional: 100, side: "buy" });
  await settle(api.orders.market({ symbol: "AAPL", qty: 1, side: "buy", clientOrderId: "contract-1" }));
  await settle(api.orders.market({ symbol: "AAPL", qty: 100_000, side: "buy" }));
  const limit = await api.orders.limit({ symbol: "KO", qty: 2, side: "buy", limitPrice: 1 });
  await api.orders.getAllOrders({ status: "all" });
  await api.orders.getOrderByOrderID({ orderId: market.id ?? "" });
  await api.orders.getOrderByClientOrderId({ clientOrderId: "contract-1" });
  await api.orders.deleteOrderByOrderID({ orderId: limit.id ?? "" });
  await api.assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: "AAPL" });
  await api.assets.getV2Assets({ status: "active", assetClass: "us_equity" });
  await api.clock.legacyClock();
  await api.activities.getAccountActivities({});
  await api.history.getAccountPortfolioHistory({ period: "1M" });
  await api.stocks.stockLatestTradeSingle({ symbol: "AAPL", feed: "iex" });
  await api.stocks.stockLatestQuoteSingle({ symbol: "AAPL", feed: "iex" });
  await api.stocks.stockLatestTrades({ symbols: "AAPL,VOO" });
  await api.stocks.stockLatestQuotes({ symbols: "AAPL,VOO" });
  await api.stocks.stockBarSingle({ symbol: "AAPL", timeframe: "1Day" });
}

async function drivePlaid() {
  const plaid = plaidClient(proxy.url);
  const { data } = await plaid.itemPublicTokenExchange({ public_token: DEMO_PLAID_PUBLIC_TOKEN });
  await settle(plaid.itemPublicTokenExchange({ public_token: DEMO_PLAID_PUBLIC_TOKEN }));
  await plaid.investmentsHoldingsGet({ access_token: data.access_token });
  await plaid.accountsGet({ access_token: data.access_token });
  await plaid.investmentsTransactionsGet({
    access_token: data.access_token,
    start_date: "2000-01-01",
    end_date: "2100-01-01",
  });
  await settle(plaid.investmentsHoldingsGet({ access_token: "access-sandbox-nope" }));
  await plaid.sandboxPublicTokenCreate({
    institution_id: "ins_1",
    initial_products: ["investments" as never],
  });
  await plaid.webhookVerificationKeyGet({ key_id: sandbox.sandbox.plaidWebhookKeyId });
}

type Validators = Record<"snaptrade" | "alpacaTrading" | "alpacaMarketData" | "plaid", OpenApiValidator>;

function validatorFor(
  validators: Validators,
  path: string,
): { validator: OpenApiValidator; path: string } | null {
  if (path.startsWith("/snaptrade/portal")) return null;
  if (path.startsWith("/snaptrade"))
    return { validator: validators.snaptrade, path: path.slice("/snaptrade".length) || "/" };
  if (path.startsWith("/v2/stocks")) return { validator: validators.alpacaMarketData, path };
  if (path.startsWith("/v2/")) return { validator: validators.alpacaTrading, path };
  if (path.startsWith("/auth/") || path.startsWith("/__sandbox")) return null;
  return { validator: validators.plaid, path };
}

describe.skipIf(!available)("contract: sandbox answers validate against the vendor specs", () => {
  let validators: Validators;
  const checked = new Set<string>();
  const failures: string[] = [];

  beforeAll(async () => {
    validators = {
      snaptrade: new OpenApiValidator(specPath("snaptrade")),
      alpacaTrading: new OpenApiValidator(specPath("alpacaTrading")),
      alpacaMarketData: new OpenApiValidator(specPath("alpacaMarketData")),
      plaid: new OpenApiValidator(specPath("plaid")),
    };
    sandbox = await startTestSandbox({ demo: true });
    proxy = await startRecordingProxy(sandbox.url);
    await driveSnaptrade();
    await driveAlpaca();
    await drivePlaid();
    for (const exchange of proxy.exchanges) validateExchange(exchange);
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
  });

  function validateExchange(exchange: RecordedExchange) {
    const target = validatorFor(validators, exchange.path);
    if (!target) return;
    const body = exchange.contentType.includes("json") ? JSON.parse(exchange.body) : undefined;
    const result = target.validator.validate(exchange.method, target.path, exchange.status, body);
    checked.add(`${exchange.method} ${result.template} ${exchange.status}`);
    if (!result.valid)
      failures.push(`${exchange.method} ${exchange.path} ${exchange.status}: ${result.errors.join("; ")}`);
  }

  it("every recorded answer matches its schema", () => {
    expect(failures).toEqual([]);
  });

  it("covers the endpoints the project uses, success and error answers", () => {
    const expected = [
      "GET / 200",
      "POST /snapTrade/registerUser 200",
      "POST /snapTrade/registerUser 400",
      "POST /snapTrade/login 200",
      "DELETE /snapTrade/deleteUser 200",
      "GET /authorizations 200",
      "GET /authorizations/{authorizationId} 200",
      "GET /authorizations/{authorizationId}/accounts 200",
      "POST /authorizations/{authorizationId}/refresh 200",
      "POST /authorizations/{authorizationId}/refresh 402",
      "POST /authorizations/{authorizationId}/disable 200",
      "DELETE /authorizations/{authorizationId} 204",
      "GET /accounts 200",
      "GET /accounts 401",
      "GET /accounts/{accountId} 200",
      "GET /accounts/{accountId}/balances 200",
      "GET /accounts/{accountId}/balances 404",
      "GET /accounts/{accountId}/positions/all 200",
      "GET /accounts/{accountId}/orders 200",
      "GET /accounts/{accountId}/recentOrders 200",
      "POST /accounts/{accountId}/orders/details 200",
      "GET /accounts/{accountId}/activities 200",
      "GET /accounts/{accountId}/quotes 200",
      "POST /accounts/{accountId}/symbols 200",
      "POST /symbols 200",
      "GET /symbols/{query} 200",
      "GET /symbols/{query} 404",
      "POST /trade/impact 200",
      "POST /trade/{tradeId} 200",
      "POST /trade/{tradeId} 400",
      "POST /trade/place 200",
      "POST /trade/place 403",
      "POST /accounts/{accountId}/trading/cancel 200",
      "GET /v2/account 200",
      "GET /v2/positions 200",
      "GET /v2/positions/{symbol_or_asset_id} 200",
      "GET /v2/positions/{symbol_or_asset_id} 404",
      "POST /v2/orders 200",
      "POST /v2/orders 403",
      "POST /v2/orders 422",
      "GET /v2/orders 200",
      "GET /v2/orders/{order_id} 200",
      "GET /v2/orders:by_client_order_id 200",
      "DELETE /v2/orders/{order_id} 204",
      "GET /v2/assets/{symbol_or_asset_id} 200",
      "GET /v2/assets 200",
      "GET /v2/clock 200",
      "GET /v2/account/activities 200",
      "GET /v2/account/portfolio/history 200",
      "GET /v2/stocks/{symbol}/trades/latest 200",
      "GET /v2/stocks/{symbol}/quotes/latest 200",
      "GET /v2/stocks/trades/latest 200",
      "GET /v2/stocks/quotes/latest 200",
      "GET /v2/stocks/{symbol}/bars 200",
      "POST /item/public_token/exchange 200",
      "POST /item/public_token/exchange 400",
      "POST /investments/holdings/get 200",
      "POST /investments/holdings/get 400",
      "POST /investments/transactions/get 200",
      "POST /accounts/get 200",
      "POST /sandbox/public_token/create 200",
      "POST /webhook_verification_key/get 200",
    ];
    expect(expected.filter((e) => !checked.has(e))).toEqual([]);
  });
});
