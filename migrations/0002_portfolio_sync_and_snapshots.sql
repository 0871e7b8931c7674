-- Portfolio layer: sync bookkeeping on accounts and the value history.
-- Runs unchanged on Supabase, plain PostgreSQL 15 and PGlite.

-- When a sync last tried an account (success or not): lets a failing provider be retried once
-- per TTL instead of on every read, across replicas. `synced_at` stays the last success.
alter table user_investment_accounts add column sync_attempted_at timestamptz;

-- Portfolio value over time. `kind`:
--   daily         one row per user and day, overwritten by later reads that day (last = close)
--   intraday      at most one row per user per 5 minutes while the service serves reads
--   reconstructed estimated backwards from today's holdings and the accounts' activities
--                 for days before an account was linked (never replaces a daily row)
-- `accounts` is the per-account breakdown {accountId: value}.
create table portfolio_snapshots (
  id bigint generated always as identity primary key,
  user_id uuid not null,
  kind text not null check (kind in ('daily', 'intraday', 'reconstructed')),
  taken_at timestamptz not null,
  snapshot_date date not null,
  total_value numeric not null,
  accounts jsonb not null default '{}'::jsonb
);
create index portfolio_snapshots_user_taken_idx on portfolio_snapshots (user_id, taken_at);
-- One daily and one reconstructed row per user and day: upserts land on these.
create unique index portfolio_snapshots_user_day_idx on portfolio_snapshots (user_id, snapshot_date, kind)
  where kind in ('daily', 'reconstructed');

alter table portfolio_snapshots enable row level security;
revoke all on table portfolio_snapshots from anon, authenticated;
create policy portfolio_snapshots_owner_read on portfolio_snapshots
  for select to authenticated using (user_id = (select auth.uid()));
grant select on table portfolio_snapshots to authenticated;
