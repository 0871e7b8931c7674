-- Initial schema. Runs unchanged on Supabase, plain PostgreSQL 15 and PGlite.
-- Server-side code connects as a privileged role and filters every query by user id itself;
-- row level security additionally binds the `authenticated` role (Supabase's end-user role),
-- which may only read its own rows and never write ownership or secret tables.

-- Supabase provides auth.uid() and the anon/authenticated roles; create look-alikes elsewhere.
create schema if not exists auth;

do $$
begin
  if not exists (
    select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'auth' and p.proname = 'uid'
  ) then
    create function auth.uid() returns uuid
      language sql stable
      as $f$
        select nullif(
          coalesce(
            nullif(current_setting('request.jwt.claim.sub', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
          ),
          ''
        )::uuid
      $f$;
    -- Only where we created auth.uid() ourselves: on Supabase the auth schema is not ours to grant.
    execute 'grant usage on schema auth to public';
  end if;
  -- Roles are cluster-wide: another database of the cluster may create them at the same moment.
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    begin
      create role anon nologin;
    exception when duplicate_object or unique_violation then null;
    end;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    begin
      create role authenticated nologin;
    exception when duplicate_object or unique_violation then null;
    end;
  end if;
end
$$;


-- SnapTrade user registration; the user secret is AES-256-GCM ciphertext (src/core/secrets).
create table snaptrade_users (
  user_id uuid primary key,
  snaptrade_user_id text not null unique,
  user_secret_encrypted text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table snaptrade_brokerage_connections (
  id text primary key,
  user_id uuid not null,
  brokerage_name text not null,
  brokerage_slug text,
  connection_type text not null check (connection_type in ('trade', 'read')),
  status text not null default 'active' check (status in ('active', 'broken', 'disabled')),
  status_changed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index snaptrade_brokerage_connections_user_idx on snaptrade_brokerage_connections (user_id);

-- One row per linked account, whatever the provider. Ids carry the provider prefix.
create table user_investment_accounts (
  id text primary key,
  user_id uuid not null,
  provider text not null check (provider in ('snaptrade', 'alpaca', 'plaid')),
  provider_account_id text not null,
  connection_id text,
  institution text not null,
  name text not null,
  number_masked text not null default '',
  can_trade boolean not null default false,
  connection_status text not null default 'active' check (connection_status in ('active', 'broken', 'disabled')),
  is_paper boolean not null default false,
  currency text not null default 'USD',
  cash numeric,
  buying_power numeric,
  total_value numeric,
  synced_at timestamptz,
  sync_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (user_id, provider, provider_account_id),
  check (id like provider || '\_%')
);
create index user_investment_accounts_user_idx on user_investment_accounts (user_id);

-- Positions per account and symbol: a sync replaces one account's rows in one transaction.
create table account_positions (
  account_id text not null references user_investment_accounts (id) on delete cascade,
  symbol text not null,
  user_id uuid not null,
  description text not null default '',
  quantity numeric not null,
  price numeric,
  market_value numeric,
  cost_basis numeric,
  currency text not null default 'USD',
  updated_at timestamptz not null default now(),
  primary key (account_id, symbol)
);
create index account_positions_user_symbol_idx on account_positions (user_id, symbol);

create table alpaca_credentials (
  user_id uuid primary key,
  account_id text not null unique,
  key_id_encrypted text not null,
  secret_encrypted text not null,
  is_paper boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table plaid_items (
  item_id text primary key,
  user_id uuid not null,
  institution text not null,
  access_token_encrypted text not null,
  status text not null default 'active' check (status in ('active', 'broken')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index plaid_items_user_idx on plaid_items (user_id);

-- A prepared order (or cancel) awaiting the user's decision; the card is rendered from this row.
create table trade_proposals (
  id uuid primary key,
  user_id uuid not null,
  thread_id text,
  kind text not null check (kind in ('order', 'cancel')),
  status text not null check (status in ('awaiting', 'submitting', 'submitted', 'rejected', 'superseded', 'expired')),
  account_id text not null,
  provider text not null,
  order_spec jsonb not null,
  estimate jsonb not null,
  routing jsonb not null,
  warnings jsonb not null default '[]'::jsonb,
  card_text text not null,
  hash text not null,
  expires_at timestamptz not null,
  superseded_by uuid,
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index trade_proposals_user_idx on trade_proposals (user_id, created_at desc);
create index trade_proposals_thread_idx on trade_proposals (thread_id) where thread_id is not null;

-- Exactly one order per proposal; the client order id is derived from the proposal id.
create table trade_orders (
  id uuid primary key,
  user_id uuid not null,
  proposal_id uuid not null unique references trade_proposals (id),
  thread_id text,
  account_id text not null,
  provider text not null,
  symbol text not null,
  side text not null check (side in ('buy', 'sell')),
  quantity numeric,
  notional numeric,
  order_type text not null check (order_type in ('market', 'limit', 'stop', 'stop_limit')),
  limit_price numeric,
  stop_price numeric,
  time_in_force text not null,
  status text not null check (
    status in ('submitting', 'accepted', 'partially_filled', 'filled', 'cancelled', 'rejected', 'unknown', 'needs_review')
  ),
  status_detail text,
  broker_order_id text,
  client_order_id text not null,
  filled_quantity numeric not null default 0,
  filled_avg_price numeric,
  submitted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (provider, account_id, client_order_id)
);
create index trade_orders_user_idx on trade_orders (user_id, created_at desc);
create index trade_orders_open_idx on trade_orders (status) where status in ('submitting', 'unknown', 'accepted', 'partially_filled');

-- Append-only, hash-chained per user: each event's hash covers the previous event's hash.
create table audit_events (
  id uuid primary key,
  user_id uuid not null,
  seq integer not null,
  at timestamptz not null,
  actor text not null,
  type text not null,
  thread_id text,
  proposal_id uuid,
  order_id uuid,
  data jsonb not null default '{}'::jsonb,
  prev_hash text not null,
  hash text not null,
  unique (user_id, seq)
);

create function audit_events_are_append_only() returns trigger
  language plpgsql
  as $$
  begin
    raise exception 'audit events are append-only (% refused)', tg_op;
  end
  $$;

create trigger audit_events_no_update_or_delete
  before update or delete on audit_events
  for each row execute function audit_events_are_append_only();
create trigger audit_events_no_truncate
  before truncate on audit_events
  for each statement execute function audit_events_are_append_only();

-- Webhook de-duplication: the first delivery of an event id wins.
create table webhook_events (
  id text primary key,
  provider text not null,
  event_type text not null,
  user_id uuid,
  received_at timestamptz not null default now(),
  processed_at timestamptz
);

-- Portfolio mode: brokerage = an Alpaca account only; aggregation = linked external accounts
-- only (SnapTrade, Plaid); hybrid = both; none = nothing linked. Security invoker, so RLS applies.
create function get_user_portfolio_mode(p_user_id uuid)
  returns table (mode text, has_alpaca boolean, has_snaptrade boolean, has_plaid boolean)
  language sql stable
  as $$
    with flags as (
      select
        exists (select 1 from user_investment_accounts a where a.user_id = p_user_id and a.provider = 'alpaca') as alpaca,
        exists (select 1 from user_investment_accounts a where a.user_id = p_user_id and a.provider = 'snaptrade') as snaptrade,
        exists (select 1 from user_investment_accounts a where a.user_id = p_user_id and a.provider = 'plaid') as plaid
    )
    select
      case
        when alpaca and (snaptrade or plaid) then 'hybrid'
        when alpaca then 'brokerage'
        when snaptrade or plaid then 'aggregation'
        else 'none'
      end,
      alpaca, snaptrade, plaid
    from flags
  $$;

-- Row level security on every user table.
do $$
declare
  t text;
begin
  foreach t in array array[
    'snaptrade_users', 'snaptrade_brokerage_connections', 'user_investment_accounts', 'account_positions',
    'alpaca_credentials', 'plaid_items', 'trade_proposals', 'trade_orders', 'audit_events'
  ] loop
    execute format('alter table %I enable row level security', t);
    execute format('revoke all on table %I from anon, authenticated', t);
    execute format(
      'create policy %I on %I for select to authenticated using (user_id = (select auth.uid()))',
      t || '_owner_read', t
    );
  end loop;
  -- End users may read their own non-secret rows; every write goes through the server.
  foreach t in array array[
    'snaptrade_brokerage_connections', 'user_investment_accounts', 'account_positions',
    'trade_proposals', 'trade_orders', 'audit_events'
  ] loop
    execute format('grant select on table %I to authenticated', t);
  end loop;
end
$$;

alter table webhook_events enable row level security;
revoke all on table webhook_events from anon, authenticated;
revoke all on function get_user_portfolio_mode(uuid) from public, anon;
grant execute on function get_user_portfolio_mode(uuid) to authenticated;
