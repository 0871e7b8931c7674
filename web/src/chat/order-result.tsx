import { useEffect, useState } from "preact/hooks";
import type { PortfolioApi } from "../api/portfolio-api.js";
import type { Order } from "../api/types.js";
import { money, ORDER_STATUS_LABELS, shareCount, shares, TERMINAL_STATUSES } from "../format.js";

/** One line for an order's state: what it was, where it stands, and its fill. */
export function orderSummary(order: Order): string {
  const size = order.notional !== null ? money(order.notional) : `${shares(order.quantity)}`;
  const what = `${order.side === "buy" ? "Buy" : "Sell"} ${size} ${order.symbol}`;
  const fill =
    order.filledQuantity > 0
      ? `: ${shareCount(order.filledQuantity)} at ${money(order.filledAvgPrice)}`
      : order.statusDetail
        ? `: ${order.statusDetail}`
        : "";
  return `${what} — ${ORDER_STATUS_LABELS[order.status]}${fill}`;
}

interface Props {
  orderId: string;
  known: Order | undefined;
  portfolio: PortfolioApi;
}

const POLL_MS = 3_000;

/** An order in the thread, kept current until it settles. */
export function OrderResult({ orderId, known, portfolio }: Props) {
  const [order, setOrder] = useState<Order | null>(known ?? null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (order && TERMINAL_STATUSES.has(order.status)) return;
    let stopped = false;
    const load = () =>
      portfolio
        .order(orderId)
        .then((fresh) => !stopped && setOrder(fresh))
        .catch(() => !stopped && setFailed(true));
    const timer = setTimeout(load, order ? POLL_MS : 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [orderId, order, portfolio]);

  if (!order) {
    return (
      <p class="thread-note">{failed ? "The order's status could not be loaded." : "Loading the order…"}</p>
    );
  }
  return (
    <p class={`thread-note order-result status-${order.status}`} data-testid="order-result">
      <span class="status-dot" aria-hidden="true" />
      {orderSummary(order)}
    </p>
  );
}
