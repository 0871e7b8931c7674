import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  openTestPglite,
  openTestPostgres,
  postgresUrl,
  type TestDatabase,
} from "../../test/helpers/databases.js";
import { FakeBrokers, fakeAccount, fakePosition } from "../../test/helpers/portfolio-fakes.js";
import { linkFakeSnaptrade, newUserId, startPortfolioHarness } from "../../test/helpers/portfolio-module.js";
import { AuthFailed, BrokerUnavailable, RateLimited } from "../brokers/errors.js";
import { withTransaction } from "../core/db/database.js";
import { migrate } from "../core/db/migrate.js";
import { NotFoundError } from "../core/errors.js";
import { ReconnectRequired, RelinkRequired } from "./account-sessions.js";
import { createPortfolioModule } from "./index.js";
import { readPortfolio, requestAccountRefresh } from "./store/accounts-store.js";
import { applyPlan, emptyPlan } from "./sync/sync-plan.js";

/**
 * The holdings sync and reads over a real (PGlite) database with fake brokers: TTL, shared
 * in-flight syncs, failing providers served stale with warnings, connection states.
 */
describe("portfolio reads and sync", () => {
  let db: TestDatabase;
  let fakes: FakeBrokers;
  let harness: Awaited<ReturnType<typeof startPortfolioHarness>>;
  let clock = new Date("2025-06-02T15:00:00Z");
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };

  beforeAll(async () => {
    db = await openTestPglite();
    fakes = new FakeBrokers();
    harness = await startPortfolioHarness({
      db,
      brokers: fakes.clients,
      moduleOptions: {
        now: () => clock,
        providerTimeoutMs: 100,
        publicUrl: () => "https://app.example",
        // These tests are about serving and reporting a sync; SnapTrade re-syncs on the same TTL here.
        snaptradeSyncTtlMs: 60_000,
      },
    });
  });
  afterAll(async () => {
    await harness.close();
    await db.close();
  });

  /** A user with two SnapTrade accounts on one connection and one Alpaca account, all linked. */
  async function linkedUser(options: { connectionType?: "trade" | "read" } = {}) {
    const userId = newUserId();
    const connectionId = `conn-${userId.slice(0, 8)}`;
    const a = fakeAccount("snaptrade", `a-${userId.slice(0, 8)}`, { connectionId, numberMasked: "••••1111" });
    const b = fakeAccount("snaptrade", `b-${userId.slice(0, 8)}`, { connectionId, numberMasked: "••••2222" });
    fakes.accounts.set(`snaptrade:${userId}`, [a, b]);
    fakes.connections.set(`snaptrade:${userId}`, [
      {
        id: connectionId,
        brokerageName: "Schwab",
        brokerageSlug: "SCHWAB",
        type: options.connectionType ?? "trade",
        disabled: false,
        disabledAt: null,
      },
    ]);
    fakes.positions.set(a.id, [fakePosition(a.id, "AAPL", 10, 200), fakePosition(a.id, "TSLA", 2, 250)]);
    fakes.positions.set(b.id, [fakePosition(b.id, "AAPL", 5, 200)]);
    await linkFakeSnaptrade(harness.portfolio, fakes.loginRequests, userId);
    const keyId = `PK${userId.slice(0, 8)}`;
    const alpaca = fakeAccount("alpaca", `x-${userId.slice(0, 8)}`);
    fakes.alpacaSecrets.set(keyId, "alpaca-secret-1");
    fakes.accounts.set(`alpaca:${keyId}`, [alpaca]);
    fakes.positions.set(alpaca.id, [fakePosition(alpaca.id, "NVDA", 3, 100)]);
    await harness.portfolio.linking.linkAlpaca(userId, { keyId, secret: "alpaca-secret-1", paper: true });
    return { userId, a, b, alpaca, connectionId };
  }

  it("aggregates across providers after linking and serves within the TTL without broker calls", async () => {
    const { userId, a, b } = await linkedUser();
    const before = fakes.count("snaptrade.listAccounts");
    const view = await harness.portfolio.service.getHoldings(userId);
    expect(fakes.count("snaptrade.listAccounts")).toBe(before);
    expect(view.warnings).toEqual([]);
    expect(view.accounts).toHaveLength(3);
    const aapl = view.positions.find((p) => p.symbol === "AAPL")!;
    expect(aapl.quantity).toBe(15);
    expect(aapl.accounts.map((x) => x.accountId)).toEqual([a.id, b.id]);
    // Live accounts only; the Alpaca paper account (1,000 cash + 3 NVDA at 100) is apart.
    expect(view.scope).toBe("live");
    expect(view.totalValue).toBe(2 * 1000 + 2000 + 500 + 1000);
    expect(view.totals.paper?.totalValue).toBe(1000 + 300);
  });

  it("an account owed a refresh (an event acknowledged, then a restart) is read again before the answer, alone", async () => {
    const { userId, a, b, alpaca } = await linkedUser();
    fakes.positions.set(a.id, [fakePosition(a.id, "AAPL", 12, 200)]);
    fakes.positions.set(b.id, [fakePosition(b.id, "AAPL", 6, 200)]);
    fakes.positions.set(alpaca.id, [fakePosition(alpaca.id, "NVDA", 4, 100)]);
    // Within every TTL: only the count on the account says its rows are out of date.
    await requestAccountRefresh(db.pool, userId, a.id);
    const positionReads = fakes.count("snaptrade.listPositions");
    const { result: snapshot, tally } = await db.queries.measure(() =>
      harness.portfolio.service.getSnapshot(userId),
    );
    // The refresh works from the rows and the sealed credentials the read just took: it reads
    // neither the account list nor the credentials again.
    expect(
      tally.statements.filter((s) =>
        /^select (id, provider|snaptrade_user_id|account_id, key_id)/.test(s.text),
      ),
      tally.statements.map((s) => s.text).join("\n"),
    ).toEqual([]);
    const quantityOf = (accountId: string) =>
      snapshot.positions.find((p) => p.accountId === accountId)?.quantity;
    expect(quantityOf(a.id)).toBe(12);
    expect(quantityOf(b.id)).toBe(5);
    expect(quantityOf(alpaca.id)).toBe(3);
    expect(fakes.count("snaptrade.listPositions") - positionReads).toBe(1);
    expect((await readPortfolio(db.pool, userId)).accounts.find((x) => x.id === a.id)?.refreshDue).toBe(
      false,
    );
    await harness.portfolio.service.getSnapshot(userId);
    expect(fakes.count("snaptrade.listPositions") - positionReads).toBe(1);
  });

  it("a sync covers the refreshes counted before it read the broker, and only when it read the positions", async () => {
    const { userId, a } = await linkedUser();
    const due = async () =>
      (await readPortfolio(db.pool, userId)).accounts.find((x) => x.id === a.id)!.refreshDue;
    /** Stores a fetch of `a` that began when `seen` refreshes were counted (positions read or not). */
    const store = (seen: number, readPositions: boolean) =>
      withTransaction(db.pool, (tx) =>
        applyPlan(
          tx,
          {
            ...emptyPlan(userId, "snaptrade"),
            accounts: [
              {
                account: a,
                positions: readPositions ? [fakePosition(a.id, "AAPL", 10, 200)] : null,
                failure: readPositions ? null : { message: "SnapTrade is unavailable.", status: null },
              },
            ],
            requestsSeen: { [a.id]: seen },
          },
          clock,
        ),
      );
    await requestAccountRefresh(db.pool, userId, a.id);
    await requestAccountRefresh(db.pool, userId, a.id);
    // A fetch that began after the first request: the second arrived while it ran.
    await store(1, true);
    expect(await due()).toBe(true);
    // A fetch that saw both but could not read the positions covers nothing.
    await store(2, false);
    expect(await due()).toBe(true);
    await store(2, true);
    expect(await due()).toBe(false);
    // An older fetch stored late does not undo what a newer one covered.
    await store(1, true);
    expect(await due()).toBe(false);
  });

  it("re-syncs after the TTL, once for many concurrent readers, and drops sold-out symbols", async () => {
    const { userId, a } = await linkedUser();
    fakes.positions.set(a.id, [fakePosition(a.id, "AAPL", 10, 210)]);
    advance(61_000);
    const before = fakes.count("snaptrade.listAccounts");
    const views = await Promise.all(
      Array.from({ length: 5 }, () => harness.portfolio.service.getHoldings(userId)),
    );
    expect(fakes.count("snaptrade.listAccounts") - before).toBe(1);
    for (const view of views) expect(view.positions.some((p) => p.symbol === "TSLA")).toBe(false);
  });

  it("serves a failing provider's last good rows with a stale warning, and the others fresh", async () => {
    const { userId, a, alpaca } = await linkedUser();
    fakes.positions.set(alpaca.id, [fakePosition(alpaca.id, "NVDA", 4, 100)]);
    advance(61_000);
    fakes.faults.set("snaptrade.listPositions", new BrokerUnavailable("snaptrade"));
    try {
      const view = await harness.portfolio.service.getHoldings(userId);
      expect(view.positions.find((p) => p.symbol === "TSLA")?.quantity).toBe(2);
      expect(view.positions.find((p) => p.symbol === "NVDA")?.quantity).toBe(4);
      const warning = view.warnings.find((w) => w.accountId === a.id);
      expect(warning).toMatchObject({ provider: "snaptrade" });
      expect(warning?.message).toMatch(/not answering.*Showing data from 2025-/);
    } finally {
      fakes.faults.delete("snaptrade.listPositions");
    }
  });

  it("reports a provider that times out or rate-limits, without failing the answer", async () => {
    const { userId, alpaca } = await linkedUser();
    advance(61_000);
    fakes.faults.set("alpaca.listAccounts", "hang");
    fakes.faults.set("snaptrade.listAccounts", new RateLimited("snaptrade", 7));
    try {
      const view = await harness.portfolio.service.getHoldings(userId);
      expect(view.positions.find((p) => p.symbol === "NVDA")?.quantity).toBe(3);
      const messages = view.warnings.map((w) => `${w.provider}: ${w.message}`).join("\n");
      expect(messages).toMatch(/alpaca: Alpaca did not answer within 0.1 s/);
      expect(messages).toMatch(/snaptrade: SnapTrade is rate-limiting requests; try again in 7 s/);
      expect(view.warnings.find((w) => w.provider === "alpaca")?.accountId).toBe(alpaca.id);
    } finally {
      fakes.faults.clear();
    }
  });

  it("marks a disabled connection and answers trading with a reconnect URL", async () => {
    const { userId, a, connectionId } = await linkedUser();
    fakes.connections.get(`snaptrade:${userId}`)![0]!.disabled = true;
    advance(61_000);
    const view = await harness.portfolio.service.getHoldings(userId);
    const account = view.accounts.find((x) => x.id === a.id)!;
    expect(account).toMatchObject({ connectionStatus: "disabled", canTrade: false });
    expect(view.warnings.find((w) => w.accountId === a.id)?.message).toContain(
      `"reconnect":"${connectionId}"`,
    );
    expect((await harness.portfolio.service.portfolioMode(userId)).tradingAccounts).not.toContain(a.id);
    const error = await harness.portfolio.service.tradingSession(userId, a.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReconnectRequired);
    expect((error as ReconnectRequired).details?.reconnectUrl).toBe(
      `https://portal.example/connect?user=${userId}`,
    );
    expect(fakes.loginRequests.at(-1)).toMatchObject({ reconnect: connectionId });
  });

  it("asks for a re-link when SnapTrade refuses the stored secret", async () => {
    const { userId, a } = await linkedUser();
    fakes.snaptradeSecrets.set(userId, "rotated-elsewhere");
    fakes.faults.set("snaptrade.listAccounts", new AuthFailed("snaptrade"));
    advance(61_000);
    try {
      const view = await harness.portfolio.service.getHoldings(userId);
      expect(view.accounts.find((x) => x.id === a.id)?.connectionStatus).toBe("broken");
      expect(view.warnings.find((w) => w.accountId === a.id)?.message).toMatch(/link the account again/);
      await expect(harness.portfolio.service.tradingSession(userId, a.id)).rejects.toBeInstanceOf(
        RelinkRequired,
      );
    } finally {
      fakes.faults.clear();
    }
  });

  it("read-only connections never trade; unknown or foreign accounts are not found", async () => {
    const { userId, a, alpaca } = await linkedUser({ connectionType: "read" });
    const other = await linkedUser();
    const mode = await harness.portfolio.service.portfolioMode(userId);
    expect(mode).toMatchObject({ mode: "hybrid", hasAlpaca: true, hasSnaptrade: true, hasPlaid: false });
    expect(mode.tradingAccounts).toEqual([alpaca.id]);
    expect((await harness.portfolio.service.listAccounts(userId)).find((x) => x.id === a.id)?.canTrade).toBe(
      false,
    );
    await expect(harness.portfolio.service.tradingSession(userId, other.alpaca.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(harness.portfolio.service.tradingSession(userId, "alpaca_nope")).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const session = await harness.portfolio.service.tradingSession(userId, alpaca.id);
    expect(session.provider).toBe("alpaca");
  });

  it("with SnapTrade investment sync off, serves stored SnapTrade data without asking SnapTrade, and says so", async () => {
    const { userId } = await linkedUser();
    const off = createPortfolioModule({
      config: { ...harness.config, features: { ...harness.config.features, snaptradeInvestmentSync: false } },
      logger: harness.logs.logger,
      db,
      keyring: harness.keyring,
      brokers: fakes.clients,
      options: { now: () => clock },
    });
    advance(61_000);
    const before = fakes.count("snaptrade.listAccounts");
    const view = await off.service.getHoldings(userId);
    expect(fakes.count("snaptrade.listAccounts")).toBe(before);
    expect(view.positions.find((p) => p.symbol === "AAPL")?.quantity).toBe(15);
    expect(view.warnings).toEqual([
      { provider: "snaptrade", message: expect.stringMatching(/SnapTrade holdings sync is turned off/) },
    ]);
  });

  it("replaces an account's positions atomically: a concurrent reader sees old or new, never empty", async () => {
    await expectAtomicReplacement(db);
  });
});

/** Many syncs of one account racing many readers: each read must see one whole set of positions. */
async function expectAtomicReplacement(target: TestDatabase) {
  const userId = newUserId();
  const account = fakeAccount("alpaca", userId.slice(0, 8));
  const sets = [
    ["AAPL", "MSFT", "TSLA"].map((s) => fakePosition(account.id, s, 10, 100)),
    ["NVDA", "VOO"].map((s) => fakePosition(account.id, s, 5, 200)),
  ];
  const sync = (positions: (typeof sets)[number]) => {
    const plan = emptyPlan(userId, "alpaca");
    plan.accounts = [{ account, positions, failure: null }];
    return withTransaction(target.pool, (tx) => applyPlan(tx, plan, new Date()));
  };
  await sync(sets[0]!);
  const expected = sets.map((set) =>
    set
      .map((p) => p.symbol)
      .sort()
      .join(","),
  );
  const writers = Array.from({ length: 20 }, (_, i) => sync(sets[i % 2]!));
  const readers = Array.from({ length: 40 }, async () => {
    const { accounts, positions } = await readPortfolio(target.pool, userId);
    expect(accounts).toHaveLength(1);
    expect(expected).toContain(
      positions
        .map((p) => p.symbol)
        .sort()
        .join(","),
    );
  });
  await Promise.all([...writers, ...readers]);
  // Sold-out symbols are gone after a sync (the racing ones commit in any order).
  await sync(sets[1]!);
  const final = await readPortfolio(target.pool, userId);
  expect(
    final.positions
      .map((p) => p.symbol)
      .sort()
      .join(","),
  ).toBe(expected[1]);
}

describe.skipIf(!postgresUrl)("atomic per-account replacement on PostgreSQL", () => {
  it("a reader during syncs sees the old set or the new one, never an empty or mixed account", async () => {
    const pg = await openTestPostgres();
    try {
      await migrate(pg.pool);
      await expectAtomicReplacement(pg);
    } finally {
      await pg.close();
    }
  });
});
