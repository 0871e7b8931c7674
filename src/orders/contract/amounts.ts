import { Decimal } from "decimal.js";
import { z } from "zod";

/** Brokers accept share quantities to at most this many decimals (fractional shares). */
export const shareDecimals = 6;
/** The largest amount any field takes: far above every limit, far below float trouble. */
const ceiling = 1e9;

function decimalsOf(n: number): number {
  return new Decimal(n).decimalPlaces();
}

/**
 * US equity tick sizes (SEC Rule 612): whole cents at $1 and above, 1/100 of a cent below.
 * A price that breaks them is refused, never rounded silently.
 */
export function onTick(price: number): boolean {
  // Stryker disable next-line EqualityOperator: exactly $1 has no decimals, so either tick accepts it and `>=` and `>` agree (the `<` flip is killed by the tests; this comment covers the line)
  const decimalsAllowed = price >= 1 ? 2 : 4;
  return decimalsOf(price) <= decimalsAllowed;
}

/** A number of shares: positive, at most six decimals. */
export const quantitySchema = z
  .number()
  .finite()
  .positive("must be more than zero")
  .max(ceiling)
  .refine((n) => decimalsOf(n) <= shareDecimals, `at most ${shareDecimals} decimals`);

/** A dollar amount to trade: positive, whole cents. */
export const notionalSchema = z
  .number()
  .finite()
  .positive("must be more than zero")
  .max(ceiling)
  .refine((n) => decimalsOf(n) <= 2, "whole cents");

/** A limit or stop price: positive and on the tick. */
export const priceSchema = z
  .number()
  .finite()
  .positive("must be more than zero")
  .max(ceiling)
  .refine(onTick, "whole cents at $1 and above, at most 4 decimals below $1");

/** A money figure shown to the user (balances, estimates): any finite number, or null when unknown. */
export const moneySchema = z.number().finite();
