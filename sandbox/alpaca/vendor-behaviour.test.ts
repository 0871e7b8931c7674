import { ApiError, PermissionError, ValidationError } from "@alpacahq/alpaca-trade-api";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RunningSandbox } from "../server.js";
import { type AlpacaKeys, alpacaApis } from "../testing/alpaca-client.js";
import { admin, startTestSandbox } from "../testing/harness.js";

/** Alpaca's habits the convenient sandbox hid, each behind a switch (world/behaviour.ts), through the 4.x SDK. */
let sandbox: RunningSandbox;
let keys: AlpacaKeys;
let accountId: string;
let api: ReturnType<typeof alpacaApis>;

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

const behave = (behaviour: Record<string, unknown>) => admin(sandbox, "/config", { behaviour });
const statusOf = async (id: string | undefined) =>
  (await api.orders.getOrderByOrderID({ orderId: id ?? "" })).status;

beforeAll(async () => {
  sandbox = await startTestSandbox({ behaviour: { workingFillMs: 1_000 } });
  const seeded = await admin(sandbox, "/seed", {
    users: [
      {
        email: "vendor-alpaca@example.com",
        alpaca: {
          cash: 10_000,
          positions: [{ symbol: "KO", units: 10, avgPrice: 50 }],
          optionPositions: [
            { underlying: "AAPL", type: "call", strike: 250, expiration: "2026-12-18", units: 2, price: 5.5 },
          ],
        },
      },
    ],
    prices: { KO: 60, AAPL: 200, INTC: 30, NVDA: 100 },
  });
  const body = (await seeded.json()) as { users: { alpaca: AlpacaKeys & { accountId: string } }[] };
  const alpaca = body.users[0]!.alpaca;
  keys = { keyId: alpaca.keyId, secret: alpaca.secret };
  accountId = alpaca.accountId;
  api = alpacaApis(sandbox.url, keys);
});
afterAll(() => sandbox.close());

