-- The presence key (a session advisory lock, see src/core/db/process-presence.ts) of the process
-- holding a thread's run lease: when that lock is gone, the process is gone, and a restarted or
-- other process takes the lease over at once instead of waiting for it to lapse.
alter table thread_run_leases add column owner_presence integer;
