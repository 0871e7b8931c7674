-- Refreshes an account is owed. A broker event (a SnapTrade webhook) or one of our orders counts
-- one up in the transaction that records it, and is acknowledged before the broker is read again;
-- a sync stores, once its answer is stored, the count it read before asking the broker. An account
-- owed more than its last sync covered is out of date whatever its age: a read refreshes it before
-- answering, so an event acknowledged before its refresh ran (a restart in between) is never shown
-- as current.
alter table user_investment_accounts
  add column refresh_requests bigint not null default 0,
  add column refresh_covered bigint not null default 0;
