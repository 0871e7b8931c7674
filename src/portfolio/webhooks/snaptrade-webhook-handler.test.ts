import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { captureLogs } from "../../../test/helpers/app.js";
import { openTestPglite, type TestDatabase } from "../../../test/helpers/databases.js";
import { FakeBrokers, fakeAccount, fakePosition } from "../../../test/helpers/portfolio-fakes.js";
import { linkFakeSnaptrade, newUserId } from "../../../test/helpers/portfolio-module.js";
import { signSnaptradeWebhook } from "../../../test/helpers/portfolio-webhook-signer.js";
import { AuthFailed, BrokerUnavailable } from "../../brokers/errors.js";
import type { BrokerAccount } from "../../brokers/model.js";
import { loadConfig } from "../../core/config.js";
import { migrate } from "../../core/db/migrate.js";
import { createKeyring } from "../../core/secrets/keyring.js";
import type { PortfolioBrokers } from "../broker-clients.js";
import { createPortfolioModule, type PortfolioModule } from "../index.js";
import type { TradeUpdateEvent } from "./snaptrade-webhook-handler.js";
import { claimAccountEvent, snaptradeDeliverySubject } from "./webhook-events-store.js";

const consumerKey = "handler-consumer-key";
const env = {
  SNAPTRADE_CLIENT_ID: "test-client",
  SNAPTRADE_CONSUMER_KEY: consumerKey,
  SUPABASE_URL: "http://127.0.0.1:9",
  SUPABASE_ANON_KEY: "anon",
};

