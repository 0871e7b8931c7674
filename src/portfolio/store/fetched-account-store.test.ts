import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testBackends } from "../../../test/helpers/databases.js";
import { fakeAccount, fakePosition } from "../../../test/helpers/portfolio-fakes.js";
import type { BrokerAccount, BrokerPosition } from "../../brokers/model.js";
import { withTransaction } from "../../core/db/database.js";
import { migrate } from "../../core/db/migrate.js";
import { ConflictError } from "../../core/errors.js";
import { storeFetchedAccount } from "./fetched-account-store.js";

const account = (cash: number) =>
  fakeAccount("snaptrade", randomUUID(), { cash, buyingPower: cash, totalValue: cash });
const position = (accountId: string, symbol: string, quantity: number) =>
  fakePosition(accountId, symbol, quantity, 100);

describe.each(testBackends)("storing a fetched account, on $kind", ({ open }) => {
  let db: TestDatabase;
  const now = new Date("2026-12-01T10:00:00Z");

  beforeAll(async () => {
    db = await open();
    await migrate(db.pool);
  });
  afterAll(async () => {
    await db?.close();
  });

  const storedPositions = async (accountId: string) =>
    (
      await db.pool.query<{ symbol: string; quantity: number; user_id: string }>(
        "select symbol, quantity, user_id from account_positions where account_id = $1 order by symbol",
        [accountId],
      )
    ).rows.map((r) => [r.symbol, Number(r.quantity), r.user_id]);
  const storedAccount = async (accountId: string) =>
    (
      await db.pool.query<{
        user_id: string;
        cash: number;
        synced_at: Date | null;
        sync_error: string | null;
      }>("select user_id, cash, synced_at, sync_error from user_investment_accounts where id = $1", [
        accountId,
      ])
    ).rows[0];

  const store = (
    userId: string,
    acct: BrokerAccount,
    positions: BrokerPosition[] | null,
    sync = { now, error: null as string | null, covers: null },
  ) => withTransaction(db.pool, (tx) => storeFetchedAccount(tx, userId, acct, positions, sync));

  it("writes the row, then exactly the fetched positions in one statement: sold-out symbols go, the rest are upserted", async () => {
    const userId = randomUUID();
    const acct = account(1000);
    await store(userId, acct, [position(acct.id, "AAPL", 10), position(acct.id, "VOO", 2)]);
    const { tally } = await db.queries.measure(() =>
      store(userId, { ...acct, cash: 400 }, [position(acct.id, "AAPL", 11), position(acct.id, "MSFT", 3)]),
    );
    expect(tally.statements.map((s) => s.text.split(" ").slice(0, 3).join(" "))).toEqual([
      "begin",
      "insert into user_investment_accounts",
      "with sold_out as",
      "commit",
    ]);
    expect(await storedPositions(acct.id)).toEqual([
      ["AAPL", 11, userId],
      ["MSFT", 3, userId],
    ]);
    expect(await storedAccount(acct.id)).toMatchObject({ user_id: userId, cash: 400, sync_error: null });
  });

  it("with no positions fetched, keeps the stored ones and records the failure without moving synced_at", async () => {
    const userId = randomUUID();
    const acct = account(1000);
    await store(userId, acct, [position(acct.id, "AAPL", 10)]);
    const later = new Date(now.getTime() + 60_000);
    await store(userId, { ...acct, cash: 900 }, null, {
      now: later,
      error: "positions timed out",
      covers: null,
    });
    expect(await storedPositions(acct.id)).toEqual([["AAPL", 10, userId]]);
    const row = await storedAccount(acct.id);
    expect(row).toMatchObject({ cash: 900, sync_error: "positions timed out" });
    expect(new Date(row!.synced_at!).getTime()).toBe(now.getTime());
  });

  it("an empty position list sells everything out", async () => {
    const userId = randomUUID();
    const acct = account(1000);
    await store(userId, acct, [position(acct.id, "AAPL", 10)]);
    await store(userId, acct, []);
    expect(await storedPositions(acct.id)).toEqual([]);
  });

  it("refuses an account id another user holds, and writes none of its positions", async () => {
    const owner = randomUUID();
    const other = randomUUID();
    const acct = account(1000);
    await store(owner, acct, [position(acct.id, "AAPL", 10)]);
    const attempt = store(other, { ...acct, cash: 1 }, [position(acct.id, "TSLA", 99)]);
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ code: "account_linked_elsewhere" });
    expect(await storedPositions(acct.id)).toEqual([["AAPL", 10, owner]]);
    expect(await storedAccount(acct.id)).toMatchObject({ user_id: owner, cash: 1000 });
  });
});
