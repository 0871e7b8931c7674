import { useEffect, useState } from "preact/hooks";
import type { PortfolioApi } from "../api/portfolio-api.js";
import type { HistoryPeriod, PortfolioHistory } from "../api/types.js";
import { dateTime, money, percent, signedMoney } from "../format.js";

const PERIODS: HistoryPeriod[] = ["1D", "1W", "1M", "3M", "1Y", "ALL"];
const WIDTH = 600;
const HEIGHT = 160;

interface Props {
  api: PortfolioApi;
  /** The live total, drawn as the newest point. */
  live: { at: string; totalValue: number } | null;
  version: number;
}

/** The points as an SVG path in a WIDTH x HEIGHT box (time on x, value on y, a little headroom). */
function toPath(points: Array<{ at: string; totalValue: number }>): { line: string; area: string } | null {
  if (points.length < 2) return null;
  const times = points.map((p) => new Date(p.at).getTime());
  const values = points.map((p) => p.totalValue);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const pad = (hi - lo) * 0.1 || Math.max(hi * 0.01, 1);
  const x = (t: number) => (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * WIDTH);
  const y = (v: number) => HEIGHT - ((v - (lo - pad)) / (hi + pad - (lo - pad))) * HEIGHT;
  const line = points
    .map((p, i) => `${i === 0 ? "M" : "L"}${x(times[i]!).toFixed(1)},${y(p.totalValue).toFixed(1)}`)
    .join(" ");
  return { line, area: `${line} L${WIDTH},${HEIGHT} L0,${HEIGHT} Z` };
}

/** Portfolio value over a chosen period. */
export function ValueChart({ api, live, version }: Props) {
  const [period, setPeriod] = useState<HistoryPeriod>("1M");
  const [history, setHistory] = useState<PortfolioHistory | null>(null);
  const [error, setError] = useState<string | null>(null);

  // `version` is a trigger: a bump re-reads the history after an order.
  useEffect(() => {
    let stale = false;
    setError(null);
    api
      .history(period)
      .then((h) => !stale && setHistory(h))
      .catch(
        (cause: unknown) =>
          !stale && setError(cause instanceof Error ? cause.message : "History unavailable."),
      );
    return () => {
      stale = true;
    };
  }, [api, period, version]);

  const points = [...(history?.period === period ? history.points : [])];
  const lastAt = points.at(-1)?.at;
  if (live && (!lastAt || new Date(live.at) > new Date(lastAt))) points.push(live);
  const path = toPath(points);
  const first = points[0];
  const rising = !first || !live || live.totalValue >= first.totalValue;

  return (
    <section class="panel-section" aria-labelledby="history-title">
      <div class="section-head">
        <h3 id="history-title">Value history</h3>
        <fieldset class="periods">
          <legend class="sr-only">Period</legend>
          {PERIODS.map((p) => (
            <button
              key={p}
              type="button"
              class="period"
              aria-pressed={p === period}
              onClick={() => setPeriod(p)}
            >
              {p}
            </button>
          ))}
        </fieldset>
      </div>
      {/* Always drawn (empty while loading), so the chart below it does not move. */}
      <p class="history-change">
        {history && history.period === period && (
          <>
            {signedMoney(history.gain)} <span>{percent(history.returnPct)}</span>{" "}
            <span class="muted">over {period === "ALL" ? "all time" : period}</span>
          </>
        )}
      </p>
      <p class="muted history-method">
        Gain and time-weighted return (linked Modified Dietz): deposits, withdrawals and newly linked accounts
        are not counted as gains
        {history?.scope === "paper" ? "; paper (simulated) accounts" : "; paper accounts are left out"}.
      </p>
      {error ? (
        <p class="muted">{error}</p>
      ) : path ? (
        <svg
          class={`value-chart ${rising ? "rising" : "falling"}`}
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={`Portfolio value from ${money(first!.totalValue)} on ${dateTime(first!.at)} to ${money(points.at(-1)!.totalValue)}`}
        >
          <path class="area" d={path.area} />
          <path class="line" d={path.line} vector-effect="non-scaling-stroke" />
        </svg>
      ) : (
        <p class="muted chart-empty">
          {history?.period === period ? "Not enough history yet for this period." : "Loading…"}
        </p>
      )}
    </section>
  );
}
