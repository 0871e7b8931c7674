import { AuthFailed } from "../../src/brokers/errors.js";
import type { Activity, BrokerAccount, BrokerPosition, Provider } from "../../src/brokers/model.js";
import type { BrokerSession, TradingSession } from "../../src/brokers/session.js";
import type {
  PortfolioBrokers,
  SnaptradeConnectionInfo,
  SnaptradeCredentials,
  SnaptradeLoginOptions,
} from "../../src/portfolio/broker-clients.js";

/** What a fault does to a call: throw this error, or never answer. */
export type Fault = Error | "hang";

/**
 * In-memory brokers for portfolio tests: accounts, positions and activities per owner
 * (`snaptrade:<userId>`, `alpaca:<keyId>`, `plaid:<itemId>`), faults per call name
 * (e.g. "snaptrade.listPositions"), and a count of every call.
 */
export class FakeBrokers {
  readonly accounts = new Map<string, BrokerAccount[]>();
  readonly positions = new Map<string, BrokerPosition[]>();
  readonly activities = new Map<string, Activity[]>();
  readonly connections = new Map<string, SnaptradeConnectionInfo[]>();
  readonly snaptradeSecrets = new Map<string, string>();
  readonly alpacaSecrets = new Map<string, string>();
  readonly plaidPublicTokens = new Map<string, string>();
  readonly faults = new Map<string, Fault>();
  readonly calls = new Map<string, number>();
  readonly loginRequests: Array<{ userId: string } & SnaptradeLoginOptions> = [];

  private async call<T>(name: string, work: () => T): Promise<T> {
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    const fault = this.faults.get(name);
    if (fault === "hang") return new Promise<T>(() => {});
    if (fault) throw fault;
    await new Promise((resolve) => setImmediate(resolve));
    return work();
  }

  count(name: string): number {
    return this.calls.get(name) ?? 0;
  }

  private session(provider: Provider, owner: string): BrokerSession {
    const session: BrokerSession = {
      provider,
      listAccounts: () =>
        this.call(`${provider}.listAccounts`, () => structuredClone(this.accounts.get(owner) ?? [])),
      listPositions: (accountId) =>
        this.call(`${provider}.listPositions`, () => structuredClone(this.positions.get(accountId) ?? [])),
      listActivities: (accountId) =>
        this.call(`${provider}.listActivities`, () => structuredClone(this.activities.get(accountId) ?? [])),
    };
    return session;
  }

  private snaptradeOwner(credentials: SnaptradeCredentials): string {
    if (this.snaptradeSecrets.get(credentials.userId) !== credentials.userSecret)
      throw new AuthFailed("snaptrade");
    return `snaptrade:${credentials.userId}`;
  }

  readonly clients: PortfolioBrokers = {
    snaptrade: {
      session: (credentials) => {
        const owner = `snaptrade:${credentials.userId}`;
        const valid = this.snaptradeSecrets.get(credentials.userId) === credentials.userSecret;
        const session = this.session("snaptrade", valid ? owner : "nobody");
        return session as TradingSession;
      },
      registerUser: (userId) =>
        this.call("snaptrade.registerUser", () => {
          const userSecret = `secret-${userId}-${this.snaptradeSecrets.size}`;
          this.snaptradeSecrets.set(userId, userSecret);
          return { userId, userSecret };
        }),
      deleteUser: (userId) => this.call("snaptrade.deleteUser", () => this.snaptradeSecrets.delete(userId)),
      loginUrl: (credentials, options) =>
        this.call("snaptrade.loginUrl", () => {
          this.snaptradeOwner(credentials);
          this.loginRequests.push({ userId: credentials.userId, ...options });
          return `https://portal.example/connect?user=${encodeURIComponent(credentials.userId)}`;
        }),
      listConnections: (credentials) =>
        this.call("snaptrade.listConnections", () =>
          structuredClone(this.connections.get(this.snaptradeOwner(credentials)) ?? []),
        ),
      refreshConnection: (credentials) =>
        this.call("snaptrade.refreshConnection", () => this.snaptradeOwner(credentials)),
    },
    alpaca: {
      session: (credentials) => {
        const valid = this.alpacaSecrets.get(credentials.keyId) === credentials.secret;
        const session = this.session("alpaca", valid ? `alpaca:${credentials.keyId}` : "nobody");
        if (!valid) {
          session.listAccounts = () =>
            this.call("alpaca.listAccounts", () => {
              throw new AuthFailed("alpaca");
            });
        }
        return session as TradingSession;
      },
    },
    plaid: {
      session: (accessToken) => this.session("plaid", `plaid:${accessToken.replace(/^access-/, "")}`),
      exchangePublicToken: (publicToken) =>
        this.call("plaid.exchangePublicToken", () => {
          const itemId = this.plaidPublicTokens.get(publicToken);
          if (!itemId) throw new AuthFailed("plaid");
          this.plaidPublicTokens.delete(publicToken);
          return { accessToken: `access-${itemId}`, itemId };
        }),
    },
  };
}

export function fakeAccount(
  provider: Provider,
  id: string,
  overrides: Partial<BrokerAccount> = {},
): BrokerAccount {
  return {
    id: `${provider}_${id}`,
    provider,
    providerAccountId: id,
    connectionId: null,
    institution: provider === "alpaca" ? "Alpaca" : "Test Brokerage",
    name: `${provider} ${id}`,
    numberMasked: "••••1234",
    canTrade: provider !== "plaid",
    connectionStatus: "active",
    isPaper: provider === "alpaca",
    currency: "USD",
    cash: 1_000,
    buyingPower: 1_000,
    totalValue: null,
    dataAsOf: null,
    ...overrides,
  };
}

export function fakePosition(
  accountId: string,
  symbol: string,
  quantity: number,
  price: number,
): BrokerPosition {
  return {
    accountId,
    symbol,
    description: `${symbol} Inc.`,
    quantity,
    price,
    marketValue: quantity * price,
    costBasis: quantity * price * 0.9,
    currency: "USD",
  };
}
