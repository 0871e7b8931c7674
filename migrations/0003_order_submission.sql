-- Orders engine: what a proposal was asked for, the broker's preview, and the submission
-- markers that let the reconciler tell "never sent" from "sent, answer lost".

alter table trade_proposals add column intent jsonb;
alter table trade_proposals add column broker_preview jsonb;

-- Dollar size used for the daily limit (sized at the worst of quote, limit and stop).
alter table trade_orders add column risk_notional numeric not null default 0;
-- Set just before the broker call: null means the broker was certainly never asked.
alter table trade_orders add column send_attempted_at timestamptz;
-- While a replica is submitting, others (and the reconciler) keep off until this time.
alter table trade_orders add column lease_until timestamptz;
alter table trade_orders add column last_checked_at timestamptz;
alter table trade_orders add column check_attempts integer not null default 0;

create index trade_orders_user_day_idx on trade_orders (user_id, created_at);
