-- SnapTrade callback states are single-use: the nonce of each state that completed a callback.
create table used_link_states (
  nonce text primary key,
  expires_at timestamptz not null,
  used_at timestamptz not null default now()
);
alter table used_link_states enable row level security;
revoke all on table used_link_states from anon, authenticated;
