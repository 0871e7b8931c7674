/**
 * Number and label formatting for answers. Fixed en-US formats so answers are identical on every
 * machine (tests compare them) and match what the confirmation card shows.
 */

const dollars = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const smallDollars = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});
const plainNumber = new Intl.NumberFormat("en-US", { maximumFractionDigits: 6 });
const percent = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** $1,234.56; sub-dollar prices keep up to 4 decimals ($0.1234). */
export function formatMoney(value: number): string {
  const formatter = Math.abs(value) < 1 && value !== 0 ? smallDollars : dollars;
  return formatter.format(value);
}

/** +2.3% / -1.25% / 0%: the value is already in percent units. */
export function formatPercentChange(percentValue: number): string {
  const rounded = Number(percentValue.toFixed(2));
  if (rounded === 0) return "0%";
  return `${rounded > 0 ? "+" : "-"}${percent.format(Math.abs(rounded))}%`;
}

export function formatNumber(value: number): string {
  return plainNumber.format(value);
}

/** "1 share", "10 shares", "0.5 shares". */
export function formatShares(quantity: number): string {
  return `${formatNumber(quantity)} ${quantity === 1 ? "share" : "shares"}`;
}

/** ISO timestamp → "2026-11-25 15:59 UTC"; anything unparseable is dropped rather than echoed. */
export function formatTimestamp(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "2026-11-25" from an ISO timestamp. */
export function formatDate(iso: string | null | undefined): string | null {
  const stamp = formatTimestamp(iso);
  return stamp ? stamp.slice(0, 10) : null;
}

/** English list: "a", "a and b", "a, b and c". */
export function joinWithAnd(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}
