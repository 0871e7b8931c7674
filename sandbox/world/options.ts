import { roundMoney } from "../lib/numbers.js";
import type { Account, OptionPosition } from "./types.js";

/** Shares one standard US equity option contract delivers. */
export const STANDARD_MULTIPLIER = 100;

/** The OCC symbol: root, YYMMDD, C/P, strike x 1000 in 8 digits (`AAPL261218C00250000`). */
export function occSymbol(option: OptionPosition): string {
  const date = option.expiration.slice(2, 10).replaceAll("-", "");
  const strike = String(Math.round(option.strike * 1000)).padStart(8, "0");
  return `${option.underlying}${date}${option.type === "call" ? "C" : "P"}${strike}`;
}

/** A contract's value: its per-share premium x contracts x the shares each contract delivers. */
export function optionValue(option: OptionPosition): number {
  return roundMoney(option.price * option.units * option.multiplier);
}

export function optionsValue(account: Account): number {
  return roundMoney((account.optionPositions ?? []).reduce((sum, o) => sum + optionValue(o), 0));
}
