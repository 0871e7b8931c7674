import { withTransaction } from "../../core/db/database.js";
import type { PoolLike } from "../../core/db/queryable.js";
import { NotFoundError, UnavailableError, ValidationError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { DecryptionError } from "../../core/secrets/cipher.js";
import type { SnaptradeClient, SnaptradeCredentials } from "../broker-clients.js";
import type { PortfolioHistoryService } from "../history/portfolio-history.js";
import type { PortfolioWarning } from "../service.js";
import { deleteAccountsOfProvider } from "../store/accounts-store.js";
import { deleteAllConnections, listConnections } from "../store/connections-store.js";
import type { CredentialsStore } from "../store/credentials-store.js";
import type { HoldingsSync } from "../sync/holdings-sync.js";
import { signCallbackState, verifyCallbackState } from "./callback-state.js";
import { consumeCallbackState } from "./callback-state-store.js";

export interface ConnectionUrlRequest {
  connectionType?: "trade" | "read" | undefined;
  broker?: string | undefined;
  /** Id of one of the user's connections to repair (a disabled one). */
  reconnect?: string | undefined;
}

export interface SnaptradeLinkingDeps {
  pool: PoolLike;
  client: SnaptradeClient | undefined;
  credentials: CredentialsStore;
  sync: HoldingsSync;
  history: PortfolioHistoryService;
  stateKey: Buffer;
  /** Where browsers reach this service; the request's own origin is used when unset. */
  publicUrl: () => string | undefined;
  logger: Logger;
  now: () => Date;
}

/** The callback's state was forged, altered or is older than 15 minutes: nothing was changed. */
export class InvalidLinkState extends ValidationError {
  constructor(message = "This link session is invalid or has expired. Start linking the brokerage again.") {
    super(message);
  }
}

/** Connection portal, callback and refresh: the SnapTrade side of linking. */
export class SnaptradeLinking {
  private readonly registering = new Map<string, Promise<SnaptradeCredentials>>();
  private readonly lastRefresh = new Map<string, number>();

  constructor(private readonly deps: SnaptradeLinkingDeps) {}

  private client(): SnaptradeClient {
    if (!this.deps.client) throw new UnavailableError("SnapTrade is not configured on this server.");
    return this.deps.client;
  }

  /**
   * The user's SnapTrade registration, created on first use with SnapTrade userId = our user id.
   * A stored secret that can no longer be decrypted is lost for good: SnapTrade's remedy is to
   * delete the SnapTrade user and register again, and the old connections go with it.
   */
  ensureUser(userId: string): Promise<SnaptradeCredentials> {
    const running = this.registering.get(userId);
    if (running) return running;
    const work = this.registerOnce(userId).finally(() => this.registering.delete(userId));
    this.registering.set(userId, work);
    return work;
  }

  private async registerOnce(userId: string): Promise<SnaptradeCredentials> {
    const { pool, credentials, logger } = this.deps;
    try {
      const existing = await credentials.snaptrade(pool, userId);
      if (existing) return existing;
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      logger.warn({ userId }, "SnapTrade user secret cannot be decrypted: registering the user again");
      await this.client()
        .deleteUser(userId)
        .catch((e: unknown) => logger.warn({ err: e, userId }, "SnapTrade user could not be deleted"));
      await this.forgetUser(userId);
    }
    const registered = await this.client().registerUser(userId);
    await credentials.saveSnaptrade(pool, userId, registered);
    return registered;
  }

  /** Drops our SnapTrade rows of the user (registration, connections, accounts). */
  async forgetUser(userId: string): Promise<void> {
    await withTransaction(this.deps.pool, async (tx) => {
      await deleteAccountsOfProvider(tx, userId, "snaptrade");
      await deleteAllConnections(tx, userId);
      await this.deps.credentials.deleteSnaptrade(tx, userId);
    });
  }

  /** The portal URL; its redirect comes back to our callback carrying a signed, expiring state. */
  async connectionUrl(userId: string, request: ConnectionUrlRequest, requestOrigin: string): Promise<string> {
    const client = this.client();
    if (request.reconnect !== undefined) {
      const owned = await listConnections(this.deps.pool, userId);
      if (!owned.some((c) => c.id === request.reconnect)) throw new NotFoundError("Connection");
    }
    const credentials = await this.ensureUser(userId);
    const state = signCallbackState(this.deps.stateKey, userId, this.deps.now());
    const base = this.deps.publicUrl() ?? requestOrigin;
    return client.loginUrl(credentials, {
      connectionType: request.connectionType ?? "trade",
      ...(request.reconnect !== undefined ? { reconnect: request.reconnect } : {}),
      ...(request.broker !== undefined ? { broker: request.broker } : {}),
      customRedirect: `${base}/api/snaptrade/callback?state=${encodeURIComponent(state)}`,
    });
  }

  /** A repair link for a disabled connection (null when SnapTrade is not configured). */
  async reconnectUrl(userId: string, connectionId: string): Promise<string | null> {
    const base = this.deps.publicUrl();
    if (!this.deps.client || !base) return null;
    return this.connectionUrl(userId, { reconnect: connectionId }, base);
  }

  /** The portal sent the user back: know them from the state, then store what they linked. */
  async completeCallback(
    state: string | undefined,
  ): Promise<{ userId: string; warnings: PortfolioWarning[] }> {
    const verified = verifyCallbackState(this.deps.stateKey, state, this.deps.now());
    if (!verified) throw new InvalidLinkState();
    // Single-use: a replayed redirect (a shared link, a browser history entry) is refused.
    if (!(await consumeCallbackState(this.deps.pool, verified.nonce, verified.expiresAt))) {
      throw new InvalidLinkState(
        "This link session has already been used. Start linking the brokerage again.",
      );
    }
    const userId = verified.userId;
    const warnings = await this.syncAfterLink(userId);
    return { userId, warnings };
  }

  /** Stores connections, accounts and positions now, and estimates the new accounts' history. */
  async syncAfterLink(userId: string): Promise<PortfolioWarning[]> {
    const { newAccountIds, plan } = await this.deps.sync.syncProvider(userId, "snaptrade");
    if (newAccountIds.length > 0) await this.deps.history.backfill(userId, newAccountIds);
    return plan.warnings;
  }

  /**
   * Asks SnapTrade to refresh every active connection from the brokerage (billed per call, so
   * at most once per connection per `cooldownMs`), then re-syncs all the user's providers.
   */
  async refresh(userId: string, cooldownMs: number): Promise<PortfolioWarning[]> {
    const client = this.deps.client;
    const credentials = client
      ? await this.deps.credentials.snaptrade(this.deps.pool, userId).catch(() => null)
      : null;
    if (client && credentials) {
      const now = this.deps.now().getTime();
      const connections = await listConnections(this.deps.pool, userId);
      await Promise.all(
        connections
          .filter((c) => c.status === "active" && now - (this.lastRefresh.get(c.id) ?? 0) >= cooldownMs)
          .map(async (c) => {
            this.lastRefresh.set(c.id, now);
            await client.refreshConnection(credentials, c.id).catch((error: unknown) => {
              this.deps.logger.info(
                { err: error, connectionId: c.id },
                "SnapTrade connection refresh refused",
              );
            });
          }),
      );
    }
    return this.deps.sync.refresh(userId, { force: true });
  }
}
