import { useEffect, useRef, useState } from "preact/hooks";
import { useAnnounce } from "../announcer.js";
import type { PortfolioApi } from "../api/portfolio-api.js";
import type { Order } from "../api/types.js";
import { TERMINAL_STATUSES } from "../format.js";
import { orderSummary } from "./order-summary.js";

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
  const announce = useAnnounce();
  // The status first shown needs no announcement (the decision said it); later moves do.
  const lastStatus = useRef(order?.status ?? null);
  useEffect(() => {
    if (!order) return;
    if (lastStatus.current !== null && lastStatus.current !== order.status) announce(orderSummary(order));
    lastStatus.current = order.status;
  }, [order, announce]);

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
    <p
      class={`thread-note order-result status-${order.status}`}
      data-testid="order-result"
      data-order-id={order.id}
      tabIndex={-1}
    >
      <span class="status-dot" aria-hidden="true" />
      {orderSummary(order)}
    </p>
  );
}
