-- The first answer to each (user, Idempotency-Key) POST, so a retried request replays it and
-- changes nothing. `fingerprint` covers method, path and body: the same key with another request
-- is refused. A row is `running` (locked until `locked_until`) until the answer is stored.
create table idempotency_keys (
  user_id uuid not null,
  key text not null,
  fingerprint text not null,
  state text not null check (state in ('running', 'done')),
  locked_until timestamptz not null,
  response_status integer,
  response_type text,
  response_body text,
  created_at timestamptz not null default now(),
  primary key (user_id, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);

alter table idempotency_keys enable row level security;
revoke all on table idempotency_keys from anon, authenticated;
