-- One request budget per vendor credential (e.g. the SnapTrade client id), shared by every
-- replica: a token bucket in one row, drawn down by one atomic statement per broker call.
create table broker_rate_budget (
  credential text primary key,
  tokens double precision not null,
  refilled_at timestamptz not null
);
