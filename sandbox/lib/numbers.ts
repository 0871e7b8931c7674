/** Rounds money to cents (prices, cash). */
export function roundMoney(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

/** Rounds share quantities to 9 decimals, the precision Alpaca uses for fractional shares. */
export function roundQuantity(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/**
 * A decimal string the way the vendors send them ("150.5", "2", "0.123456789"): never an
 * exponent, never "-0", trailing zeros trimmed.
 */
export function decimalString(value: number, maxDecimals = 9): string {
  const fixed = value.toFixed(maxDecimals);
  const trimmed = fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
  return trimmed === "-0" ? "0" : trimmed;
}

/** Money as a string with cents ("1234.50"). */
export function moneyString(value: number): string {
  const text = roundMoney(value).toFixed(2);
  return text === "-0.00" ? "0.00" : text;
}

/** True when a share quantity is effectively zero. */
export function isZeroQuantity(value: number): boolean {
  return Math.abs(value) < 1e-9;
}
