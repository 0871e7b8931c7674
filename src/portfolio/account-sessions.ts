import { ConnectionBroken } from "../brokers/errors.js";
import type { BrokerSession, TradingSession } from "../brokers/session.js";
import type { PoolLike } from "../core/db/queryable.js";
import { ConflictError, ForbiddenError, UnavailableError } from "../core/errors.js";
import { DecryptionError } from "../core/secrets/cipher.js";
import type { PortfolioBrokers } from "./broker-clients.js";
import type { StoredAccount } from "./store/accounts-store.js";
import type { CredentialsStore } from "./store/credentials-store.js";
import type { SealedTradingCredentials } from "./store/sealed-credentials.js";

/** The stored link cannot be used any more (secret lost, or refused): only linking again helps. */
export class RelinkRequired extends ConflictError {
  constructor(provider: string) {
    super(
      `The ${provider} link of this account can no longer be used (its stored credentials were lost or refused). Link the account again.`,
      "relink_required",
      { provider },
    );
  }
}

/** A disabled SnapTrade connection, with the portal URL that repairs it when one could be made. */
export class ReconnectRequired extends ConnectionBroken {
  constructor(connectionId: string | null, reconnectUrl: string | null) {
    super(
      "snaptrade",
      connectionId,
      true,
      "The brokerage connection is disabled; reconnect it through the SnapTrade portal.",
    );
    if (reconnectUrl && this.details) this.details.reconnectUrl = reconnectUrl;
  }
}

/** Opens provider sessions for a stored account with the user's decrypted credentials. */
export class AccountSessions {
  constructor(
    private readonly pool: PoolLike,
    private readonly brokers: PortfolioBrokers,
    private readonly credentials: CredentialsStore,
    /** Makes a reconnect link for a disabled connection (null when it cannot). */
    private readonly reconnectUrl: (userId: string, connectionId: string) => Promise<string | null>,
  ) {}

  /** Any provider, read-only use (activities). */
  async readSession(userId: string, account: StoredAccount): Promise<BrokerSession> {
    if (account.provider !== "plaid") return this.tradingSession(userId, account);
    if (!this.brokers.plaid) throw new UnavailableError("Plaid is not configured on this server.");
    const item = (await this.credentials.plaidItems(this.pool, userId)).find(
      (i) => i.itemId === account.connectionId,
    );
    if (!item) throw new RelinkRequired("Plaid");
    return this.brokers.plaid.session(
      this.open(() => this.credentials.openPlaidToken(userId, item.sealed), "Plaid"),
    );
  }

  /** A session with the user's credentials: `sealed` when the caller read them already, else read here. */
  async tradingSession(
    userId: string,
    account: StoredAccount,
    sealed?: SealedTradingCredentials,
  ): Promise<TradingSession> {
    if (account.provider === "plaid") {
      throw new ForbiddenError(
        "Plaid accounts are read-only: they cannot place orders.",
        "account_read_only",
      );
    }
    if (account.provider === "alpaca") {
      const creds = await this.openAsync(
        async () =>
          sealed
            ? this.credentials.openAlpaca(userId, sealed.alpaca)
            : this.credentials.alpaca(this.pool, userId),
        "Alpaca",
      );
      if (!creds || creds.accountId !== account.id) throw new RelinkRequired("Alpaca");
      return this.brokers.alpaca.session(creds);
    }
    if (!this.brokers.snaptrade) throw new UnavailableError("SnapTrade is not configured on this server.");
    if (account.connectionStatus === "broken") throw new RelinkRequired("SnapTrade");
    if (account.connectionStatus === "disabled") {
      const url = account.connectionId
        ? await this.reconnectUrl(userId, account.connectionId).catch(() => null)
        : null;
      throw new ReconnectRequired(account.connectionId, url);
    }
    const creds = await this.openAsync(
      async () =>
        sealed
          ? this.credentials.openSnaptrade(userId, sealed.snaptrade)
          : this.credentials.snaptrade(this.pool, userId),
      "SnapTrade",
    );
    if (!creds) throw new RelinkRequired("SnapTrade");
    return this.brokers.snaptrade.session(creds);
  }

  private open<T>(read: () => T, provider: string): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof DecryptionError) throw new RelinkRequired(provider);
      throw error;
    }
  }

  private async openAsync<T>(read: () => Promise<T>, provider: string): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof DecryptionError) throw new RelinkRequired(provider);
      throw error;
    }
  }
}
