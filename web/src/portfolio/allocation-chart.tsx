import type { Account, Holding } from "../api/types.js";
import { money } from "../format.js";

const COLORS = ["#2563eb", "#16a34a", "#f59e0b", "#db2777", "#7c3aed", "#0891b2", "#94a3b8"];
const SLICES = 6;

interface Slice {
  label: string;
  value: number;
}

/** The largest slices, the rest folded into "Other", so the chart stays legible. */
function topSlices(all: Slice[]): Slice[] {
  const sorted = all.filter((s) => s.value > 0).sort((a, b) => b.value - a.value);
  if (sorted.length <= SLICES + 1) return sorted;
  const rest = sorted.slice(SLICES).reduce((sum, s) => sum + s.value, 0);
  return [...sorted.slice(0, SLICES), { label: "Other", value: rest }];
}

function Donut({ slices, label }: { slices: Slice[]; label: string }) {
  const total = slices.reduce((sum, s) => sum + s.value, 0);
  const radius = 15.9155; // circumference 100: dash lengths are percentages
  let offset = 25; // start at 12 o'clock
  return (
    <svg class="donut" viewBox="0 0 42 42" role="img" aria-label={label}>
      <circle cx="21" cy="21" r={radius} fill="none" stroke="#e5e7eb" stroke-width="6" />
      {slices.map((slice, i) => {
        const share = (slice.value / total) * 100;
        const circle = (
          <circle
            key={slice.label}
            cx="21"
            cy="21"
            r={radius}
            fill="none"
            stroke={COLORS[i % COLORS.length]}
            stroke-width="6"
            stroke-dasharray={`${share} ${100 - share}`}
            stroke-dashoffset={offset}
          />
        );
        offset -= share;
        return circle;
      })}
    </svg>
  );
}

function Legend({ slices }: { slices: Slice[] }) {
  const total = slices.reduce((sum, s) => sum + s.value, 0);
  return (
    <ul class="legend">
      {slices.map((slice, i) => (
        <li key={slice.label}>
          <span class="swatch" style={{ background: COLORS[i % COLORS.length] }} aria-hidden="true" />
          <span class="legend-label">{slice.label}</span>
          <span class="legend-value" title={money(slice.value)}>
            {((slice.value / total) * 100).toFixed(1)}%
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Where the money is: by symbol (donut) and by account (bars). */
export function AllocationChart({
  positions,
  accounts,
}: {
  positions: Holding[] | null;
  accounts: Account[];
}) {
  if (!positions) {
    // The section's place is kept while holdings load, so nothing below it jumps when it draws.
    return (
      <section class="panel-section" aria-labelledby="allocation-title">
        <h3 id="allocation-title">Allocation</h3>
        <p class="allocation allocation-loading muted">Loading…</p>
      </section>
    );
  }
  const bySymbol = topSlices(positions.map((p) => ({ label: p.symbol, value: p.marketValue ?? 0 })));
  const byAccount = topSlices(
    accounts.map((a) => ({ label: `${a.institution} · ${a.name}`, value: a.totalValue ?? a.cash ?? 0 })),
  );
  const largestAccount = Math.max(...byAccount.map((s) => s.value), 1);
  if (bySymbol.length === 0) return null;
  return (
    <section class="panel-section" aria-labelledby="allocation-title">
      <h3 id="allocation-title">Allocation</h3>
      <div class="allocation">
        <div class="allocation-symbols">
          <h4>By symbol</h4>
          <div class="donut-row">
            <Donut slices={bySymbol} label="Allocation by symbol" />
            <Legend slices={bySymbol} />
          </div>
        </div>
        <div class="allocation-accounts">
          <h4>By account</h4>
          <ul class="bars">
            {byAccount.map((slice) => (
              <li key={slice.label}>
                <span class="bar-label">{slice.label}</span>
                <span class="bar-track" aria-hidden="true">
                  <span class="bar-fill" style={{ width: `${(slice.value / largestAccount) * 100}%` }} />
                </span>
                <span class="bar-value">{money(slice.value)}</span>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
