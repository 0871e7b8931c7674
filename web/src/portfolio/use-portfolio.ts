import { useCallback, useEffect, useState } from "preact/hooks";
import type { PortfolioApi } from "../api/portfolio-api.js";
import type { HoldingsView, Order } from "../api/types.js";

export type StreamState = "connecting" | "live" | "offline";

export interface PortfolioState {
  holdings: HoldingsView | null;
  orders: Order[];
  error: string | null;
  stream: StreamState;
  reload(): void;
}

const ORDERS_POLL_MS = 10_000;
const STREAM_RETRY_MS = 5_000;

/**
 * Holdings and orders for the panel. Holdings load once (and on `version` bumps, e.g. after an
 * order or a new link); the live stream then keeps the total and prices current. Orders are
 * re-read periodically so statuses move without a reload.
 */
export function usePortfolio(api: PortfolioApi, version: number): PortfolioState {
  const [holdings, setHoldings] = useState<HoldingsView | null>(null);
  const [orders, setOrders] = useState<Order[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [stream, setStream] = useState<StreamState>("connecting");
  const [reloads, setReloads] = useState(0);

  const loadOrders = useCallback(() => {
    api
      .orders()
      .then(setOrders)
      .catch(() => {});
  }, [api]);

  // `version` and `reloads` are triggers: a bump re-reads holdings and orders.
  useEffect(() => {
    let stale = false;
    api
      .holdings()
      .then((view) => {
        if (stale) return;
        setHoldings(view);
        setError(null);
      })
      .catch(
        (cause: unknown) =>
          !stale && setError(cause instanceof Error ? cause.message : "Holdings unavailable."),
      );
    loadOrders();
    return () => {
      stale = true;
    };
  }, [api, version, reloads, loadOrders]);

  useEffect(() => {
    const timer = setInterval(loadOrders, ORDERS_POLL_MS);
    return () => clearInterval(timer);
  }, [loadOrders]);

  useEffect(() => {
    const stop = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      setStream("connecting");
      api
        .watch((tick) => {
          setStream("live");
          // Accounts and warnings come from the full read; the stream moves values and prices.
          setHoldings((view) => (view ? { ...view, ...tick } : view));
        }, stop.signal)
        .catch(() => {})
        .finally(() => {
          if (stop.signal.aborted) return;
          setStream("offline");
          retry = setTimeout(connect, STREAM_RETRY_MS);
        });
    };
    connect();
    return () => {
      stop.abort();
      clearTimeout(retry);
    };
  }, [api]);

  return { holdings, orders, error, stream, reload: () => setReloads((n) => n + 1) };
}
