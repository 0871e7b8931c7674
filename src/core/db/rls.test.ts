import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPostgres, postgresUrl, type TestDatabase } from "../../../test/helpers/databases.js";
import { migrate } from "./migrate.js";
import type { Queryable } from "./queryable.js";

const userA = "00000000-0000-4000-8000-0000000000a1";
const userB = "00000000-0000-4000-8000-0000000000b2";

/** Runs `work` as Supabase's end-user role with `sub` = userId, as PostgREST would. */
async function asUser<T>(db: TestDatabase, userId: string, work: (q: Queryable) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query("begin");
    await client.query("set local role authenticated");
    await client.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ sub: userId }),
    ]);
    return await work(client);
  } finally {
    await client.query("rollback").catch(() => {});
    client.release();
  }
}

async function seed(db: TestDatabase, userId: string, tag: string) {
  await db.pool.query(
    `insert into user_investment_accounts (id, user_id, provider, provider_account_id, institution, name)
     values ($1, $2, 'alpaca', $3, 'Alpaca', 'Paper')`,
    [`alpaca_${tag}`, userId, tag],
  );
  await db.pool.query(
    `insert into account_positions (account_id, symbol, user_id, quantity) values ($1, 'AAPL', $2, 3)`,
    [`alpaca_${tag}`, userId],
  );
  await db.pool.query(
    `insert into snaptrade_users (user_id, snaptrade_user_id, user_secret_encrypted) values ($1, $2, 'sealed')`,
    [userId, `st-${tag}`],
  );
  await db.pool.query(
    `insert into audit_events (id, user_id, seq, at, actor, type, prev_hash, hash)
     values (gen_random_uuid(), $1, 1, now(), 'system', 'test', '', 'h')`,
    [userId],
  );
}

// Row level security needs a real server with roles; PGlite runs as one superuser.
describe.runIf(postgresUrl)("row level security on real PostgreSQL", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestPostgres();
    await migrate(db.pool);
    await seed(db, userA, "a");
    await seed(db, userB, "b");
  });
  afterAll(async () => {
    await db?.close();
  });

  it.each(["user_investment_accounts", "account_positions", "audit_events"])(
    "user A reads only A's %s",
    async (table) => {
      const rows = await asUser(db, userA, (q) =>
        q.query<{ user_id: string }>(`select user_id from ${table}`),
      );
      expect(rows.rows.length).toBeGreaterThan(0);
      expect(rows.rows.every((r) => r.user_id === userA)).toBe(true);
    },
  );

  it("user A cannot write B's rows, nor insert rows claiming to be B", async () => {
    await expect(
      asUser(db, userA, (q) =>
        q.query("update user_investment_accounts set can_trade = true where user_id = $1", [userB]),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      asUser(db, userA, (q) =>
        q.query(
          `insert into user_investment_accounts (id, user_id, provider, provider_account_id, institution, name)
           values ('alpaca_x', $1, 'alpaca', 'x', 'Alpaca', 'Stolen')`,
          [userB],
        ),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      asUser(db, userA, (q) => q.query("delete from account_positions where user_id = $1", [userB])),
    ).rejects.toThrow(/permission denied/);
  });

  it("end users cannot read secret tables at all, even their own rows", async () => {
    await expect(asUser(db, userA, (q) => q.query("select * from snaptrade_users"))).rejects.toThrow(
      /permission denied/,
    );
  });

  it("the portfolio-mode function sees only the caller's rows", async () => {
    const own = await asUser(db, userA, (q) =>
      q.query("select mode from get_user_portfolio_mode($1)", [userA]),
    );
    expect(own.rows[0]).toEqual({ mode: "brokerage" });
    const other = await asUser(db, userA, (q) =>
      q.query("select mode from get_user_portfolio_mode($1)", [userB]),
    );
    expect(other.rows[0]).toEqual({ mode: "none" });
  });

  it("audit events cannot be updated or deleted, even by the owner of the tables", async () => {
    await expect(db.pool.query("update audit_events set type = 'edited'")).rejects.toThrow(/append-only/);
    await expect(db.pool.query("delete from audit_events")).rejects.toThrow(/append-only/);
    await expect(db.pool.query("truncate audit_events")).rejects.toThrow(/append-only/);
  });
});
