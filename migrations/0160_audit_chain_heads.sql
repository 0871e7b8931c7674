-- The end of each user's audit chain in one row, so appending an event is one statement: the
-- upsert on this row serializes appends per user (its row lock) and yields the next sequence
-- number and the previous hash; the event is inserted from it in the same statement.
create table audit_chain_heads (
  user_id uuid primary key,
  seq integer not null,
  prev_hash text not null,
  hash text not null
);

insert into audit_chain_heads (user_id, seq, prev_hash, hash)
select distinct on (user_id) user_id, seq, prev_hash, hash
from audit_events
order by user_id, seq desc;

alter table audit_chain_heads enable row level security;
revoke all on table audit_chain_heads from anon, authenticated;
