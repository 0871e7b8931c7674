import { Decimal } from "decimal.js";
import { formatMoney, formatShares, sharesInWords } from "../../core/format.js";
import { shareDecimals } from "../contract/amounts.js";
import type { RequestedSize } from "../contract/order-request.js";
import type { OrderSide } from "../contract/vocabulary.js";

/** Alpaca's and most brokers' smallest dollar-amount order. */
export const minimumNotional = 1;

export interface SizingInput {
  side: OrderSide;
  size: RequestedSize;
  symbol: string;
  /** "Robinhood Individual": the chosen account, for the words on the card. */
  accountLabel: string;
  /** Shares the chosen account holds (sells are checked against it). */
  held: number;
  /** Whether the broker takes fractions of this security in this account; null when it does not say. */
  fractionable: boolean | null;
}

export interface SizedOrder {
  /** Exactly one of quantity and notional is set: the values sent to the broker. */
  quantity: number | null;
  notional: number | null;
  /** How the size was worked out from a holding ("half of the 25 TSLA in …"); null when asked in shares or dollars. */
  basis: string | null;
  /** What the card must say about the size (a broker that did not say whether it takes fractions). */
  warnings: string[];
}

export type SizeResult = { kind: "sized"; order: SizedOrder } | { kind: "refused"; reason: string };

const refused = (reason: string): SizeResult => ({ kind: "refused", reason });

function fractionInWords(fraction: Decimal): string {
  if (fraction.eq(0.5)) return "half";
  if (fraction.eq(0.25)) return "a quarter";
  if (fraction.eq(0.75)) return "three quarters";
  return `${fraction.times(100).toDecimalPlaces(4).toString()}%`;
}

/**
 * Turns what the user asked into the exact quantity or amount sent, with the broker's rules:
 * whole shares where fractions are not taken, at most six decimals where they are, whole cents,
 * a minimum dollar amount, never more than the account holds. A size the user typed is refused
 * when the broker cannot take it as it is (never rounded silently); a size derived from a holding
 * ("half", "all") is rounded down and the card says so. The size never depends on the price, so
 * the broker can preview the order while it quotes; the one check that needs the price is
 * `beyondHoldingAtPrice`.
 */
