-- A thread's run lease names the process that holds it and is kept alive by that process's
-- heartbeat, so a crashed holder's lease lapses in seconds (and at once on a single-process
-- store such as PGlite, where a lease of any other process is certainly dead).
alter table thread_run_leases add column owner text not null default '';
alter table thread_run_leases add column heartbeat_at timestamptz not null default now();
