-- When the broker last took an account's figures from the institution (SnapTrade syncs many
-- brokerages once a day: `sync_status.holdings.last_successful_sync`). Null: live data, or the
-- broker does not say. Shown to the user where it is old, beside our own synced_at.
alter table user_investment_accounts add column data_as_of timestamptz;
