import type { Account, Order } from "../api/types.js";
import {
  dateTime,
  exactMoney,
  exactShares,
  money,
  ORDER_STATUS_LABELS,
  ORDER_TYPE_LABELS,
  shares,
} from "../format.js";

const SHOWN = 10;

/** Recent orders with their live status (the panel re-reads them periodically). */
export function OrdersList({ orders, accounts }: { orders: Order[]; accounts: Account[] }) {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return (
    <section class="panel-section" aria-labelledby="orders-title">
      <h3 id="orders-title">Orders</h3>
      {orders.length === 0 ? (
        <p class="muted">No orders yet.</p>
      ) : (
        <ul class="orders" data-testid="orders-list">
          {orders.slice(0, SHOWN).map((order) => {
            const account = byId.get(order.accountId);
            const size = order.notional !== null ? money(order.notional) : `${shares(order.quantity)} sh`;
            return (
              <li key={order.id} class="order">
                <div>
                  <strong>
                    {order.side === "buy" ? "Buy" : "Sell"} {size} {order.symbol}
                  </strong>{" "}
                  <span class="muted">
                    {ORDER_TYPE_LABELS[order.orderType]}
                    {order.limitPrice !== null ? ` @ ${exactMoney(order.limitPrice)}` : ""} ·{" "}
                    {account ? `${account.institution} · ${account.name}` : order.accountId}
                  </span>
                  <div class="muted small">{dateTime(order.createdAt)}</div>
                </div>
                <div class="order-status">
                  <span class={`status-pill status-${order.status}`}>
                    {ORDER_STATUS_LABELS[order.status]}
                  </span>
                  {order.filledQuantity > 0 && (
                    <span class="small">
                      {exactShares(order.filledQuantity)} @ {exactMoney(order.filledAvgPrice)}
                    </span>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
