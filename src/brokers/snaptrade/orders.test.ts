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
    [undefined, "accepted"],
  ])("%s -> %s", (status, expected) => {
    expect(statusFromSnaptrade(status)).toBe(expected);
  });
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