export function sizeOrder(input: SizingInput): SizeResult {
  const { size, symbol, accountLabel, side } = input;
  // Sizes worked out from a holding stay whole unless fractions are known to be taken; a size the
  // user gave is sent as given when the broker does not say, and the card says it may be refused.
  const fractionable = input.fractionable === true;
  const mayRefuseFractions = (asked: boolean) =>
    asked && input.fractionable === null
      ? [
          `${accountLabel} did not say whether it takes fractional shares or dollar amounts of ${symbol}; it may refuse this order.`,
        ]
      : [];
  const held = new Decimal(input.held);
  const holdingText = holdingOf(input);
  // Callers have refused a size of zero or less: sizes the user gave, and sizes rounded down to nothing.
  const inShares = (quantity: Decimal, basis: string | null, warnings: string[] = []): SizeResult => {
    if (side === "sell" && quantity.gt(held)) {
      return refused(
        `${holdingText}, fewer than the ${formatShares(quantity.toNumber())} asked for; sell at most ${formatShares(input.held)}, or say "sell all".`,
      );
    }
    return {
      kind: "sized",
      order: {
        quantity: quantity.toNumber(),
        notional: null,
        basis,
        warnings,
      },
    };
  };
  const derived = (exact: Decimal, words: string): SizeResult => {
    const places = fractionable ? shareDecimals : 0;
    const rounded = exact.toDecimalPlaces(places, Decimal.ROUND_DOWN);
    if (rounded.lte(0)) {
      return refused(
        fractionable
          ? `${words} comes to less than ${new Decimal(1).dividedBy(10 ** shareDecimals).toString()} share.`
          : `${words} comes to ${formatShares(exact.toNumber())} shares, less than one whole share, and ${accountLabel} takes only whole shares of ${symbol}.`,
      );
    }
    const note = rounded.eq(exact)
      ? `${words} = ${sharesInWords(rounded.toNumber())}`
      : `${words} = ${formatShares(exact.toNumber())}, rounded down to ${sharesInWords(rounded.toNumber())}${fractionable ? "" : ` (${accountLabel} takes only whole shares of ${symbol})`}`;
    return inShares(rounded, note);
  };
  switch (size.kind) {
    case "all":
      if (side === "buy") return refused("Say how many shares or how much money to buy.");
      if (held.lte(0)) return refused(`${accountLabel} holds no ${symbol}.`);
      return derived(held, `All ${formatShares(input.held)} ${symbol} in ${accountLabel}`);
    case "fraction": {
      if (side === "buy") return refused("Say how many shares or how much money to buy.");
      const fraction = new Decimal(size.fraction);
      if (fraction.lte(0) || fraction.gt(1)) {
        return refused("A fraction to sell must be more than 0 and at most all of it.");
      }
      return derived(
        held.times(fraction),
        `${fractionInWords(fraction)} of the ${formatShares(input.held)} ${symbol} in ${accountLabel}`,
      );
    }
    case "shares": {
      const quantity = new Decimal(size.quantity);
      if (quantity.lte(0)) return refused(`The number of shares to ${side} must be more than zero.`);
      if (input.fractionable === false && !quantity.isInteger()) {
        return refused(
          `${accountLabel} takes only whole shares of ${symbol}; ${formatShares(size.quantity)} is not a whole number. Say ${quantity.floor().gt(0) ? `${quantity.floor().toString()} or ` : ""}${quantity.ceil().toString()}.`,
        );
      }
      if (quantity.decimalPlaces() > shareDecimals) {
        return refused(
          `Brokers take at most ${shareDecimals} decimals of a share; ${quantity.toString()} has more. Say ${quantity.toDecimalPlaces(shareDecimals, Decimal.ROUND_DOWN).toString()} for example.`,
        );
      }
      return inShares(quantity, null, mayRefuseFractions(!quantity.isInteger()));
    }
    case "dollars": {
      const notional = new Decimal(size.notional);
      if (notional.lte(0)) return refused(`The amount to ${side} must be more than zero.`);
      if (notional.decimalPlaces() > 2) {
        return refused(`A dollar amount is sent in whole cents; ${notional.toString()} has more.`);
      }
      if (notional.lt(minimumNotional)) {
        return refused(`The smallest dollar amount brokers take is ${formatMoney(minimumNotional)}.`);
      }
      if (input.fractionable === false) {
        return refused(
          `${accountLabel} cannot trade ${symbol} by dollar amount (it takes only whole shares); say a number of shares instead.`,
        );
      }
      return {
        kind: "sized",
        order: {
          quantity: null,
          notional: notional.toNumber(),
          basis: null,
          warnings: mayRefuseFractions(true),
        },
      };
    }
  }
}

/** "<account> holds <n> <symbol>": how a refusal names the holding a sell is checked against. */
function holdingOf(input: Pick<SizingInput, "accountLabel" | "held" | "symbol">): string {
  return `${input.accountLabel} holds ${formatShares(input.held)} ${input.symbol}`;
}

/**
 * Why a dollar sell cannot be sent at the broker's current price (more than the holding is
 * worth), or null. Checked once the quote is in, after `sizeOrder` has accepted the size.
 */
export function beyondHoldingAtPrice(
  input: Pick<SizingInput, "side" | "size" | "symbol" | "accountLabel" | "held">,
  price: number,
): string | null {
  const { side, size, held } = input;
  if (side !== "sell" || size.kind !== "dollars") return null;
  const worth = new Decimal(held).times(price);
  if (new Decimal(size.notional).lte(worth)) return null;
  return `${holdingOf(input)}, worth about ${formatMoney(worth.toDecimalPlaces(2).toNumber())}, less than the ${formatMoney(size.notional)} asked for.`;
}
