import type { AccountOrderRecord } from "snaptrade-typescript-sdk";
import { describe, expect, it } from "vitest";
import type { OrderRequest } from "../model.js";
import { lookupAmong, statusFromSnaptrade } from "./orders.js";

describe("statusFromSnaptrade", () => {
  it.each([
    ["EXECUTED", "filled"],
    ["PARTIAL", "partially_filled"],
    ["CANCELED", "cancelled"],
    ["PARTIAL_CANCELED", "cancelled"],
    ["EXPIRED", "cancelled"],
    ["REJECTED", "rejected"],
    ["FAILED", "rejected"],
    ["PENDING", "accepted"],
    ["QUEUED", "accepted"],
    ["CANCEL_PENDING", "accepted"],
    ["PENDING_RISK_REVIEW", "accepted"],
    ["TRIGGERED", "accepted"],
    ["ACTIVATED", "accepted"],
    ["REPLACE_PENDING", "accepted"],
    ["STOPPED", "accepted"],
    ["SUSPENDED", "accepted"],
    ["CONTINGENT_ORDER", "accepted"],
    ["NONE", "accepted"],
    ["REPLACED", "needs_review"],
    [undefined, "accepted"],
  ])("%s -> %s", (status, expected) => {
    expect(statusFromSnaptrade(status)).toBe(expected);
  });

  it.each(["CANCEL_PENDING", "TRIGGERED", "ACCEPTED"])(
    "%s with shares filled is partially filled",
    (status) => {
      expect(statusFromSnaptrade(status, 2)).toBe("partially_filled");
    },
  );
});

describe("lookupAmong", () => {
  const placedAfter = new Date("2026-11-25T15:00:00Z");
  const notionalBuy: OrderRequest = {
    accountId: "snaptrade_a",
    symbol: "VOO",
    side: "buy",
    quantity: null,
    notional: 500,
    orderType: "market",
    limitPrice: null,
    stopPrice: null,
    timeInForce: "day",
    clientOrderId: "c",
  };
  const record = (overrides: Partial<AccountOrderRecord>): AccountOrderRecord => ({
    brokerage_order_id: "o1",
    status: "PENDING",
    action: "BUY",
    universal_symbol: { symbol: "VOO" } as AccountOrderRecord["universal_symbol"],
    total_quantity: null,
    order_type: "Market",
    time_placed: "2026-11-25T15:00:01Z",
    ...overrides,
  });

  it("matches a notional order whose share count is not known yet, and skips other sides, symbols and older orders", () => {
    const lookup = lookupAmong(
      [
        record({}),
        record({ brokerage_order_id: "o2", action: "SELL" }),
        record({
          brokerage_order_id: "o3",
          universal_symbol: { symbol: "VTI" } as AccountOrderRecord["universal_symbol"],
        }),
        record({ brokerage_order_id: "o4", time_placed: "2026-11-25T14:00:00Z" }),
      ],
      "snaptrade_a",
      notionalBuy,
      placedAfter,
    );
    expect(lookup).toMatchObject({ kind: "found", order: { brokerOrderId: "o1", accountId: "snaptrade_a" } });
  });
});

describe("lookupAmong with the fields the spec makes nullable", () => {
  const placedAfter = new Date("2026-11-25T15:00:00Z");
  const sharesSell: OrderRequest = {
    accountId: "snaptrade_a",
    symbol: "TSLA",
    side: "sell",
    quantity: 3,
    notional: null,
    orderType: "market",
    limitPrice: null,
    stopPrice: null,
    timeInForce: "day",
    clientOrderId: "c",
  };
  const base: AccountOrderRecord = {
    brokerage_order_id: "o1",
    status: "EXECUTED",
    action: "SELL",
    universal_symbol: { symbol: "TSLA" } as AccountOrderRecord["universal_symbol"],
    total_quantity: "3",
    order_type: "Market",
    time_placed: "2026-11-25T15:00:01Z",
  };
  const lookup = (...records: AccountOrderRecord[]) =>
    lookupAmong(records, "snaptrade_a", sharesSell, placedAfter);

  it("falls back to the legs' quantities when total_quantity is null", () => {
    expect(
      lookup({
        ...base,
        total_quantity: null,
        filled_quantity: "2",
        open_quantity: "1",
        canceled_quantity: null,
      }),
    ).toMatchObject({ kind: "found", order: { brokerOrderId: "o1" } });
    expect(lookup({ ...base, total_quantity: null, filled_quantity: "5" })).toEqual({ kind: "absent" });
  });

  it("falls back to the execution or update time when time_placed is missing", () => {
    const { time_placed: _, ...untimed } = base;
    expect(lookup({ ...untimed, time_executed: "2026-11-25T15:00:03Z" })).toMatchObject({ kind: "found" });
    expect(lookup({ ...untimed, time_updated: "2026-11-25T10:00:00Z" })).toEqual({ kind: "absent" });
  });

  it("falls back to the raw symbol when the ticker is missing", () => {
    const raw = {
      symbol: undefined,
      raw_symbol: "TSLA",
    } as unknown as AccountOrderRecord["universal_symbol"];
    expect(lookup({ ...base, universal_symbol: raw })).toMatchObject({ kind: "found" });
  });

  it("sends a record it cannot fully identify (no symbol, no side or no time) to a human, not to absent", () => {
    const { time_placed: _, ...untimed } = base;
    for (const record of [{ ...base, universal_symbol: null }, { ...base, action: undefined }, untimed]) {
      expect(lookup(record as AccountOrderRecord)).toMatchObject({
        kind: "ambiguous",
        candidates: [{ brokerOrderId: "o1" }],
      });
    }
  });

  it("still rules out a record whose known fields differ", () => {
    expect(lookup({ ...base, universal_symbol: null, action: "BUY" })).toEqual({ kind: "absent" });
  });
});
