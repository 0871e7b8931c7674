/**
 * Brokers send money and quantities as decimal strings (Alpaca, SnapTrade positions) or numbers.
 * Returns null for absent, empty or non-numeric values so "unknown" never turns into 0.
 */
export function decimal(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === "") return null;
  const parsed = typeof value === "number" ? value : Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

/** Money to whole cents: products and sums of binary floats otherwise show as 15044.400000000001. */
export function cents(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}
