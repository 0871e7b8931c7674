-- Chat threads (their messages live in the LangGraph checkpoints, schema `langgraph`),
-- per-thread run leases (one turn at a time, across replicas), and rate-limit windows.

create table chat_threads (
  id uuid primary key,
  user_id uuid not null,
  title text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index chat_threads_user_idx on chat_threads (user_id, updated_at desc);

create table thread_run_leases (
  thread_id uuid primary key references chat_threads (id) on delete cascade,
  holder uuid not null,
  expires_at timestamptz not null
);

create table rate_limit_windows (
  key text not null,
  window_start timestamptz not null,
  hits integer not null,
  primary key (key, window_start)
);

alter table chat_threads enable row level security;
revoke all on table chat_threads from anon, authenticated;
grant select on table chat_threads to authenticated;
create policy chat_threads_owner_read on chat_threads for select to authenticated using (user_id = (select auth.uid()));
alter table thread_run_leases enable row level security;
revoke all on table thread_run_leases from anon, authenticated;
alter table rate_limit_windows enable row level security;
revoke all on table rate_limit_windows from anon, authenticated;
