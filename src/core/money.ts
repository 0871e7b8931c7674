import { Decimal } from "decimal.js";

/**
 * Money and quantities as the API serializes them: computed with decimal.js, then turned into a
 * JSON number from the decimal's exact text, so binary float noise (511.09999999999997) never
 * reaches a client. Null stays null: an unknown figure is never a zero.
 */

export type DecimalInput = Decimal.Value;

/** Whole cents, half away from zero. */
export function toMoney(value: DecimalInput): number {
  return new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();
}

export function toMoneyOrNull(value: DecimalInput | null): number | null {
  return value === null ? null : toMoney(value);
}

/** A per-share price: up to 4 decimals (sub-dollar ticks), no trailing noise. */
export function toPrice(value: DecimalInput): number {
  return new Decimal(value).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toNumber();
}

/** A percentage with two decimals (12.34 means 12.34 %). */
export function toPercent(value: DecimalInput): number {
  return new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();
}

/** Exact decimal sum of numbers (each read from its shortest text form). */
export function sumDecimal(values: Iterable<DecimalInput>): Decimal {
  let total = new Decimal(0);
  for (const value of values) total = total.plus(value);
  return total;
}
