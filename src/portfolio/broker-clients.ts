import type { BrokerSession, TradingSession } from "../brokers/session.js";

/**
 * The slice of `createBrokerClients(config, logger)` (src/brokers) the portfolio layer uses,
 * declared structurally so tests can pass fakes and the real factory fits as is.
 */
export interface SnaptradeCredentials {
  userId: string;
  userSecret: string;
}

export interface SnaptradeConnectionInfo {
  id: string;
  brokerageName: string;
  brokerageSlug: string | null;
  type: "trade" | "read";
  disabled: boolean;
  disabledAt: string | null;
}

export interface SnaptradeLoginOptions {
  connectionType: "trade" | "read";
  reconnect?: string;
  broker?: string;
  customRedirect: string;
}

export interface SnaptradeClient {
  session(credentials: SnaptradeCredentials): TradingSession;
  registerUser(userId: string): Promise<SnaptradeCredentials>;
  deleteUser(userId: string): Promise<unknown>;
  loginUrl(credentials: SnaptradeCredentials, options: SnaptradeLoginOptions): Promise<string>;
  listConnections(credentials: SnaptradeCredentials): Promise<SnaptradeConnectionInfo[]>;
  refreshConnection(credentials: SnaptradeCredentials, connectionId: string): Promise<unknown>;
}

export interface AlpacaClient {
  session(credentials: { keyId: string; secret: string; paper: boolean }): TradingSession;
}

export interface PlaidClient {
  session(accessToken: string): BrokerSession;
  exchangePublicToken(publicToken: string): Promise<{ accessToken: string; itemId: string }>;
}

export interface PortfolioBrokers {
  snaptrade?: SnaptradeClient | undefined;
  alpaca: AlpacaClient;
  plaid?: PlaidClient | undefined;
}
