/**
 * Every operation the sandbox serves, by provider. Fault targets are `<provider>.<operation>`
 * and `GET /__sandbox/stats` counts requests under these names (see README).
 */
export const OPERATIONS = {
  snaptrade: [
    "status",
    "registerUser",
    "deleteUser",
    "login",
    "authorizations",
    "authorizationDetail",
    "removeAuthorization",
    "refreshAuthorization",
    "disableAuthorization",
    "authorizationAccounts",
    "accounts",
    "accountDetail",
    "balances",
    "positions",
    "orders",
    "recentOrders",
    "orderDetail",
    "activities",
    "quotes",
    "symbols",
    "impact",
    "placeOrder",
    "cancel",
  ],
  alpaca: [
    "account",
    "positions",
    "position",
    "createOrder",
    "orders",
    "getOrder",
    "cancelOrder",
    "asset",
    "assets",
    "clock",
    "activities",
    "portfolioHistory",
    "latestTrade",
    "latestQuote",
    "bars",
  ],
  plaid: ["holdings", "transactions", "exchange", "publicTokenCreate", "accounts", "webhookKey"],
  auth: ["jwks", "token", "user", "logout"],
} as const;

export type ProviderName = keyof typeof OPERATIONS;
export type OperationName<P extends ProviderName = ProviderName> = (typeof OPERATIONS)[P][number];

export const ALL_TARGETS: string[] = Object.entries(OPERATIONS).flatMap(([provider, names]) =>
  names.map((name) => `${provider}.${name}`),
);
