import type { PortfolioApi } from "../api/portfolio-api.js";
import { clockTime, money } from "../format.js";
import { AllocationChart } from "./allocation-chart.js";
import { HoldingsTable } from "./holdings-table.js";
import { LinkAccounts } from "./link-accounts.js";
import { OrdersList } from "./orders-list.js";
import { usePortfolio } from "./use-portfolio.js";
import { ValueChart } from "./value-chart.js";

interface Props {
  api: PortfolioApi;
  sandbox: boolean;
  /** Bumped when orders or links changed elsewhere (a decision in the chat). */
  version: number;
  /** False while the service cannot be reached: values are shown as the last known ones. */
  online: boolean;
  onStreamLost(): void;
}

const STREAM_LABELS = { connecting: "Connecting…", live: "Live", offline: "Live prices paused" } as const;

/** The portfolio side: value, history, allocation, holdings, orders, and linked accounts. */
export function PortfolioPanel({ api, sandbox, version, online, onStreamLost }: Props) {
  const portfolio = usePortfolio(api, { version, online, onStreamLost });
  const { holdings } = portfolio;
  const stale = !online && holdings !== null;

  return (
    <div class={`portfolio-panel${stale ? " is-stale" : ""}`}>
      <section class="total" aria-labelledby="total-title">
        <h2 id="total-title">Portfolio value</h2>
        {/* Not a live region: a value that moves every few seconds must not be read out each time. */}
        <p class={`total-value${stale ? " stale" : ""}`} data-testid="total-value" data-stale={stale}>
          {holdings ? money(holdings.totalValue) : "…"}
        </p>
        <p class="muted small">
          <span class={`stream-dot stream-${portfolio.stream}`} aria-hidden="true" />
          {stale ? "Last known value, may be out of date" : STREAM_LABELS[portfolio.stream]}
          {holdings ? ` · as of ${clockTime(holdings.asOf)}` : ""}
        </p>
      </section>
      {portfolio.error && (
        <p class="error-banner" role="alert">
          {portfolio.error}
        </p>
      )}
      {holdings && holdings.warnings.length > 0 && (
        <ul class="stale-warnings" aria-label="Data warnings">
          {holdings.warnings.map((warning) => (
            <li key={`${warning.provider}:${warning.accountId ?? ""}:${warning.message}`}>
              {warning.message}
            </li>
          ))}
        </ul>
      )}
      <ValueChart
        api={api}
        version={version}
        live={holdings ? { at: holdings.asOf, totalValue: holdings.totalValue } : null}
      />
      <AllocationChart positions={holdings?.positions ?? null} accounts={holdings?.accounts ?? []} />
      {/* Drawn once holdings and accounts are known (the allocation's place says "Loading…"
          meanwhile): nothing jumps when they arrive, and "no holdings" is never said early. */}
      {holdings && (
        <>
          <section class="panel-section" aria-labelledby="holdings-title">
            <h3 id="holdings-title">Holdings</h3>
            <HoldingsTable positions={holdings.positions} accounts={holdings.accounts} />
          </section>
          <OrdersList orders={portfolio.orders} accounts={holdings.accounts} />
          <LinkAccounts
            api={api}
            accounts={holdings.accounts}
            sandbox={sandbox}
            onLinked={portfolio.reload}
          />
        </>
      )}
    </div>
  );
}
