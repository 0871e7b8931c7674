import { type ApiError, FetchError, RateLimitError } from "@alpacahq/alpaca-trade-api";
import type { SnaptradeError } from "snaptrade-typescript-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ALPACA_KEY_ID, DEMO_ALPACA_SECRET, DEMO_PLAID_PUBLIC_TOKEN, DEMO_USER_ID } from "../demo.js";
import type { RunningSandbox } from "../server.js";
import { alpacaApis } from "../testing/alpaca-client.js";
import { admin, registerAndConnect, startTestSandbox } from "../testing/harness.js";
import { plaidClient } from "../testing/plaid-client.js";
import { snaptradeClient } from "../testing/snaptrade-client.js";

let sandbox: RunningSandbox;
let alpaca: ReturnType<typeof alpacaApis>;
let snaptrade: ReturnType<typeof snaptradeClient>;
let userSecret: string;
const keys = { keyId: DEMO_ALPACA_KEY_ID, secret: DEMO_ALPACA_SECRET };
const userId = DEMO_USER_ID;

const arm = (target: string, mode: string, count?: number) =>
  admin(sandbox, "/faults", { target, mode, count });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

async function firstAccount(name: string) {
  const { data } = await snaptrade.accountInformation.listUserAccounts({ userId, userSecret });
  const account = data.find((a) => a.name === name);
  if (!account) throw new Error(name);
  return account;
}

beforeAll(async () => {
  sandbox = await startTestSandbox({ demo: true, faultHoldMs: 5000 });
  alpaca = alpacaApis(sandbox.url, keys, 400);
  snaptrade = snaptradeClient(sandbox.url, 400);
  ({ userSecret } = await registerAndConnect(snaptrade, userId));
});
afterAll(() => sandbox.close());

