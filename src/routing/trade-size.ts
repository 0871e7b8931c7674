import type { TradeAmount } from "./types.js";
import { formatMoney, formatShares } from "./wording.js";

export interface ResolvedSize {
  quantity: number | null;
  notional: number | null;
  estimatedAmount: number | null;
  warnings: string[];
}

export type SizeResult = { kind: "sized"; size: ResolvedSize } | { kind: "refused"; reason: string };

/** Share counts are kept to 6 decimals, rounded down so a fraction never exceeds the holding. */
function floorShares(quantity: number): number {
  return Math.floor(quantity * 1e6 + 1e-6) / 1e6;
}

const tolerance = 1e-9;

/** How much to sell from an account holding `held` shares of `symbol`; never more than it holds. */
export function sellSize(
  amount: TradeAmount,
  held: number,
  symbol: string,
  label: string,
  price: number | null,
): SizeResult {
  const holdingText = `${label} holds ${formatShares(held)} ${symbol}`;
  const fromShares = (quantity: number): SizeResult => ({
    kind: "sized",
    size: {
      quantity,
      notional: null,
      estimatedAmount: price === null ? null : quantity * price,
      warnings: [],
    },
  });
  switch (amount.kind) {
    case "all":
      return fromShares(held);
    case "fraction": {
      if (!(amount.fraction > 0 && amount.fraction <= 1)) {
        return { kind: "refused", reason: "A fraction to sell must be more than 0 and at most all of it." };
      }
      const quantity = floorShares(held * amount.fraction);
      if (quantity <= 0)
        return { kind: "refused", reason: `${holdingText}; that fraction rounds to nothing.` };
      return fromShares(quantity);
    }
    case "shares": {
      if (!(amount.quantity > 0))
        return { kind: "refused", reason: "The number of shares to sell must be positive." };
      if (amount.quantity > held + tolerance) {
        return {
          kind: "refused",
          reason: `${holdingText}, fewer than the ${formatShares(amount.quantity)} asked for; sell at most ${formatShares(held)}, or say "sell all".`,
        };
      }
      return fromShares(amount.quantity);
    }
    case "notional": {
      if (!(amount.notional > 0)) return { kind: "refused", reason: "The amount to sell must be positive." };
      const warnings: string[] = [];
      if (price === null) {
        warnings.push(
          `Without a current price, ${formatMoney(amount.notional)} could not be checked against the shares held.`,
        );
      } else if (amount.notional / price > held + tolerance) {
        return {
          kind: "refused",
          reason: `${holdingText}, worth about ${formatMoney(held * price)}, less than the ${formatMoney(amount.notional)} asked for.`,
        };
      }
      return {
        kind: "sized",
        size: { quantity: null, notional: amount.notional, estimatedAmount: amount.notional, warnings },
      };
    }
  }
}

/** How much to buy; "all" and fractions only make sense for selling. */
export function buySize(amount: TradeAmount, price: number | null): SizeResult {
  switch (amount.kind) {
    case "all":
    case "fraction":
      return { kind: "refused", reason: "Say how many shares or how much money to buy." };
    case "shares":
      if (!(amount.quantity > 0))
        return { kind: "refused", reason: "The number of shares to buy must be positive." };
      return {
        kind: "sized",
        size: {
          quantity: amount.quantity,
          notional: null,
          estimatedAmount: price === null ? null : amount.quantity * price,
          warnings: [],
        },
      };
    case "notional":
      if (!(amount.notional > 0)) return { kind: "refused", reason: "The amount to buy must be positive." };
      return {
        kind: "sized",
        size: { quantity: null, notional: amount.notional, estimatedAmount: amount.notional, warnings: [] },
      };
  }
}
