-- A broker order is linked to at most one of our orders. Rows that already share one (a
-- reconciler mis-attribution before this rule) are handed to a person first: which of them sent
-- it cannot be told from the rows, so neither keeps the link and the detail names it.
update trade_orders o
set status = 'needs_review',
  status_detail = 'Broker order ' || o.broker_order_id || ' was linked to this order and to another one; a person must check which sent it.',
  broker_order_id = null,
  updated_at = now()
where o.broker_order_id is not null
  and exists (
    select 1 from trade_orders t
    where t.provider = o.provider and t.account_id = o.account_id
      and t.broker_order_id = o.broker_order_id and t.id <> o.id
  );

create unique index trade_orders_broker_order_once on trade_orders (provider, account_id, broker_order_id)
  where broker_order_id is not null;
