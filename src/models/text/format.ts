import { formatTimestamp } from "../../core/format.js";

/**
 * Number and label formatting for answers. Fixed en-US formats so answers are identical on every
 * machine (tests compare them) and match what the confirmation card shows.
 */

const plainNumber = new Intl.NumberFormat("en-US", { maximumFractionDigits: 6 });
const percent = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/**
 * Money, share counts and lists are written by src/core/format.ts for every surface; the names
 * the answers use are kept as aliases of those, not copies.
 */
export {
  formatMoney,
  formatTimestamp,
  listInWords as joinWithAnd,
  sharesInWords as formatShares,
} from "../../core/format.js";

/** +2.3% / -1.25% / 0%: the value is already in percent units. */
export function formatPercentChange(percentValue: number): string {
  const rounded = Number(percentValue.toFixed(2));
  if (rounded === 0) return "0%";
  return `${rounded > 0 ? "+" : "-"}${percent.format(Math.abs(rounded))}%`;
}

export function formatNumber(value: number): string {
  return plainNumber.format(value);
}

/** "2026-11-25" from an ISO timestamp. */
export function formatDate(iso: string | null | undefined): string | null {
  const stamp = formatTimestamp(iso);
  return stamp ? stamp.slice(0, 10) : null;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}
