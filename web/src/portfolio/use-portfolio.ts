import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { PortfolioApi } from "../api/portfolio-api.js";
import type { HoldingsView, Order, PortfolioTick } from "../api/types.js";

export type StreamState = "connecting" | "live" | "offline";

export interface PortfolioState {
  holdings: HoldingsView | null;
  orders: Order[];
  error: string | null;
  stream: StreamState;
  reload(): void;
}

export interface PortfolioOptions {
  /** Bumped when orders or links changed elsewhere (a decision in the chat). */
  version: number;
  /** False while the service cannot be reached; going back to true re-reads everything. */
  online: boolean;
  /** The live stream ended on its own: maybe the service is gone. */
  onStreamLost(): void;
}

const ORDERS_POLL_MS = 5_000;
const STREAM_RETRY_MS = 5_000;

/** "status:filled" per order: a change means a fill or a cancel moved cash and positions. */
const orderStates = (orders: Order[]) =>
  new Map(orders.map((o) => [o.id, `${o.status}:${o.filledQuantity}`]));

/** "AAPL:92|TSLA:40": the stream carries prices, not accounts, so a new fingerprint means a sync or fill. */
const quantities = (tick: PortfolioTick) =>
  tick.positions
    .map((p) => `${p.symbol}:${p.quantity}`)
    .sort()
    .join("|");

/**
 * Holdings, accounts and orders for the panel. The full view (accounts with cash and buying
 * power) is read at start, on `version` bumps, when an order's status or fill changes, when the
 * stream's quantities change (a sync), and when the service is back;
 * in between, the live stream keeps the total and prices current.
 */
export function usePortfolio(
  api: PortfolioApi,
  { version, online, onStreamLost }: PortfolioOptions,
): PortfolioState {
  const [holdings, setHoldings] = useState<HoldingsView | null>(null);
  const [orders, setOrders] = useState<Order[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [stream, setStream] = useState<StreamState>("connecting");
  const [reloads, setReloads] = useState(0);
  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const seenOrders = useRef<Map<string, string> | null>(null);
  const lastQuantities = useRef<string | null>(null);
  const lost = useRef(onStreamLost);
  lost.current = onStreamLost;

  const loadOrders = useCallback(() => {
    api
      .orders()
      .then((list) => {
        setOrders(list);
        const states = orderStates(list);
        const before = seenOrders.current;
        seenOrders.current = states;
        if (before && [...states].some(([id, state]) => before.get(id) !== state)) reload();
      })
      .catch(() => {});
  }, [api, reload]);

  // `version`, `reloads` and coming back online are triggers: each re-reads holdings and orders.
  useEffect(() => {
    if (!online) return;
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
  }, [api, version, reloads, online, loadOrders]);

  useEffect(() => {
    if (!online) return;
    const timer = setInterval(loadOrders, ORDERS_POLL_MS);
    return () => clearInterval(timer);
  }, [loadOrders, online]);

  useEffect(() => {
    if (!online) {
      setStream("offline");
      return;
    }
    const stop = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      setStream("connecting");
      api
        .watch((tick) => {
          setStream("live");
          const now = quantities(tick);
          if (lastQuantities.current !== null && lastQuantities.current !== now) reload();
          lastQuantities.current = now;
          // Accounts and warnings come from the full read; the stream moves values and prices.
          setHoldings((shown) => (shown ? { ...shown, ...tick } : shown));
        }, stop.signal)
        .catch(() => {})
        .finally(() => {
          if (stop.signal.aborted) return;
          setStream("offline");
          lost.current();
          retry = setTimeout(connect, STREAM_RETRY_MS);
        });
    };
    connect();
    return () => {
      stop.abort();
      clearTimeout(retry);
    };
  }, [api, online, reload]);

  return { holdings, orders, error, stream, reload };
}
