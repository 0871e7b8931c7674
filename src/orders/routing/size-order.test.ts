import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cardText } from "../card.js";
import { orderSpecSchema } from "../contract/index.js";
import { beyondHoldingAtPrice, type SizingInput, sizeOrder } from "./size-order.js";

const base: SizingInput = {
  side: "sell",
  size: { kind: "shares", quantity: 1 },
  symbol: "TSLA",
  accountLabel: "Robinhood Individual",
  held: 10,
  fractionable: true,
};
const size = (over: Partial<SizingInput>) => sizeOrder({ ...base, ...over });

describe("sizing an order to the broker's rules", () => {
  it.each([
    ["exactly the holding", { size: { kind: "shares", quantity: 10 } }, { quantity: 10 }],
    [
      "all",
      { size: { kind: "all" } },
      { quantity: 10, basis: "All 10 TSLA in Robinhood Individual = 10 shares" },
    ],
    [
      "half of 3 (fractional)",
      { held: 3, size: { kind: "fraction", fraction: 0.5 } },
      { quantity: 1.5, basis: "half of the 3 TSLA in Robinhood Individual = 1.5 shares" },
    ],
    [
      "half of 25 in whole shares",
      { held: 25, fractionable: false, size: { kind: "fraction", fraction: 0.5 } },
      {
        quantity: 12,
        basis:
          "half of the 25 TSLA in Robinhood Individual = 12.5, rounded down to 12 shares (Robinhood Individual takes only whole shares of TSLA)",
      },
    ],
    [
      "a third rounds down to 6 decimals",
      { held: 1, size: { kind: "fraction", fraction: 1 / 3 } },
      { quantity: 0.333333 },
    ],
    [
      "dollars within the holding",
      { size: { kind: "dollars", notional: 300 } },
      { quantity: null, notional: 300 },
    ],
    [
      "a buy in dollars",
      { side: "buy", held: 0, size: { kind: "dollars", notional: 25.5 } },
      { notional: 25.5 },
    ],
  ] as const)("%s", (_name, over, expected) => {
    const result = size(over as Partial<SizingInput>);
    expect(result.kind).toBe("sized");
    if (result.kind === "sized") expect(result.order).toMatchObject(expected);
  });

  it.each([
    [
      "one share more than held",
      { size: { kind: "shares", quantity: 11 } },
      /holds 10 TSLA, fewer than the 11 asked for/,
    ],
    [
      "a millionth more than held",
      { size: { kind: "shares", quantity: 10.000001 } },
      /fewer than the 10.000001/,
    ],
    ["zero shares", { size: { kind: "shares", quantity: 0 } }, /more than zero/],
    ["negative shares", { size: { kind: "shares", quantity: -5 } }, /more than zero/],
    ["negative dollars", { size: { kind: "dollars", notional: -5 } }, /more than zero/],
    [
      "more precision than brokers take",
      { size: { kind: "shares", quantity: 1.0000001 } },
      /at most 6 decimals/,
    ],
    [
      "a fraction of a whole-share security",
      { fractionable: false, size: { kind: "shares", quantity: 1.5 } },
      /only whole shares.*Say 1 or 2/,
    ],
    [
      "dollars of a whole-share security",
      { fractionable: false, size: { kind: "dollars", notional: 50 } },
      /by dollar amount/,
    ],
    [
      "dollars below the minimum",
      { side: "buy", size: { kind: "dollars", notional: 0.5 } },
      /smallest dollar amount/,
    ],
    ["fractions of a cent", { side: "buy", size: { kind: "dollars", notional: 10.005 } }, /whole cents/],
    [
      "half of one whole share",
      { held: 1, fractionable: false, size: { kind: "fraction", fraction: 0.5 } },
      /less than one whole share/,
    ],
    ["a fraction above 1", { size: { kind: "fraction", fraction: 1.5 } }, /more than 0 and at most all/],
    ["a fraction of 0", { size: { kind: "fraction", fraction: 0 } }, /more than 0 and at most all/],
    ["buy all", { side: "buy", size: { kind: "all" } }, /how many shares or how much money to buy/],
    ["sell all of nothing", { held: 0, size: { kind: "all" } }, /holds no TSLA/],
  ] as const)("refuses %s", (_name, over, reason) => {
    const result = size(over as Partial<SizingInput>);
    expect(result).toMatchObject({ kind: "refused" });
    if (result.kind === "refused") expect(result.reason).toMatch(reason);
  });

  it("when the broker does not say whether it takes fractions: derived sizes stay whole, asked ones are sent with a warning", () => {
    const half = size({ held: 25, fractionable: null, size: { kind: "fraction", fraction: 0.5 } });
    expect(half).toMatchObject({ kind: "sized", order: { quantity: 12, warnings: [] } });
    const dollars = size({ side: "buy", fractionable: null, size: { kind: "dollars", notional: 500 } });
    expect(dollars).toMatchObject({ kind: "sized", order: { notional: 500 } });
    if (dollars.kind === "sized")
      expect(dollars.order.warnings[0]).toMatch(/did not say whether it takes fractional/);
    const whole = size({ fractionable: null, size: { kind: "shares", quantity: 2 } });
    expect(whole).toMatchObject({ kind: "sized", order: { quantity: 2, warnings: [] } });
  });

  it("never sells more than held, never a non-positive size, and the card states exactly the size sent", () => {
    const decimals = (max: number, places: number) =>
      fc.integer({ min: 0, max: max * 10 ** places }).map((n) => n / 10 ** places);
    fc.assert(
      fc.property(
        decimals(1_000, 6),
        decimals(5_000, 2).filter((p) => p >= 1),
        fc.constantFrom(true, false, null),
        fc.oneof(
          decimals(2_000, 7).map((quantity) => ({ kind: "shares" as const, quantity })),
          decimals(20_000, 3).map((notional) => ({ kind: "dollars" as const, notional })),
          fc.constant({ kind: "all" as const }),
          fc
            .double({ min: -1, max: 2, noNaN: true })
            .map((fraction) => ({ kind: "fraction" as const, fraction })),
        ),
        (held, price, fractionable, requested) => {
          const input = { ...base, held, fractionable, size: requested };
          const result = sizeOrder(input);
          if (result.kind === "refused" || beyondHoldingAtPrice(input, price)) return;
          const { quantity, notional } = result.order;
          if (quantity !== null) {
            expect(quantity).toBeGreaterThan(0);
            expect(quantity).toBeLessThanOrEqual(held);
            const derived = requested.kind === "all" || requested.kind === "fraction";
            if (fractionable === false || (fractionable === null && derived))
              expect(Number.isInteger(quantity)).toBe(true);
          } else {
            expect(notional!).toBeGreaterThanOrEqual(1);
            expect(notional!).toBeLessThanOrEqual(held * price + 1e-9);
          }
          const spec = orderSpecSchema.parse({
            symbol: "TSLA",
            description: "",
            side: "sell",
            quantity,
            notional,
            orderType: "market",
            limitPrice: null,
            stopPrice: null,
            timeInForce: "day",
          });
          const text = cardText({
            kind: "order",
            spec,
            account: {
              id: "a",
              provider: "alpaca",
              institution: "Alpaca",
              name: "Live",
              numberMasked: "",
              isPaper: false,
            },
            estimate: {
              price,
              priceSource: "test",
              asOf: "",
              amount: result.order.notional ?? new Decimal(quantity!).times(price).toNumber(),
              amountSource: "estimate",
              fees: null,
              buyingPowerBefore: null,
              buyingPowerAfter: null,
              currency: "USD",
            },
            warnings: [],
            basis: result.order.basis,
          });
          // The size read back from the card's words is exactly the size sent.
          const match = /^Sell (?:\$([\d,.]+) worth|([\d,.]+) shares?) of TSLA/.exec(text);
          expect(match).not.toBeNull();
          const read = Number((match![1] ?? match![2])!.replaceAll(",", ""));
          expect(read).toBe(quantity ?? notional);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("sizing: each boundary and each sentence", () => {
  it.each([
    [0.25, "a quarter of the 8 TSLA in Robinhood Individual = 2 shares"],
    [0.75, "three quarters of the 8 TSLA in Robinhood Individual = 6 shares"],
    [0.5, "half of the 8 TSLA in Robinhood Individual = 4 shares"],
    [0.1, "10% of the 8 TSLA in Robinhood Individual = 0.8 shares"],
    [1, "100% of the 8 TSLA in Robinhood Individual = 8 shares"],
  ])("a fraction of %s is named as such on the card", (fraction, basis) => {
    expect(size({ held: 8, size: { kind: "fraction", fraction } })).toMatchObject({
      kind: "sized",
      order: { basis },
    });
  });

  it.each([0, -0.5, 1.01, 2])("a fraction of %s is refused", (fraction) => {
    expect(size({ size: { kind: "fraction", fraction } })).toEqual({
      kind: "refused",
      reason: "A fraction to sell must be more than 0 and at most all of it.",
    });
  });

  it.each([0, -5, -0.000001])("%s shares is refused, to buy and to sell", (quantity) => {
    for (const side of ["buy", "sell"] as const) {
      expect(size({ side, size: { kind: "shares", quantity } })).toEqual({
        kind: "refused",
        reason: `The number of shares to ${side} must be more than zero.`,
      });
    }
  });

  it("a sell of exactly what is held is sized; one share (or a millionth) more is refused", () => {
    expect(size({ held: 10, size: { kind: "shares", quantity: 10 } })).toMatchObject({
      order: { quantity: 10 },
    });
    expect(size({ held: 10, size: { kind: "shares", quantity: 11 } })).toMatchObject({ kind: "refused" });
    expect(size({ held: 10, size: { kind: "shares", quantity: 10.000001 } })).toEqual({
      kind: "refused",
      reason:
        'Robinhood Individual holds 10 TSLA, fewer than the 10.000001 asked for; sell at most 10, or say "sell all".',
    });
  });

  it("a dollar sell worth more than the holding at the quoted price is refused once the price is known", () => {
    const sell = { ...base, size: { kind: "dollars", notional: 1000.01 } } as const;
    expect(size(sell)).toMatchObject({ kind: "sized", order: { notional: 1000.01 } });
    expect(beyondHoldingAtPrice(sell, 100)).toBe(
      "Robinhood Individual holds 10 TSLA, worth about $1,000.00, less than the $1,000.01 asked for.",
    );
    expect(beyondHoldingAtPrice({ ...sell, size: { kind: "dollars", notional: 1000 } }, 100)).toBeNull();
    expect(beyondHoldingAtPrice({ ...sell, side: "buy" }, 100)).toBeNull();
    expect(beyondHoldingAtPrice({ ...sell, size: { kind: "shares", quantity: 11 } }, 100)).toBeNull();
  });

  it("a buy is not limited by what the account holds", () => {
    expect(size({ side: "buy", held: 0, size: { kind: "shares", quantity: 50 } })).toMatchObject({
      kind: "sized",
      order: { quantity: 50 },
    });
  });

  it("'all' and a fraction are for sells; a buy must say how much", () => {
    for (const request of [{ kind: "all" }, { kind: "fraction", fraction: 0.5 }] as const) {
      expect(size({ side: "buy", size: request })).toEqual({
        kind: "refused",
        reason: "Say how many shares or how much money to buy.",
      });
    }
  });

  it("a fraction of a tiny holding that rounds to nothing says how small it is", () => {
    expect(size({ held: 0.000001, size: { kind: "fraction", fraction: 0.5 } })).toEqual({
      kind: "refused",
      reason: "half of the 0.000001 TSLA in Robinhood Individual comes to less than 0.000001 share.",
    });
  });

  it("a rounded-down fraction where fractions are taken does not claim whole shares only", () => {
    const sized = size({ held: 1, size: { kind: "fraction", fraction: 1 / 3 } });
    expect(sized).toMatchObject({
      order: {
        basis:
          "33.3333% of the 1 TSLA in Robinhood Individual = 0.3333333333333333, rounded down to 0.333333 shares",
      },
    });
  });

  it("a fraction of a share where only whole shares are taken names the whole numbers around it", () => {
    expect(size({ fractionable: false, size: { kind: "shares", quantity: 2.5 } })).toEqual({
      kind: "refused",
      reason: "Robinhood Individual takes only whole shares of TSLA; 2.5 is not a whole number. Say 2 or 3.",
    });
    expect(size({ fractionable: false, size: { kind: "shares", quantity: 0.5 } })).toEqual({
      kind: "refused",
      reason: "Robinhood Individual takes only whole shares of TSLA; 0.5 is not a whole number. Say 1.",
    });
  });

  it("warns that a fraction may be refused only when the broker did not say it takes them", () => {
    expect(size({ fractionable: null, size: { kind: "shares", quantity: 1.5 } })).toMatchObject({
      order: { warnings: [expect.stringMatching(/did not say whether it takes fractional shares/)] },
    });
    expect(size({ fractionable: true, size: { kind: "shares", quantity: 1.5 } })).toMatchObject({
      order: { warnings: [] },
    });
    expect(size({ fractionable: null, size: { kind: "shares", quantity: 2 } })).toMatchObject({
      order: { warnings: [] },
    });
  });
});