describe("SnaptradeWebhookHandler: what a verified SnapTrade event changes, and what it refuses", () => {
  let db: TestDatabase;
  let fakes: FakeBrokers;
  let portfolio: PortfolioModule;
  let logs: ReturnType<typeof captureLogs>;
  let userId: string;
  let first: BrokerAccount;
  let second: BrokerAccount;
  let deliveries = 0;
  const refreshed: string[] = [];
  /** A fault for one account's positions only (the fakes' faults hit every account). */
  const positionFaults = new Map<string, Error>();

  beforeAll(async () => {
    db = await openTestPglite();
    await migrate(db.pool);
    fakes = new FakeBrokers();
    logs = captureLogs();
    // SnapTrade's session refreshes one known account without listing the others; so does this one.
    const snaptrade = fakes.clients.snaptrade!;
    const brokers: PortfolioBrokers = {
      ...fakes.clients,
      snaptrade: {
        ...snaptrade,
        session: (credentials) => ({
          ...snaptrade.session(credentials),
          listPositions: async (accountId) => {
            const fault = positionFaults.get(accountId);
            if (fault) throw fault;
            return snaptrade.session(credentials).listPositions(accountId);
          },
          refreshAccount: async (account) => {
            refreshed.push(account.id);
            const fault = fakes.faults.get("snaptrade.refreshAccount");
            if (fault instanceof Error) throw fault;
            return { account, positions: structuredClone(fakes.positions.get(account.id) ?? []) };
          },
        }),
      },
    };
    portfolio = createPortfolioModule({
      config: loadConfig(env),
      logger: logs.logger,
      db,
      keyring: createKeyring(randomBytes(32)),
      brokers,
    });
  });
  // An account event's refresh runs after its answer: none may spill into the next test.
  afterEach(() => portfolio.idle());
  afterAll(async () => {
    await portfolio.close();
    await db.close();
  });

  /** A fresh user with two SnapTrade connections, one account each (10 AAPL, 20 MSFT). */
  beforeEach(async () => {
    fakes.faults.clear();
    positionFaults.clear();
    userId = newUserId();
    const tag = userId.slice(0, 8);
    first = fakeAccount("snaptrade", `a-${tag}`, { connectionId: `c1-${tag}` });
    second = fakeAccount("snaptrade", `b-${tag}`, { connectionId: `c2-${tag}` });
    fakes.accounts.set(`snaptrade:${userId}`, [first, second]);
    fakes.connections.set(
      `snaptrade:${userId}`,
      [first, second].map((a) => ({
        id: a.connectionId!,
        brokerageName: "Schwab",
        brokerageSlug: "SCHWAB",
        type: "trade" as const,
        disabled: false,
        disabledAt: null,
      })),
    );
    fakes.positions.set(first.id, [fakePosition(first.id, "AAPL", 10, 200)]);
    fakes.positions.set(second.id, [fakePosition(second.id, "MSFT", 20, 400)]);
    await linkFakeSnaptrade(portfolio, fakes.loginRequests, userId);
  });

  const body = (eventType: string | null, extra: Record<string, unknown> = {}) => {
    deliveries += 1;
    return JSON.stringify({
      webhookId: `wh-${deliveries}-${userId}`,
      clientId: "test-client",
      eventTimestamp: new Date().toISOString(),
      userId,
      ...(eventType === null ? {} : { eventType }),
      ...extra,
    });
  };
  const deliver = (raw: string, signature: string | undefined = signSnaptradeWebhook(raw, consumerKey)) =>
    portfolio.webhooks.handle(raw, signature);
  const idOf = (raw: string) => JSON.parse(raw).webhookId as string;

  const eventRow = async (id: string) =>
    (
      await db.pool.query<{ provider: string; event_type: string; user_id: string | null }>(
        "select provider, event_type, user_id from webhook_events where id = $1",
        [id],
      )
    ).rows[0] ?? null;
  const quantity = async (accountId: string) =>
    (
      await db.pool.query<{ quantity: number }>(
        "select quantity from account_positions where account_id = $1",
        [accountId],
      )
    ).rows[0]?.quantity ?? null;
  const refreshRequests = async (accountId: string) =>
    Number(
      (
        await db.pool.query<{ refresh_requests: string | number }>(
          "select refresh_requests from user_investment_accounts where id = $1",
          [accountId],
        )
      ).rows[0]?.refresh_requests,
    );
  const owed = async (accountId: string) =>
    (
      await db.pool.query<{ owed: boolean }>(
        "select refresh_requests > refresh_covered as owed from user_investment_accounts where id = $1",
        [accountId],
      )
    ).rows[0]?.owed ?? null;
  const accounts = async () =>
    (
      await db.pool.query<{ id: string; connection_status: string }>(
        "select id, connection_status from user_investment_accounts where user_id = $1 order by id",
        [userId],
      )
    ).rows;
  const connections = async () =>
    (
      await db.pool.query<{ id: string; status: string }>(
        "select id, status from snaptrade_brokerage_connections where user_id = $1 order by id",
        [userId],
      )
    ).rows;
  const change = () => {
    fakes.positions.set(first.id, [fakePosition(first.id, "AAPL", 11, 200)]);
    fakes.positions.set(second.id, [fakePosition(second.id, "MSFT", 21, 400)]);
  };

  it.each(["ACCOUNT_HOLDINGS_UPDATED", "TRADES_PLACED", "TRADE_UPDATE"])(
    "%s for a stored account refreshes that account only, without listing, and records the event",
    async (eventType) => {
      change();
      refreshed.length = 0;
      const listings = fakes.count("snaptrade.listAccounts");
      const activityReads = fakes.count("snaptrade.listActivities");
      const raw = body(eventType, { accountId: first.providerAccountId });
      expect(await deliver(raw)).toBe("processed");
      await portfolio.idle();
      expect(await quantity(first.id)).toBe(11);
      expect(await quantity(second.id)).toBe(20);
      expect(refreshed).toEqual([first.id]);
      expect(fakes.count("snaptrade.listAccounts")).toBe(listings);
      // Nothing new was stored, so no history is backfilled.
      expect(fakes.count("snaptrade.listActivities")).toBe(activityReads);
      expect(await eventRow(idOf(raw))).toEqual({
        provider: "snaptrade",
        event_type: eventType,
        user_id: userId,
      });
    },
  );

  it.each<[string, string, { accountId?: string }]>([
    ["TRADES_PLACED naming no account", "TRADES_PLACED", {}],
    [
      "ACCOUNT_HOLDINGS_UPDATED naming an account not stored yet",
      "ACCOUNT_HOLDINGS_UPDATED",
      { accountId: "new" },
    ],
    ["TRADE_UPDATE naming an account not stored yet", "TRADE_UPDATE", { accountId: "new" }],
    ["CONNECTION_UPDATED, even naming a stored account", "CONNECTION_UPDATED", { accountId: "first" }],
    ["CONNECTION_ADDED", "CONNECTION_ADDED", {}],
    ["CONNECTION_FIXED", "CONNECTION_FIXED", {}],
  ])("%s re-lists the connections and every account", async (_label, eventType, extra) => {
    change();
    refreshed.length = 0;
    const accountId = extra.accountId === "first" ? first.providerAccountId : extra.accountId;
    const listings = fakes.count("snaptrade.listAccounts");
    const connectionListings = fakes.count("snaptrade.listConnections");
    expect(await deliver(body(eventType, { ...extra, accountId }))).toBe("processed");
    expect(fakes.count("snaptrade.listAccounts")).toBe(listings + 1);
    expect(fakes.count("snaptrade.listConnections")).toBe(connectionListings + 1);
    expect(refreshed).toEqual([]);
    expect([await quantity(first.id), await quantity(second.id)]).toEqual([11, 21]);
  });

  it("NEW_ACCOUNT_AVAILABLE stores the new account and backfills its history", async () => {
    const added = fakeAccount("snaptrade", `n-${userId.slice(0, 8)}`, { connectionId: first.connectionId });
    fakes.accounts.set(`snaptrade:${userId}`, [first, second, added]);
    fakes.positions.set(added.id, [fakePosition(added.id, "VTI", 4, 250)]);
    const activityReads = fakes.count("snaptrade.listActivities");
    expect(await deliver(body("NEW_ACCOUNT_AVAILABLE"))).toBe("processed");
    expect(await quantity(added.id)).toBe(4);
    expect(fakes.count("snaptrade.listActivities")).toBe(activityReads + 1);
  });

  it("answers an account event with its transaction alone (whose it is, read by its claim), then reads the broker once", async () => {
    change();
    refreshed.length = 0;
    const statements = vi.spyOn(db.pool, "query");
    let answered: number;
    try {
      expect(await deliver(body("TRADE_UPDATE", { accountId: first.providerAccountId }))).toBe("processed");
      // Nothing on the pool: the transaction (claim, the refresh owed, the hooks) runs on its own connection.
      answered = statements.mock.calls.length;
    } finally {
      statements.mockRestore();
    }
    expect(answered).toBe(0);
    expect(refreshed).toEqual([]);
    expect(await owed(first.id)).toBe(true);
    await portfolio.idle();
    expect(refreshed).toEqual([first.id]);
    expect(await quantity(first.id)).toBe(11);
    expect(await owed(first.id)).toBe(false);
  });

  it("a holdings event is one statement: whose it is, its claim and the refresh counted together, no transaction", async () => {
    const statements = vi.spyOn(db.pool, "query");
    const connections = vi.spyOn(db.pool, "connect");
    try {
      expect(await deliver(body("ACCOUNT_HOLDINGS_UPDATED", { accountId: first.providerAccountId }))).toBe(
        "processed",
      );
      expect(statements.mock.calls.length).toBe(1);
      expect(connections).not.toHaveBeenCalled();
    } finally {
      statements.mockRestore();
      connections.mockRestore();
    }
    expect(await owed(first.id)).toBe(true);
  });

  it("knows a redelivered re-listing event before asking the broker anything", async () => {
    const raw = body("CONNECTION_UPDATED");
    expect(await deliver(raw)).toBe("processed");
    const listings = fakes.count("snaptrade.listAccounts");
    expect(await deliver(raw)).toBe("duplicate");
    expect(fakes.count("snaptrade.listAccounts")).toBe(listings);
  });

  it("reads a delivery's subject: our user and every stored account, or none of them", async () => {
    const snaptradeUserId = userId;
    const subject = await snaptradeDeliverySubject(db.pool, "not-processed", snaptradeUserId);
    expect(subject.processed).toBe(false);
    expect(subject.userId).toBe(userId);
    expect(subject.accounts.map((a) => a.id).sort()).toEqual([first.id, second.id].sort());
    await db.pool.query("delete from user_investment_accounts where user_id = $1", [userId]);
    expect(await snaptradeDeliverySubject(db.pool, "not-processed", snaptradeUserId)).toEqual({
      processed: false,
      userId,
      accounts: [],
    });
    expect(await snaptradeDeliverySubject(db.pool, "not-processed", "someone-else")).toEqual({
      processed: false,
      userId: null,
      accounts: [],
    });
  });

  it("claims an account event in one statement only for our user's stored account, counting its refresh once", async () => {
    const event = (id: string) => ({ id, eventType: "ACCOUNT_HOLDINGS_UPDATED" });
    const counted = await refreshRequests(first.id);
    const statements = vi.spyOn(db.pool, "query");
    let claim: Awaited<ReturnType<typeof claimAccountEvent>>;
    try {
      claim = await claimAccountEvent(db.pool, event(`claim-${userId}`), userId, first.id);
      expect(statements).toHaveBeenCalledTimes(1);
    } finally {
      statements.mockRestore();
    }
    expect(claim).toEqual({ userId, accountStored: true, claimed: true });
    expect(await eventRow(`claim-${userId}`)).toEqual({
      provider: "snaptrade",
      event_type: "ACCOUNT_HOLDINGS_UPDATED",
      user_id: userId,
    });
    expect(await refreshRequests(first.id)).toBe(counted + 1);
    // Again: the row exists, so nothing is counted.
    expect(await claimAccountEvent(db.pool, event(`claim-${userId}`), userId, first.id)).toEqual({
      userId,
      accountStored: true,
      claimed: false,
    });
    expect(await refreshRequests(first.id)).toBe(counted + 1);
    // Not stored, or not our user: nothing is written.
    for (const [snaptradeUserId, accountId, found] of [
      [userId, "snaptrade_not-stored", { userId, accountStored: false, claimed: false }],
      ["someone-else", first.id, { userId: null, accountStored: false, claimed: false }],
    ] as const) {
      expect(await claimAccountEvent(db.pool, event(`other-${userId}`), snaptradeUserId, accountId)).toEqual(
        found,
      );
    }
    expect(await eventRow(`other-${userId}`)).toBeNull();
    expect(await refreshRequests(first.id)).toBe(counted + 1);
  });

  it("a burst of events about one account (a trade's updates, its holdings update) reads it once", async () => {
    change();
    refreshed.length = 0;
    for (const eventType of ["TRADE_UPDATE", "TRADE_UPDATE", "ACCOUNT_HOLDINGS_UPDATED"]) {
      expect(await deliver(body(eventType, { accountId: first.providerAccountId }))).toBe("processed");
    }
    await portfolio.idle();
    expect(refreshed).toEqual([first.id]);
    expect(await quantity(first.id)).toBe(11);
    expect(await owed(first.id)).toBe(false);
  });

  it("an account event whose refresh fails leaves the account owed one, and its read says how old its data is", async () => {
    fakes.faults.set("snaptrade.refreshAccount", new BrokerUnavailable("snaptrade"));
    change();
    const raw = body("ACCOUNT_HOLDINGS_UPDATED", { accountId: first.providerAccountId });
    expect(await deliver(raw)).toBe("processed");
    await portfolio.idle();
    expect(await eventRow(idOf(raw))).not.toBeNull();
    expect(await quantity(first.id)).toBe(10);
    expect(await owed(first.id)).toBe(true);
    const reads = refreshed.length;
    const snapshot = await portfolio.service.getSnapshot(userId);
    expect(snapshot.warnings.find((w) => w.accountId === first.id)?.message).toMatch(/Showing data from/);
    // Its attempt just failed: the read waits for the retry rather than asking again at once.
    expect(refreshed.length).toBe(reads);
    // The next event's refresh succeeds and covers both.
    fakes.faults.clear();
    expect(await deliver(body("TRADE_UPDATE", { accountId: first.providerAccountId }))).toBe("processed");
    await portfolio.idle();
    expect(await quantity(first.id)).toBe(11);
    expect(await owed(first.id)).toBe(false);
  });

  it("a replay (also under the spec's `webookId`) is a duplicate that reads and changes nothing", async () => {
    const raw = body("ACCOUNT_HOLDINGS_UPDATED", { accountId: first.providerAccountId });
    expect(await deliver(raw)).toBe("processed");
    await portfolio.idle();
    change();
    refreshed.length = 0;
    const counted = await refreshRequests(first.id);
    const reads = fakes.count("snaptrade.listPositions") + fakes.count("snaptrade.listAccounts");
    expect(await deliver(raw)).toBe("duplicate");
    const { webhookId, ...rest } = JSON.parse(raw);
    expect(await deliver(JSON.stringify({ ...rest, webookId: webhookId }))).toBe("duplicate");
    // Known at once from the event row: SnapTrade is not asked again (not even the one account).
    expect(refreshed).toEqual([]);
    expect(fakes.count("snaptrade.listPositions") + fakes.count("snaptrade.listAccounts")).toBe(reads);
    await portfolio.idle();
    expect(refreshed).toEqual([]);
    expect(await refreshRequests(first.id)).toBe(counted);
    expect(await quantity(first.id)).toBe(10);
  });

  it("two concurrent deliveries of one event: one is processed, the other is a duplicate", async () => {
    const raw = body("ACCOUNT_HOLDINGS_UPDATED", { accountId: first.providerAccountId });
    const counted = await refreshRequests(first.id);
    expect((await Promise.all([deliver(raw), deliver(raw)])).sort()).toEqual(["duplicate", "processed"]);
    // The event's refresh is counted once, with its claim.
    expect(await refreshRequests(first.id)).toBe(counted + 1);
  });

  it("two concurrent deliveries of a re-listing event, both read before either claims: one is processed, the other a duplicate", async () => {
    const raw = body("CONNECTION_UPDATED");
    const listings = fakes.count("snaptrade.listAccounts");
    expect((await Promise.all([deliver(raw), deliver(raw)])).sort()).toEqual(["duplicate", "processed"]);
    // Both listed the accounts (neither had claimed it yet); one event row stands.
    expect(fakes.count("snaptrade.listAccounts")).toBe(listings + 2);
    expect(await eventRow(idOf(raw))).toMatchObject({ event_type: "CONNECTION_UPDATED", user_id: userId });
  });

  it("records an event of a user who is not ours (or names none) without reading anything; a replay is a duplicate", async () => {
    const reads = fakes.count("snaptrade.listAccounts");
    for (const raw of [
      body("CONNECTION_ADDED", { userId: "someone-else" }),
      body("CONNECTION_ADDED", { userId: "" }),
    ]) {
      expect(await deliver(raw)).toBe("ignored");
      expect(await eventRow(idOf(raw))).toEqual({
        provider: "snaptrade",
        event_type: "CONNECTION_ADDED",
        user_id: null,
      });
      expect(await deliver(raw)).toBe("duplicate");
    }
    expect(fakes.count("snaptrade.listAccounts")).toBe(reads);
  });

  it.each(["CONNECTION_BROKEN", "ACCOUNT_REMOVED", "SOMETHING_NEW"])(
    "%s reads nothing from SnapTrade",
    async (eventType) => {
      refreshed.length = 0;
      const reads = fakes.count("snaptrade.listAccounts") + fakes.count("snaptrade.listPositions");
      expect(await deliver(body(eventType, { accountId: first.providerAccountId }))).toBe("processed");
      expect(fakes.count("snaptrade.listAccounts") + fakes.count("snaptrade.listPositions")).toBe(reads);
      expect(refreshed).toEqual([]);
    },
  );

  it("records an event without a usable type (absent, empty, not a string) as UNKNOWN and acts on nothing", async () => {
    const reads = fakes.count("snaptrade.listAccounts") + fakes.count("snaptrade.listPositions");
    for (const raw of [
      body(null),
      body("", { accountId: first.providerAccountId }),
      body(null, { eventType: ["ACCOUNT_REMOVED"], accountId: first.providerAccountId }),
    ]) {
      expect(await deliver(raw)).toBe("processed");
      expect(await eventRow(idOf(raw))).toMatchObject({ event_type: "UNKNOWN", user_id: userId });
    }
    expect(fakes.count("snaptrade.listAccounts") + fakes.count("snaptrade.listPositions")).toBe(reads);
    expect((await accounts()).length).toBe(2);
  });

  it("reads the connection from brokerageAuthorizationId, falling back to connectionId when it is empty", async () => {
    const raw = body("CONNECTION_DELETED", {
      brokerageAuthorizationId: "",
      connectionId: second.connectionId,
    });
    expect(await deliver(raw)).toBe("processed");
    expect((await accounts()).map((a) => a.id)).toEqual([first.id]);
  });

  it.each([["listing the accounts is unavailable", "snaptrade.listAccounts", "CONNECTION_UPDATED"]])(
    "answers unavailable and records nothing when %s; the redelivery is processed",
    async (_l, call, eventType) => {
      const raw = body(eventType);
      fakes.faults.set(call, new BrokerUnavailable("snaptrade"));
      await expect(deliver(raw)).rejects.toMatchObject({
        code: "unavailable",
        message: "SnapTrade could not be read to process this event; deliver it again later.",
      });
      expect(await eventRow(idOf(raw))).toBeNull();
      fakes.faults.clear();
      change();
      expect(await deliver(raw)).toBe("processed");
      expect(await quantity(first.id)).toBe(11);
    },
  );

  it("answers unavailable when a user with nothing stored cannot be listed (a warning, not an account failure)", async () => {
    await db.pool.query("delete from user_investment_accounts where user_id = $1", [userId]);
    fakes.faults.set("snaptrade.listAccounts", new BrokerUnavailable("snaptrade"));
    const raw = body("CONNECTION_ADDED");
    await expect(deliver(raw)).rejects.toMatchObject({ code: "unavailable" });
    expect(await eventRow(idOf(raw))).toBeNull();
  });

  it("a lasting failure (the login needs repair) is processed, not retried", async () => {
    fakes.faults.set("snaptrade.refreshAccount", new AuthFailed("snaptrade"));
    const raw = body("ACCOUNT_HOLDINGS_UPDATED", { accountId: first.providerAccountId });
    expect(await deliver(raw)).toBe("processed");
    expect(await eventRow(idOf(raw))).not.toBeNull();
  });

  it("one account of several that cannot be read for a passing reason makes the event unavailable", async () => {
    positionFaults.set(second.id, new BrokerUnavailable("snaptrade"));
    change();
    const raw = body("CONNECTION_UPDATED");
    await expect(deliver(raw)).rejects.toMatchObject({ code: "unavailable" });
    expect(await eventRow(idOf(raw))).toBeNull();
    expect([await quantity(first.id), await quantity(second.id)]).toEqual([10, 20]);
  });

  it("one account refused for good (the login needs repair) while the others are read is processed, not retried", async () => {
    positionFaults.set(second.id, new AuthFailed("snaptrade"));
    change();
    const raw = body("CONNECTION_UPDATED");
    expect(await deliver(raw)).toBe("processed");
    expect(await eventRow(idOf(raw))).not.toBeNull();
    expect([await quantity(first.id), await quantity(second.id)]).toEqual([11, 20]);
  });

  it("a listing refused for good (the login needs repair) is processed, not retried", async () => {
    fakes.faults.set("snaptrade.listAccounts", new AuthFailed("snaptrade"));
    const raw = body("CONNECTION_UPDATED");
    expect(await deliver(raw)).toBe("processed");
    expect(await eventRow(idOf(raw))).not.toBeNull();
  });

  it("CONNECTION_BROKEN disables that connection and its accounts only (also named as connectionId)", async () => {
    expect(await deliver(body("CONNECTION_BROKEN", { connectionId: first.connectionId }))).toBe("processed");
    expect(await connections()).toEqual([
      { id: first.connectionId, status: "disabled" },
      { id: second.connectionId, status: "active" },
    ]);
    expect(await accounts()).toEqual([
      { id: first.id, connection_status: "disabled" },
      { id: second.id, connection_status: "active" },
    ]);
  });

  it("CONNECTION_BROKEN naming no connection, or one that is not the user's, changes nothing", async () => {
    await db.pool.query("update user_investment_accounts set connection_id = 'ghost' where id = $1", [
      second.id,
    ]);
    expect(await deliver(body("CONNECTION_BROKEN"))).toBe("processed");
    expect(await deliver(body("CONNECTION_BROKEN", { brokerageAuthorizationId: "ghost" }))).toBe("processed");
    expect((await accounts()).map((a) => a.connection_status)).toEqual(["active", "active"]);
    expect((await connections()).map((c) => c.status)).toEqual(["active", "active"]);
  });

  it("CONNECTION_DELETED removes that connection and its accounts; without a connection id nothing", async () => {
    expect(await deliver(body("CONNECTION_DELETED"))).toBe("processed");
    expect((await accounts()).length).toBe(2);
    expect(await deliver(body("CONNECTION_DELETED", { brokerageAuthorizationId: second.connectionId }))).toBe(
      "processed",
    );
    expect((await accounts()).map((a) => a.id)).toEqual([first.id]);
    expect((await connections()).map((c) => c.id)).toEqual([first.connectionId]);
  });

  it("ACCOUNT_REMOVED removes that account only; without an account id nothing", async () => {
    expect(await deliver(body("ACCOUNT_REMOVED"))).toBe("processed");
    expect((await accounts()).length).toBe(2);
    expect(await deliver(body("ACCOUNT_REMOVED", { accountId: second.providerAccountId }))).toBe("processed");
    expect((await accounts()).map((a) => a.id)).toEqual([first.id]);
    expect(await quantity(second.id)).toBeNull();
  });

  it("USER_DELETED removes the user's SnapTrade accounts, connections and credentials, and no other provider's", async () => {
    const plaid = fakeAccount("plaid", `p-${userId.slice(0, 8)}`, { connectionId: `item-${userId}` });
    fakes.plaidPublicTokens.set(`public-${userId}`, `item-${userId}`);
    fakes.accounts.set(`plaid:item-${userId}`, [plaid]);
    await portfolio.linking.exchangePlaid(userId, `public-${userId}`);
    expect(await deliver(body("USER_DELETED"))).toBe("processed");
    expect((await accounts()).map((a) => a.id)).toEqual([plaid.id]);
    expect(await connections()).toEqual([]);
    const creds = await db.pool.query("select 1 from snaptrade_users where user_id = $1", [userId]);
    expect(creds.rows).toEqual([]);
    expect(await deliver(body("CONNECTION_ADDED"))).toBe("ignored");
  });

  it("hands TRADE_UPDATE, and no other event, to every registered hook with the event's fields; an unregistered hook hears nothing", async () => {
    const heard: Array<[string, TradeUpdateEvent]> = [];
    const offA = portfolio.webhooks.onTradeUpdate(async (event) => void heard.push(["a", event]));
    const offB = portfolio.webhooks.onTradeUpdate(async (event) => void heard.push(["b", event]));
    const details = { orders: [{ brokerage_order_id: "b-1", status: "EXECUTED" }] };
    const raw = body("TRADE_UPDATE", {
      accountId: first.providerAccountId,
      brokerageAuthorizationId: first.connectionId,
      details,
    });
    expect(await deliver(raw)).toBe("processed");
    for (const other of ["ACCOUNT_HOLDINGS_UPDATED", "TRADES_PLACED", "CONNECTION_BROKEN"]) {
      expect(await deliver(body(other, { accountId: first.providerAccountId }))).toBe("processed");
    }
    offB();
    expect(await deliver(body("TRADE_UPDATE"))).toBe("processed");
    offA();
    expect(await deliver(body("TRADE_UPDATE"))).toBe("processed");
    const expected: TradeUpdateEvent = {
      webhookId: idOf(raw),
      userId,
      accountId: first.id,
      connectionId: first.connectionId,
      eventTimestamp: JSON.parse(raw).eventTimestamp,
      details,
    };
    expect(heard.map(([hook]) => hook)).toEqual(["a", "b", "a"]);
    expect(heard[0]?.[1]).toEqual(expected);
    expect(heard[2]?.[1]).toMatchObject({ accountId: null, connectionId: null, details: null });
  });

  it("a failing TRADE_UPDATE hook rolls back the event row and the refresh it counted; the redelivery runs it again", async () => {
    let attempts = 0;
    const off = portfolio.webhooks.onTradeUpdate(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error("orders engine busy");
    });
    change();
    const raw = body("TRADE_UPDATE", { accountId: first.providerAccountId });
    refreshed.length = 0;
    await expect(deliver(raw)).rejects.toThrow("orders engine busy");
    await portfolio.idle();
    expect(await eventRow(idOf(raw))).toBeNull();
    // The refresh it counted is rolled back with it, and none was asked of the broker.
    expect(await owed(first.id)).toBe(false);
    expect(refreshed).toEqual([]);
    expect(await quantity(first.id)).toBe(10);
    expect(await deliver(raw)).toBe("processed");
    off();
    expect(attempts).toBe(2);
    await portfolio.idle();
    expect(await quantity(first.id)).toBe(11);
  });

  it("refuses a missing webhook id as invalid, recording nothing", async () => {
    const { webhookId: _dropped, ...rest } = JSON.parse(body("CONNECTION_DELETED"));
    const raw = JSON.stringify({ ...rest, brokerageAuthorizationId: first.connectionId });
    await expect(deliver(raw)).rejects.toMatchObject({
      code: "invalid_request",
      message: "The webhook has no webhookId.",
    });
    expect((await accounts()).length).toBe(2);
  });

  it("refuses a malformed body as invalid, a bad signature and a stale event as unauthorized, logging why", async () => {
    logs.lines.length = 0;
    const raw = body("CONNECTION_DELETED", { brokerageAuthorizationId: first.connectionId });
    await expect(deliver("{not json", "x")).rejects.toMatchObject({
      code: "invalid_request",
      message: "The webhook body is not a JSON object.",
    });
    await expect(deliver(raw, signSnaptradeWebhook(raw, "another-key"))).rejects.toMatchObject({
      code: "unauthorized",
      message: "The webhook signature is invalid.",
    });
    const stale = body("CONNECTION_DELETED", {
      brokerageAuthorizationId: first.connectionId,
      eventTimestamp: new Date(Date.now() - 6 * 60_000).toISOString(),
    });
    await expect(deliver(stale)).rejects.toMatchObject({
      code: "unauthorized",
      message: "The webhook's eventTimestamp is outside the 5-minute window.",
    });
    expect((await accounts()).length).toBe(2);
    expect(await eventRow(idOf(raw))).toBeNull();
    const refusals = logs.lines
      .map((line) => JSON.parse(line) as { msg: string; reason?: string; level: number })
      .filter((line) => line.msg === "SnapTrade webhook refused");
    expect(refusals.map((l) => [l.reason, l.level])).toEqual([
      ["bad_signature", 40],
      ["stale", 40],
    ]);
  });

  it("answers unavailable when the server has no SnapTrade consumer key", async () => {
    const unconfigured = createPortfolioModule({
      config: loadConfig({ SUPABASE_URL: env.SUPABASE_URL, SUPABASE_ANON_KEY: env.SUPABASE_ANON_KEY }),
      logger: logs.logger,
      db,
      keyring: createKeyring(randomBytes(32)),
      brokers: fakes.clients,
    });
    const raw = body("CONNECTION_DELETED", { brokerageAuthorizationId: first.connectionId });
    await expect(
      unconfigured.webhooks.handle(raw, signSnaptradeWebhook(raw, consumerKey)),
    ).rejects.toMatchObject({
      code: "unavailable",
      message: "SnapTrade is not configured on this server.",
    });
    expect((await accounts()).length).toBe(2);
  });
});
