import { Snaptrade, SnaptradeAuth } from "snaptrade-typescript-sdk";
import type { Logger } from "../../core/logger.js";
import { BrokerError } from "../errors.js";
import type { TradingSession } from "../session.js";
import { SnaptradeApi, type SnaptradeCallSettings } from "./api.js";
import { fetchConnections, type SnaptradeUserCredentials } from "./connections.js";
import { type SnaptradeConnection, toConnection } from "./mapping.js";
import { createReadCaches } from "./read-caches.js";
import { SnaptradeSession } from "./session.js";
import { TradeIdLedger } from "./trade-ids.js";

export interface SnaptradeSettings {
  clientId: string;
  consumerKey: string;
  /** The sandbox (`http://host:port/snaptrade`); the SDK's own host when undefined. */
  baseUrl: string | undefined;
}

export interface LoginOptions {
  connectionType: "trade" | "read";
  /** An authorization id to repair instead of creating a new connection (new account ids). */
  reconnect?: string;
  broker?: string;
  customRedirect: string;
}

export interface SnaptradeClient {
  session(credentials: SnaptradeUserCredentials): TradingSession;
  registerUser(userId: string): Promise<SnaptradeUserCredentials>;
  deleteUser(userId: string): Promise<void>;
  /** The connection portal URL (valid 5 minutes). */
  loginUrl(credentials: SnaptradeUserCredentials, options: LoginOptions): Promise<string>;
  listConnections(credentials: SnaptradeUserCredentials): Promise<SnaptradeConnection[]>;
  getConnection(credentials: SnaptradeUserCredentials, connectionId: string): Promise<SnaptradeConnection>;
  removeConnection(credentials: SnaptradeUserCredentials, connectionId: string): Promise<void>;
  /** Asks SnapTrade to sync the connection now (billed per call at SnapTrade). */
  refreshConnection(credentials: SnaptradeUserCredentials, connectionId: string): Promise<void>;
}

/** One SDK client (and one trade-id ledger) per process, shared by every user's session. */
export function createSnaptradeClient(
  settings: SnaptradeSettings,
  calls: SnaptradeCallSettings,
  logger: Logger,
  now: () => Date,
): SnaptradeClient {
  const sdk = new Snaptrade({
    auth: SnaptradeAuth.commercialApiKey({ clientId: settings.clientId, consumerKey: settings.consumerKey }),
    basePath: settings.baseUrl?.replace(/\/+$/, ""),
    // A 3xx is an answer, never a hop: following one (307 keeps the method and body) would send
    // the same call, an order included, wherever it points. Without redirects axios also uses
    // Node's http directly instead of follow-redirects' wrapper.
    baseOptions: { timeout: calls.timeoutMs, maxRedirects: 0 },
  });
  const api = new SnaptradeApi(sdk, calls, logger);
  const tradeIds = new TradeIdLedger(now);
  const caches = createReadCaches(now);

  return {
    session: (credentials) => new SnaptradeSession(api, credentials, tradeIds, caches, now),

    async registerUser(userId) {
      const created = await api.write("registerSnapTradeUser", (o) =>
        sdk.authentication.registerSnapTradeUser({ userId }, o),
      );
      if (!created.userSecret)
        throw new BrokerError("broker_bad_answer", "SnapTrade registered the user without a secret.");
      return { userId: created.userId ?? userId, userSecret: created.userSecret };
    },

    async deleteUser(userId) {
      await api.write("deleteSnapTradeUser", (o) => sdk.authentication.deleteSnapTradeUser({ userId }, o));
    },

    async loginUrl(credentials, options) {
      const login = await api.write("loginSnapTradeUser", (o) =>
        sdk.authentication.loginSnapTradeUser(
          {
            ...credentials,
            connectionType: options.connectionType,
            reconnect: options.reconnect,
            broker: options.broker,
            customRedirect: options.customRedirect,
            immediateRedirect: true,
          },
          o,
        ),
      );
      const redirect = (login as { redirectURI?: unknown }).redirectURI;
      if (typeof redirect !== "string" || !redirect) {
        throw new BrokerError("broker_bad_answer", "SnapTrade returned no connection portal URL.");
      }
      return redirect;
    },

    listConnections: (credentials) => fetchConnections(api, credentials, caches),

    async getConnection(credentials, connectionId) {
      const authorization = await api.read(
        "detailBrokerageAuthorization",
        (o) =>
          sdk.connections.detailBrokerageAuthorization({ ...credentials, authorizationId: connectionId }, o),
        { connectionId, what: `connection ${connectionId}` },
      );
      return toConnection(authorization);
    },

    async removeConnection(credentials, connectionId) {
      await api.write(
        "removeBrokerageAuthorization",
        (o) =>
          sdk.connections.removeBrokerageAuthorization({ ...credentials, authorizationId: connectionId }, o),
        { connectionId, what: `connection ${connectionId}` },
      );
    },

    async refreshConnection(credentials, connectionId) {
      await api.write(
        "refreshBrokerageAuthorization",
        (o) =>
          sdk.connections.refreshBrokerageAuthorization({ ...credentials, authorizationId: connectionId }, o),
        { connectionId, what: `connection ${connectionId}` },
      );
    },
  };
}