describe("Alpaca habits in the sandbox (real SDK)", () => {
  it("answers a limit order pending_new, keeps it new, and fills it later (fills: working)", async () => {
    const order = await api.orders.limit({ symbol: "KO", qty: 1, side: "buy", limitPrice: 61 });
    expect(order.status).toBe("pending_new");
    expect(order.filledQty).toBe("0");
    expect(await statusOf(order.id)).toBe("new");
    await vi.waitFor(
      async () => {
        const filled = await api.orders.getOrderByOrderID({ orderId: order.id ?? "" });
        expect(filled).toMatchObject({ status: "filled", filledAvgPrice: "60" });
      },
      { timeout: 5_000, interval: 100 },
    );
  });

  it("delays an even share of market orders (delayedMarketShare: 0.5 picks every second one)", async () => {
    await behave({ delayedMarketShare: 0.5 });
    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(String((await api.orders.market({ symbol: "INTC", qty: 1, side: "buy" })).status));
    }
    expect(statuses.filter((s) => s === "filled")).toHaveLength(2);
    expect(statuses.filter((s) => s === "pending_new")).toHaveLength(2);
    await behave({ delayedMarketShare: 0.25 });
  });

  it("fills every order of 2+ shares in slices over time (partialFills: always)", async () => {
    await behave({ partialFills: "always", fills: "instant" });
    const order = await api.orders.market({ symbol: "INTC", qty: 4, side: "buy" });
    expect(order.status).toBe("partially_filled");
    expect(order.filledQty).toBe("2");
    await vi.waitFor(
      async () => {
        const done = await api.orders.getOrderByOrderID({ orderId: order.id ?? "" });
        expect(done).toMatchObject({ status: "filled", filledQty: "4" });
      },
      { timeout: 5_000, interval: 50 },
    );
    await behave({ partialFills: "large", fills: "working" });
  });

  it("shows any of Alpaca's statuses an order can take (admin vendor-status)", async () => {
    for (const status of [
      "accepted_for_bidding",
      "done_for_day",
      "calculated",
      "pending_cancel",
      "replaced",
    ]) {
      const order = await api.orders.limit({ symbol: "KO", qty: 1, side: "buy", limitPrice: 1 });
      const set = await admin(sandbox, `/orders/${order.id}/vendor-status`, { status });
      expect(set.status).toBe(200);
      expect(await statusOf(order.id)).toBe(status);
    }
    const order = await api.orders.limit({ symbol: "KO", qty: 1, side: "buy", limitPrice: 1 });
    expect((await admin(sandbox, `/orders/${order.id}/vendor-status`, { status: "EXECUTED" })).status).toBe(
      400,
    );
  });

  it("checks a market buy against buying power at the price plus its collar (4 % under $50)", async () => {
    const account = await api.accounts.getAccount();
    const power = Number(account.buyingPower);
    // Fits at $30 a share, not at $31.20 (30 + 4 %).
    const shares = Math.floor(power / 30.6);
    expect(shares * 30).toBeLessThanOrEqual(power);
    expect(shares * 31.2).toBeGreaterThan(power);
    const refused = await failure(api.orders.market({ symbol: "INTC", qty: shares, side: "buy" }));
    expect(refused).toBeInstanceOf(PermissionError);
    expect(refused.message).toContain("insufficient buying power");
    // A limit order at the market is checked at its limit.
    const limit = await api.orders.limit({ symbol: "INTC", qty: shares, side: "buy", limitPrice: 30 });
    expect(limit.status).toBe("pending_new");
    await api.orders.deleteOrderByOrderID({ orderId: limit.id ?? "" });
    await behave({ alpacaPriceCollar: false });
    const accepted = await api.orders.market({ symbol: "INTC", qty: shares, side: "buy" });
    expect(accepted.id).toBeTruthy();
    await api.orders.deleteOrderByOrderID({ orderId: accepted.id ?? "" }).catch(() => {});
    await behave({ alpacaPriceCollar: true });
  });

  it("lists option positions: price per share, value with the multiplier", async () => {
    const positions = await api.positions.getAllOpenPositions();
    const option = positions.find((p) => p.symbol === "AAPL261218C00250000");
    expect(option).toMatchObject({
      assetClass: "us_option",
      qty: "2",
      currentPrice: "5.5",
      marketValue: "1100.00",
    });
  });

  it("refuses orders of an account that is not ACTIVE or whose owner suspended trading", async () => {
    await admin(sandbox, `/accounts/${accountId}/settings`, { tradeSuspendedByUser: true });
    expect((await api.accounts.getAccount()).tradeSuspendedByUser).toBe(true);
    const suspended = await failure(api.orders.market({ symbol: "KO", qty: 1, side: "buy" }));
    expect(suspended.status).toBe(403);
    await admin(sandbox, `/accounts/${accountId}/settings`, {
      tradeSuspendedByUser: false,
      alpacaStatus: "ACCOUNT_UPDATED",
    });
    expect(String((await api.accounts.getAccount()).status)).toBe("ACCOUNT_UPDATED");
    expect((await failure(api.orders.market({ symbol: "KO", qty: 1, side: "buy" }))).status).toBe(403);
    await admin(sandbox, `/accounts/${accountId}/settings`, { alpacaStatus: "ACTIVE" });
  });

  it("refuses a list limit over 500, as the spec does", async () => {
    const error = await failure(api.orders.getAllOrders({ status: "all", limit: 501 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(422);
    expect(await api.orders.getAllOrders({ status: "all", limit: 500 })).toBeInstanceOf(Array);
  });

  it("counts the rate-limit budget down on every answer (X-RateLimit-Remaining)", async () => {
    const remaining: number[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${sandbox.url}/v2/account`, {
        headers: { "APCA-API-KEY-ID": keys.keyId, "APCA-API-SECRET-KEY": keys.secret },
      });
      expect(response.headers.get("x-ratelimit-limit")).toBe("200");
      remaining.push(Number(response.headers.get("x-ratelimit-remaining")));
      expect(Number(response.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    }
    expect(remaining[1]).toBe(remaining[0]! - 1);
    expect(remaining[2]).toBe(remaining[0]! - 2);
  });
});