describe("fault injection", () => {
  it("validates fault requests", async () => {
    const unknown = await arm("alpaca.nothing", "timeout");
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain(
      "unknown target",
    );
    expect((await arm("alpaca.account", "explode")).status).toBe(400);
  });

  it("timeout: the request is held past the client's timeout, then the target is normal again", async () => {
    await arm("alpaca.account", "timeout");
    const started = Date.now();
    const error = await rejection(alpaca.accounts.getAccount());
    expect(error).toBeInstanceOf(FetchError);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await alpaca.accounts.getAccount()).status).toBe("ACTIVE");
  });

  it("error500: answers the provider's 500 body, `count` times", async () => {
    await arm("snaptrade.positions", "error500", 2);
    const account = await firstAccount("Roth IRA");
    for (let i = 0; i < 2; i++) {
      const error = (await rejection(
        snaptrade.accountInformation.getAllAccountPositions({ accountId: account.id, userId, userSecret }),
      )) as SnaptradeError;
      expect(error.status).toBe(500);
      expect(error.responseBody).toEqual({ detail: "Internal server error.", status_code: 500, code: 1000 });
    }
    const ok = await snaptrade.accountInformation.getAllAccountPositions({
      accountId: account.id,
      userId,
      userSecret,
    });
    expect(ok.status).toBe(200);
    await arm("alpaca.positions", "error500");
    const alpacaError = (await rejection(alpaca.positions.getAllOpenPositions())) as ApiError;
    expect(alpacaError.status).toBe(500);
    expect(alpacaError.code).toBe(50010000);
  });

  it("rateLimit: Alpaca 429 with rate-limit headers (SnapTrade's is covered with raw fetch)", async () => {
    await arm("alpaca.createOrder", "rateLimit");
    const error = (await rejection(
      alpaca.orders.market({ symbol: "AAPL", qty: 1, side: "buy" }),
    )) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.status).toBe(429);
    expect(error.rateLimit?.remaining).toBe(0);
    const orders = (await (await admin(sandbox, "/orders")).json()) as { orders: unknown[] };
    expect(orders.orders).toHaveLength(0);
  });

  it("acceptThenTimeout (Alpaca): the order lands, the answer never comes; reconcile by client order id", async () => {
    await arm("alpaca.createOrder", "acceptThenTimeout");
    const error = await rejection(
      alpaca.orders.market({ symbol: "NVDA", qty: 2, side: "buy", clientOrderId: "cid-lost" }),
    );
    expect(error).toBeInstanceOf(FetchError);
    const orders = (await (await admin(sandbox, "/orders?provider=alpaca")).json()) as {
      orders: { clientOrderId: string; status: string }[];
    };
    expect(orders.orders).toEqual([expect.objectContaining({ clientOrderId: "cid-lost", status: "filled" })]);
    const found = await alpaca.orders.getOrderByClientOrderId({ clientOrderId: "cid-lost" });
    expect(found.status).toBe("filled");
    const retry = (await rejection(
      alpaca.orders.market({ symbol: "NVDA", qty: 2, side: "buy", clientOrderId: "cid-lost" }),
    )) as ApiError;
    expect(retry.code).toBe(40010001);
  });

  it("acceptThenTimeout (SnapTrade placeOrder): the order shows up in recent orders", async () => {
    await arm("snaptrade.placeOrder", "acceptThenTimeout");
    const account = await firstAccount("Individual Brokerage");
    const error = await rejection(
      snaptrade.trading.placeForceOrder({
        account_id: account.id,
        action: "BUY",
        symbol: "AAPL",
        order_type: "Market",
        time_in_force: "Day",
        units: 1,
        userId,
        userSecret,
      }),
    );
    expect((error as SnaptradeError).code).toBe("ECONNABORTED");
    const recent = await snaptrade.accountInformation.getUserAccountRecentOrders({
      accountId: account.id,
      onlyExecuted: false,
      userId,
      userSecret,
    });
    expect(recent.data.orders?.map((o) => o.universal_symbol?.symbol)).toEqual(["AAPL"]);
  });

  it("connectionDisabled: SnapTrade 402/3003 for `count` calls", async () => {
    await arm("snaptrade.balances", "connectionDisabled");
    const account = await firstAccount("Roth IRA");
    const error = (await rejection(
      snaptrade.accountInformation.getUserAccountBalance({ accountId: account.id, userId, userSecret }),
    )) as SnaptradeError;
    expect(error.status).toBe(402);
    expect(error.responseBody).toMatchObject({ code: 3003 });
    expect(
      (
        await snaptrade.accountInformation.getUserAccountBalance({
          accountId: account.id,
          userId,
          userSecret,
        })
      ).status,
    ).toBe(200);
  });

  it("plaid.holdings error500 and connectionDisabled answer Plaid's envelope", async () => {
    const plaid = plaidClient(sandbox.url);
    const { data } = await plaid.itemPublicTokenExchange({ public_token: DEMO_PLAID_PUBLIC_TOKEN });
    await arm("plaid.holdings", "error500");
    const failed = (await rejection(plaid.investmentsHoldingsGet({ access_token: data.access_token }))) as {
      response: { status: number; data: { error_type: string } };
    };
    expect(failed.response.status).toBe(500);
    expect(failed.response.data.error_type).toBe("API_ERROR");
    await arm("plaid.holdings", "connectionDisabled");
    const login = (await rejection(plaid.investmentsHoldingsGet({ access_token: data.access_token }))) as {
      response: { data: { error_code: string } };
    };
    expect(login.response.data.error_code).toBe("ITEM_LOGIN_REQUIRED");
  });

  it("adds the configured latency to a provider's answers", async () => {
    await admin(sandbox, "/config", { latencyMs: { alpaca: 150 } });
    const started = Date.now();
    await alpaca.clock.legacyClock();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await admin(sandbox, "/config", { latencyMs: { alpaca: 0 } });
  });

  it("closes promptly while a timeout fault holds a request", async () => {
    const other = await startTestSandbox({ demo: true });
    await fetch(`${other.url}/__sandbox/faults`, {
      method: "POST",
      body: JSON.stringify({ target: "alpaca.account", mode: "timeout" }),
    });
    const held = alpacaApis(other.url, keys, 10_000)
      .accounts.getAccount()
      .catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await held).toBeInstanceOf(Error);
  });
});
