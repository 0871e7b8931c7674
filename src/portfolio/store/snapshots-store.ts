import type { Queryable } from "../../core/db/queryable.js";

export interface SnapshotRow {
  kind: "daily" | "intraday" | "reconstructed";
  takenAt: string;
  date: string;
  totalValue: number;
  /** Value per account id (reconstructed rows hold only the accounts that were estimated). */
  accounts: Record<string, number>;
}

/** UTC calendar day; US market hours fall inside one UTC day. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * Records the value now in one statement: today's daily row (later calls the same day overwrite
 * it, so it ends as the day's last value) and an intraday point, unless another replica (or
 * call) wrote one within `minGapMs`.
 */
export async function recordSnapshots(
  q: Queryable,
  userId: string,
  at: Date,
  totalValue: number,
  accounts: Record<string, number>,
  minGapMs: number,
): Promise<void> {
  await q.query(
    `with daily as (
       insert into portfolio_snapshots (user_id, kind, taken_at, snapshot_date, total_value, accounts)
       values ($1, 'daily', $2, $3, $4, $5::jsonb)
       on conflict (user_id, snapshot_date, kind) where kind in ('daily', 'reconstructed')
       do update set taken_at = excluded.taken_at, total_value = excluded.total_value, accounts = excluded.accounts
     )
     insert into portfolio_snapshots (user_id, kind, taken_at, snapshot_date, total_value, accounts)
     select $1, 'intraday', $2, $3, $4, $5::jsonb
     where not exists (
       select 1 from portfolio_snapshots
       where user_id = $1 and kind = 'intraday' and taken_at > $2::timestamptz - make_interval(secs => $6::double precision)
     )`,
    [userId, at, utcDate(at), totalValue, JSON.stringify(accounts), minGapMs / 1000],
  );
}

/** Merges one account's estimated values into the reconstructed row of each day; totals are recomputed in SQL. */
export async function mergeReconstructed(
  q: Queryable,
  userId: string,
  accountId: string,
  points: Array<{ date: string; value: number }>,
): Promise<void> {
  if (points.length === 0) return;
  await q.query(
    `insert into portfolio_snapshots (user_id, kind, taken_at, snapshot_date, total_value, accounts)
     select $1, 'reconstructed', (t.day + time '20:00') at time zone 'UTC', t.day, t.value,
       jsonb_build_object($2::text, t.value)
     from unnest($3::date[], $4::numeric[]) as t(day, value)
     on conflict (user_id, snapshot_date, kind) where kind in ('daily', 'reconstructed')
     do update set accounts = portfolio_snapshots.accounts || excluded.accounts,
       total_value = (select coalesce(sum(v::numeric), 0) from jsonb_each_text(portfolio_snapshots.accounts || excluded.accounts) as e(k, v))`,
    [userId, accountId, points.map((p) => p.date), points.map((p) => p.value)],
  );
}

export async function loadSnapshots(
  q: Queryable,
  userId: string,
  since: Date | null,
): Promise<SnapshotRow[]> {
  const result = await q.query<{
    kind: SnapshotRow["kind"];
    taken_at: Date | string;
    snapshot_date: string;
    total_value: number | string;
    accounts: Record<string, number | string> | string | null;
  }>(
    `select kind, taken_at, to_char(snapshot_date, 'YYYY-MM-DD') as snapshot_date, total_value, accounts from portfolio_snapshots
     where user_id = $1 and ($2::timestamptz is null or taken_at >= $2::timestamptz)
     order by taken_at`,
    [userId, since],
  );
  return result.rows.map((r) => ({
    kind: r.kind,
    takenAt: new Date(r.taken_at).toISOString(),
    date: r.snapshot_date,
    totalValue: Number(r.total_value),
    accounts: parseBreakdown(r.accounts),
  }));
}

function parseBreakdown(raw: Record<string, number | string> | string | null): Record<string, number> {
  const object = typeof raw === "string" ? (JSON.parse(raw) as Record<string, number | string>) : (raw ?? {});
  return Object.fromEntries(Object.entries(object).map(([id, value]) => [id, Number(value)]));
}
