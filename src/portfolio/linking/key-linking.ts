import { BrokerError, BrokerUnavailable, RateLimited } from "../../brokers/errors.js";
import type { BrokerAccount } from "../../brokers/model.js";
import type { BrokerSession } from "../../brokers/session.js";
import { withTransaction } from "../../core/db/database.js";
import type { PoolLike } from "../../core/db/queryable.js";
import { ConflictError, UnavailableError, ValidationError } from "../../core/errors.js";
import type { PortfolioBrokers } from "../broker-clients.js";
import type { PortfolioHistoryService } from "../history/portfolio-history.js";
import { presentAccount } from "../portfolio-reader.js";
import type { Account } from "../service.js";
import { findAccount, loadAccounts } from "../store/accounts-store.js";
import type { CredentialsStore } from "../store/credentials-store.js";
import { withTimeout } from "../sync/failures.js";
import { applyPlan, emptyPlan, fetchPositions, type SyncPlan } from "../sync/sync-plan.js";

export interface KeyLinkingDeps {
  pool: PoolLike;
  brokers: PortfolioBrokers;
  credentials: CredentialsStore;
  history: PortfolioHistoryService;
  features: { snaptradeTradeExecution: boolean };
  now: () => Date;
  timeoutMs: number;
}

/** Broker trouble that is not about the input stays what it is (503, 429); the rest means the input was refused. */
function refusedInput(error: unknown, message: string): unknown {
  if (error instanceof BrokerUnavailable || error instanceof RateLimited) return error;
  if (error instanceof BrokerError) return new ValidationError(message);
  return error;
}

/**
 * Linking with a credential the user hands us: Alpaca API keys, a Plaid public token. The
 * credential is checked with the broker first (listing accounts), and stored, encrypted, in the
 * same transaction as the accounts it opens: a refused key stores nothing.
 */
export class KeyLinking {
  constructor(private readonly deps: KeyLinkingDeps) {}

  async linkAlpaca(
    userId: string,
    keys: { keyId: string; secret: string; paper: boolean },
  ): Promise<Account> {
    const session = this.deps.brokers.alpaca.session(keys);
    let listed: BrokerAccount[];
    try {
      listed = await withTimeout(session.listAccounts(), this.deps.timeoutMs, "alpaca");
    } catch (error) {
      throw refusedInput(
        error,
        "Alpaca did not accept these API keys. Check the key id and secret, and whether they are paper or live keys.",
      );
    }
    const account = listed[0];
    if (!account) throw new ValidationError("These Alpaca keys open no trading account.");
    const stored = await loadAccounts(this.deps.pool, userId);
    const plan = await this.plan(userId, session, [account]);
    plan.removeAccountIds = stored
      .filter((a) => a.provider === "alpaca" && a.id !== account.id)
      .map((a) => a.id);
    await withTransaction(this.deps.pool, async (tx) => {
      // Accounts first: an account another user linked is refused (409) before its keys are written.
      await applyPlan(tx, plan, this.deps.now());
      await this.deps.credentials.saveAlpaca(tx, userId, { ...keys, accountId: account.id });
    });
    if (!stored.some((a) => a.id === account.id)) await this.deps.history.backfill(userId, [account.id]);
    return this.present(userId, account.id);
  }

  /**
   * The first stored Plaid item whose access token still lists accounts, or null. A public token
   * works once, so a caller that re-links at every start asks this before exchanging again.
   */
  async workingPlaidItem(userId: string): Promise<string | null> {
    const plaid = this.deps.brokers.plaid;
    if (!plaid) return null;
    for (const item of await this.deps.credentials.plaidItems(this.deps.pool, userId)) {
      try {
        const session = plaid.session(this.deps.credentials.openPlaidToken(userId, item.sealed));
        await withTimeout(session.listAccounts(), this.deps.timeoutMs, "plaid");
        return item.itemId;
      } catch {
        // Dead (the sandbox forgot it, or the key changed): the caller exchanges anew.
      }
    }
    return null;
  }

  async exchangePlaid(userId: string, publicToken: string): Promise<{ itemId: string; accounts: Account[] }> {
    const plaid = this.deps.brokers.plaid;
    if (!plaid) throw new UnavailableError("Plaid is not configured on this server.");
    let exchanged: { accessToken: string; itemId: string };
    let listed: BrokerAccount[];
    let session: BrokerSession;
    try {
      exchanged = await withTimeout(plaid.exchangePublicToken(publicToken), this.deps.timeoutMs, "plaid");
      session = plaid.session(exchanged.accessToken);
      listed = await withTimeout(session.listAccounts(), this.deps.timeoutMs, "plaid");
    } catch (error) {
      throw refusedInput(
        error,
        "Plaid did not accept this public token (it may have expired or been used already).",
      );
    }
    const stored = await loadAccounts(this.deps.pool, userId);
    const plan = await this.plan(userId, session, listed);
    const listedIds = new Set(listed.map((a) => a.id));
    plan.removeAccountIds = stored
      .filter((a) => a.connectionId === exchanged.itemId && !listedIds.has(a.id))
      .map((a) => a.id);
    await withTransaction(this.deps.pool, async (tx) => {
      const saved = await this.deps.credentials.savePlaidItem(tx, userId, {
        itemId: exchanged.itemId,
        institution: listed[0]?.institution ?? "Plaid",
        accessToken: exchanged.accessToken,
        status: "active",
      });
      if (!saved)
        throw new ConflictError(
          "This Plaid item is already linked to another user.",
          "item_linked_elsewhere",
        );
      await applyPlan(tx, plan, this.deps.now());
    });
    const fresh = listed.filter((a) => !stored.some((s) => s.id === a.id)).map((a) => a.id);
    if (fresh.length > 0) await this.deps.history.backfill(userId, fresh);
    const accounts = await Promise.all(listed.map((a) => this.present(userId, a.id)));
    return { itemId: exchanged.itemId, accounts };
  }

  private async plan(userId: string, session: BrokerSession, accounts: BrokerAccount[]): Promise<SyncPlan> {
    const plan = emptyPlan(userId, session.provider);
    plan.accounts = await fetchPositions(session, accounts, this.deps.timeoutMs);
    return plan;
  }

  private async present(userId: string, accountId: string): Promise<Account> {
    const stored = await findAccount(this.deps.pool, userId, accountId);
    if (!stored) throw new Error(`account ${accountId} vanished right after linking`);
    return presentAccount(stored, this.deps.features);
  }
}
