import { prefixedAccountId } from "../../brokers/model.js";
import { withTransaction } from "../../core/db/database.js";
import { afterAnswer } from "../../core/db/query-counter.js";
import type { PoolLike, Queryable } from "../../core/db/queryable.js";
import { UnauthorizedError, UnavailableError, ValidationError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { PortfolioHistoryService } from "../history/portfolio-history.js";
import {
  deleteAccounts,
  deleteAccountsOfConnection,
  deleteAccountsOfProvider,
  type StoredAccount,
  setConnectionAccountsStatus,
} from "../store/accounts-store.js";
import { deleteAllConnections, deleteConnection, setConnectionStatus } from "../store/connections-store.js";
import type { CredentialsStore } from "../store/credentials-store.js";
import { type HoldingsSync, newAccountIds } from "../sync/holdings-sync.js";
import { applyPlan, type SyncPlan } from "../sync/sync-plan.js";
import { verifySnaptradeWebhook, webhookIdOf } from "./snaptrade-signature.js";
import { claimAccountEvent, claimWebhookEvent, snaptradeDeliverySubject } from "./webhook-events-store.js";

/** A TRADE_UPDATE event, for the orders engine. */
export interface TradeUpdateEvent {
  webhookId: string;
  /** Our user id. */
  userId: string;
  /** Prefixed (`snaptrade_<id>`), or null when the event names no account. */
  accountId: string | null;
  connectionId: string | null;
  eventTimestamp: string;
  /** SnapTrade's `details` (orders with legs, statuses): data, validated by the consumer. */
  details: unknown;
}

/**
 * Runs inside the webhook's transaction, so its writes commit together with the
 * de-duplication row: write through `tx` only (never through the pool, which on PGlite waits
 * for the lock this transaction holds). Throw to make SnapTrade deliver the event again.
 */
export type TradeUpdateHook = (event: TradeUpdateEvent, tx: Queryable) => Promise<void>;

export type WebhookOutcome = "processed" | "duplicate" | "ignored";

export interface SnaptradeWebhookDeps {
  pool: PoolLike;
  consumerKey: string | undefined;
  credentials: CredentialsStore;
  sync: HoldingsSync;
  history: PortfolioHistoryService;
  logger: Logger;
  now: () => Date;
}

const str = (value: unknown) => (typeof value === "string" && value.length > 0 ? value : null);

/** Events that mean "what this user has at SnapTrade changed": re-read it all. */
const fullSyncEvents = new Set([
  "CONNECTION_ADDED",
  "CONNECTION_FIXED",
  "CONNECTION_UPDATED",
  "NEW_ACCOUNT_AVAILABLE",
]);
const accountSyncEvents = new Set(["ACCOUNT_HOLDINGS_UPDATED", "TRADES_PLACED", "TRADE_UPDATE"]);

/** A fetch that failed for a passing reason: answering non-2xx makes SnapTrade retry later. */
function hasTransientFailure(plan: SyncPlan): boolean {
  return (
    plan.warnings.length > 0 ||
    plan.failed.some((f) => f.failure.status === null) ||
    plan.accounts.some((a) => a.failure !== null && a.failure.status === null)
  );
}

/**
 * SnapTrade webhook deliveries: verified, de-duplicated by webhook id, processed. One
 * transaction inserts the event id and applies the changes, so a redelivery after any failure
 * finds no event row and is processed afresh. A re-listing's broker reads come before it; an
 * event about one stored account only counts the refresh the account owes (a read refreshes an
 * account owed one), and the account is read once the answer is sent.
 */
export class SnaptradeWebhookHandler {
  private readonly tradeUpdateHooks = new Set<TradeUpdateHook>();

  constructor(private readonly deps: SnaptradeWebhookDeps) {}

  /** Registers the orders engine's TRADE_UPDATE handler; returns the unregister function. */
  onTradeUpdate(hook: TradeUpdateHook): () => void {
    this.tradeUpdateHooks.add(hook);
    return () => this.tradeUpdateHooks.delete(hook);
  }

  async handle(rawBody: string, signature: string | undefined): Promise<WebhookOutcome> {
    const { consumerKey, pool, now } = this.deps;
    if (!consumerKey) throw new UnavailableError("SnapTrade is not configured on this server.");
    const verified = verifySnaptradeWebhook({ rawBody, signature, consumerKey, now: now() });
    if (!verified.ok) {
      if (verified.reason === "malformed")
        throw new ValidationError("The webhook body is not a JSON object.");
      this.deps.logger.warn({ reason: verified.reason }, "SnapTrade webhook refused");
      throw new UnauthorizedError(
        verified.reason === "stale"
          ? "The webhook's eventTimestamp is outside the 5-minute window."
          : "The webhook signature is invalid.",
      );
    }
    const payload = verified.payload;
    const webhookId = webhookIdOf(payload);
    if (!webhookId) throw new ValidationError("The webhook has no webhookId.");
    const eventType = str(payload.eventType) ?? "UNKNOWN";
    const accountId = str(payload.accountId) ? prefixedAccountId("snaptrade", str(payload.accountId)!) : null;
    const connectionId = str(payload.brokerageAuthorizationId) ?? str(payload.connectionId);
    const tradeUpdate = (userId: string): TradeUpdateEvent => ({
      webhookId,
      userId,
      accountId,
      connectionId,
      eventTimestamp: String(payload.eventTimestamp),
      details: payload.details ?? null,
    });

    // An event about one stored account (most of a trade's burst) needs nothing else read first.
    if (accountId !== null && accountSyncEvents.has(eventType)) {
      const outcome = await this.claimForStoredAccount(
        { id: webhookId, eventType },
        str(payload.userId),
        accountId,
        tradeUpdate,
      );
      if (outcome) return outcome;
    }

    const subject = await snaptradeDeliverySubject(pool, webhookId, str(payload.userId));
    if (subject.processed) return "duplicate";
    const userId = subject.userId;
    const event = { id: webhookId, eventType, userId };

    if (!userId) {
      // Not one of ours (or already removed): record it so redeliveries stop here.
      return (await claimWebhookEvent(pool, event)) ? "ignored" : "duplicate";
    }

    // Anything else that changes holdings (a connection event, an account not stored yet, no
    // account named) re-lists them all first, and is stored with the event.
    const prepared = await this.prepare(userId, eventType, subject.accounts);
    const plan = prepared?.plan ?? null;
    if (plan && hasTransientFailure(plan)) {
      throw new UnavailableError(
        "SnapTrade could not be read to process this event; deliver it again later.",
      );
    }
    const claimed = await withTransaction(pool, async (tx) => {
      if (!(await claimWebhookEvent(tx, event))) return false;
      if (plan) await applyPlan(tx, plan, now());
      await this.applyStateChange(tx, userId, eventType, { accountId, connectionId });
      if (eventType === "TRADE_UPDATE") await this.runTradeUpdateHooks(tradeUpdate(userId), tx);
      return true;
    });
    if (!claimed) return "duplicate";
    if (prepared) {
      const fresh = newAccountIds(prepared.stored, prepared.plan);
      // Stryker disable next-line EqualityOperator,ConditionalExpression: a backfill of no accounts reads and writes nothing
      if (fresh.length > 0) await this.deps.history.backfill(userId, fresh);
    }
    return "processed";
  }

  /**
   * An event about one account, claimed and counted in one statement (a TRADE_UPDATE's in one
   * transaction with its hooks) when the account is stored; it is read once the answer is sent.
   * Null when the user is not ours or the account is not stored: nothing was written.
   */
  private async claimForStoredAccount(
    event: { id: string; eventType: string },
    snaptradeUserId: string | null,
    accountId: string,
    tradeUpdate: (userId: string) => TradeUpdateEvent,
  ): Promise<WebhookOutcome | null> {
    const { pool } = this.deps;
    const claim =
      event.eventType === "TRADE_UPDATE"
        ? await withTransaction(pool, async (tx) => {
            const found = await claimAccountEvent(tx, event, snaptradeUserId, accountId);
            if (found.claimed && found.userId) await this.runTradeUpdateHooks(tradeUpdate(found.userId), tx);
            return found;
          })
        : await claimAccountEvent(pool, event, snaptradeUserId, accountId);
    const userId = claim.userId;
    if (!userId || !claim.accountStored) return null;
    if (!claim.claimed) return "duplicate";
    afterAnswer(() => this.deps.sync.refreshSoon(userId, accountId));
    return "processed";
  }

  private async runTradeUpdateHooks(update: TradeUpdateEvent, tx: Queryable): Promise<void> {
    for (const hook of this.tradeUpdateHooks) await hook(update, tx);
  }

  /**
   * The network half of an event that re-lists the user's SnapTrade accounts: what to store, with
   * the accounts stored before it (to tell new ones); null for events that change no holdings.
   */
  private async prepare(
    userId: string,
    eventType: string,
    stored: StoredAccount[],
  ): Promise<{ plan: SyncPlan; stored: StoredAccount[] } | null> {
    if (!fullSyncEvents.has(eventType) && !accountSyncEvents.has(eventType)) return null;
    const plan = await this.deps.sync.plan(userId, "snaptrade", stored, { kind: "all", relist: true });
    return { plan, stored };
  }

  /** The database-only half of events that change a connection's or account's state. */
  private async applyStateChange(
    tx: Queryable,
    userId: string,
    eventType: string,
    ids: { accountId: string | null; connectionId: string | null },
  ): Promise<void> {
    const { accountId, connectionId } = ids;
    switch (eventType) {
      case "CONNECTION_BROKEN":
        // SnapTrade's "broken" is a disabled authorization, repaired through the portal's reconnect.
        if (connectionId && (await setConnectionStatus(tx, userId, connectionId, "disabled"))) {
          await setConnectionAccountsStatus(tx, userId, connectionId, "disabled");
        }
        return;
      case "CONNECTION_DELETED":
        if (connectionId) {
          await deleteAccountsOfConnection(tx, userId, connectionId);
          await deleteConnection(tx, userId, connectionId);
        }
        return;
      case "ACCOUNT_REMOVED":
        if (accountId) await deleteAccounts(tx, userId, [accountId]);
        return;
      case "USER_DELETED":
        await deleteAccountsOfProvider(tx, userId, "snaptrade");
        await deleteAllConnections(tx, userId);
        await this.deps.credentials.deleteSnaptrade(tx, userId);
        return;
      // Stryker disable next-line ConditionalExpression: the other events change no state here; every case returns
      default:
        return;
    }
  }
}
