-- The trading account a user chose as the default for orders that routing would otherwise place
-- by its own rule (DESIGN.md section 5). Kept by account id with no foreign key on purpose: a
-- re-link that deletes and re-inserts the user's accounts keeps the choice, and a default that is
-- no longer linked (or can no longer trade) is reported on the card instead of vanishing.
-- `default_account_label` is the account's name when it was chosen, so a default that is gone
-- can still be named.
create table user_trading_preferences (
  user_id uuid primary key,
  default_account_id text not null check (length(default_account_id) between 1 and 200),
  default_account_label text not null,
  chosen_at timestamptz not null default now()
);
alter table user_trading_preferences enable row level security;
revoke all on table user_trading_preferences from anon, authenticated;
create policy user_trading_preferences_owner_read on user_trading_preferences
  for select to authenticated using (user_id = (select auth.uid()));
grant select on table user_trading_preferences to authenticated;
