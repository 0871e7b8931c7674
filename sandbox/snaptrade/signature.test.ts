import { SnaptradeError } from "snaptrade-typescript-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SNAPTRADE_CLIENT_ID, DEFAULT_SNAPTRADE_CONSUMER_KEY } from "../defaults.js";
import type { RunningSandbox } from "../server.js";
import { admin, movableClock, registerAndConnect, startTestSandbox } from "../testing/harness.js";
import { type SignedFetchInput, signedFetch } from "../testing/independent-signer.js";
import { snaptradeClient } from "../testing/snaptrade-client.js";

let sandbox: RunningSandbox;
let userSecret: string;
const userId = "signature-user";
const clock = movableClock();

const call = (overrides: Partial<SignedFetchInput> = {}) =>
  signedFetch({
    baseUrl: sandbox.url,
    consumerKey: DEFAULT_SNAPTRADE_CONSUMER_KEY,
    clientId: DEFAULT_SNAPTRADE_CLIENT_ID,
    method: "GET",
    path: "/accounts",
    params: { userId, userSecret },
    ...overrides,
  });

const UNVERIFIED = { default_detail: "Unable to verify signature sent", default_code: 1076 };

beforeAll(async () => {
  sandbox = await startTestSandbox({ now: clock.now });
  ({ userSecret } = await registerAndConnect(snaptradeClient(sandbox.url), userId));
});
afterAll(() => sandbox.close());

describe("SnapTrade request signatures (independent signer, raw fetch)", () => {
  it("accepts a correctly signed request", async () => {
    const response = await call();
    expect(response.status).toBe(200);
    expect(((await response.json()) as unknown[]).length).toBe(1);
  });

  it("accepts a signed POST whose nested body keys arrive unsorted", async () => {
    const accounts = (await (await call()).json()) as { id: string }[];
    const response = await call({
      method: "POST",
      path: `/accounts/${accounts[0]?.id}/symbols`,
      body: { substring: "micro", z: { b: 1, a: [{ d: 1, c: 2 }] } },
    });
    expect(response.status).toBe(200);
  });

  it("refuses a wrong consumer key with 401", async () => {
    const response = await call({ consumerKey: "not-the-key" });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(UNVERIFIED);
  });

  it("refuses a signature with one changed byte", async () => {
    const response = await call({ tamper: (s) => (s[0] === "A" ? `B${s.slice(1)}` : `A${s.slice(1)}`) });
    expect(response.status).toBe(401);
  });

  it("refuses a body changed after signing", async () => {
    const signed = await import("../testing/independent-signer.js");
    const query = new URLSearchParams({
      clientId: DEFAULT_SNAPTRADE_CLIENT_ID,
      timestamp: String(Math.round(Date.now() / 1000)),
    });
    const signature = signed.independentSignature(
      DEFAULT_SNAPTRADE_CONSUMER_KEY,
      "/symbols",
      query.toString(),
      { substring: "AAPL" },
    );
    const response = await fetch(`${sandbox.url}/snaptrade/symbols?${query}`, {
      method: "POST",
      headers: { Signature: signature, "content-type": "application/json" },
      body: JSON.stringify({ substring: "AAPM" }),
    });
    expect(response.status).toBe(401);
  });

  it("refuses an unknown clientId and a stale timestamp", async () => {
    expect((await call({ clientId: "SOMEONE-ELSE" })).status).toBe(401);
    const query = new URLSearchParams({
      clientId: DEFAULT_SNAPTRADE_CLIENT_ID,
      userId,
      userSecret,
      timestamp: "1000000000",
    });
    const signed = await import("../testing/independent-signer.js");
    const signature = signed.independentSignature(
      DEFAULT_SNAPTRADE_CONSUMER_KEY,
      "/accounts",
      query.toString(),
      undefined,
    );
    const response = await fetch(`${sandbox.url}/snaptrade/accounts?${query}`, {
      headers: { Signature: signature },
    });
    expect(response.status).toBe(401);
  });

  it("signs with the SDK and fails with the SDK when the key is wrong", async () => {
    const wrong = snaptradeClient(sandbox.url, 2000, "wrong-key");
    const error = await wrong.accountInformation
      .listUserAccounts({ userId, userSecret })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnaptradeError);
    expect((error as SnaptradeError).status).toBe(401);
    expect((error as SnaptradeError).responseBody).toEqual(UNVERIFIED);
  });

  it("answers rateLimit faults with SnapTrade's 429 body and headers (raw fetch: the SDK would retry 35 s)", async () => {
    await admin(sandbox, "/faults", { target: "snaptrade.accounts", mode: "rateLimit" });
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.headers.get("x-ratelimit-reset")).toBe("1");
    expect(await limited.json()).toEqual({
      detail: "Request was throttled. Expected available in 1 seconds.",
      status_code: 429,
      code: "throttled",
    });
    expect((await call()).status).toBe(200);
  });
});

describe("SnapTrade trade ids expire after five minutes", () => {
  it("refuses to place an impact older than 5 minutes", async () => {
    const client = snaptradeClient(sandbox.url);
    const { data: accounts } = await client.accountInformation.listUserAccounts({ userId, userSecret });
    const impact = await client.trading.getOrderImpact({
      userId,
      userSecret,
      account_id: accounts[0]?.id ?? "",
      action: "BUY",
      universal_symbol_id: sandbox.world.catalogue.find("AAPL")?.id ?? "",
      order_type: "Market",
      time_in_force: "Day",
      units: 1,
    });
    clock.advance(5 * 60_000 + 1000);
    const error = await client.trading
      .placeOrder({ tradeId: impact.data.trade?.id ?? "", userId, userSecret })
      .catch((e: unknown) => e as SnaptradeError);
    expect(error).toBeInstanceOf(SnaptradeError);
    expect((error as SnaptradeError).status).toBe(400);
    expect(JSON.stringify((error as SnaptradeError).responseBody)).toContain("expired");
    expect(sandbox.world.orders.size).toBe(0);
  });
});
