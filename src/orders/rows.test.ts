import { describe, expect, it } from "vitest";
import { orderFromRow } from "./rows.js";

/** Mapping a driver row to an order record (database round trips are in repository.test.ts). */
describe("order rows", () => {
  const row = {
    id: "00000000-0000-4000-8000-0000000000b1",
    proposal_id: "00000000-0000-4000-8000-0000000000a1",
    user_id: "00000000-0000-4000-8000-000000000001",
    thread_id: null,
    account_id: "alpaca_live",
    provider: "alpaca",
    symbol: "NVDA",
    side: "buy",
    quantity: "0.5",
    notional: null,
    order_type: "limit",
    limit_price: "101.25",
    time_in_force: "day",
    status: "accepted",
    status_detail: null,
    broker_order_id: "alp-1",
    client_order_id: "00000000-0000-4000-8000-0000000000a1",
    filled_quantity: "0",
    created_at: new Date("2026-11-30T10:00:00.000Z"),
    updated_at: "2026-11-30T10:00:01.000Z",
  };

  it("a partial row (no stop price, fill price or bookkeeping columns) reads them as absent, not NaN, 1970 or a throw", () => {
    expect(orderFromRow(row)).toMatchObject({
      quantity: 0.5,
      notional: null,
      limitPrice: 101.25,
      stopPrice: null,
      filledQuantity: 0,
      filledAvgPrice: null,
      createdAt: "2026-11-30T10:00:00.000Z",
      updatedAt: "2026-11-30T10:00:01.000Z",
      riskNotional: 0,
      sendAttemptedAt: null,
      leaseUntil: null,
      checkAttempts: 0,
    });
  });

  it("null values read as null; set ones as numbers and ISO instants", () => {
    const read = orderFromRow({
      ...row,
      stop_price: null,
      filled_avg_price: "100.37",
      send_attempted_at: null,
      lease_until: "2026-11-30T10:01:00+00:00",
      risk_notional: "50.625",
      check_attempts: 3,
    });
    expect(read).toMatchObject({
      stopPrice: null,
      filledAvgPrice: 100.37,
      sendAttemptedAt: null,
      leaseUntil: "2026-11-30T10:01:00.000Z",
      riskNotional: 50.625,
      checkAttempts: 3,
    });
  });
});
