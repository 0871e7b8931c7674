import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPglite, type TestDatabase } from "../../../../test/helpers/databases.js";
import { FakeBrokers, fakeAccount, fakePosition } from "../../../../test/helpers/portfolio-fakes.js";
import { newUserId, startPortfolioHarness } from "../../../../test/helpers/portfolio-module.js";

/** The portfolio HTTP routes with fake brokers: linking, reads, bad input, and user isolation. */
describe("portfolio routes", () => {
  let db: TestDatabase;
  let fakes: FakeBrokers;
  let harness: Awaited<ReturnType<typeof startPortfolioHarness>>;
  const alice = newUserId();
  const bob = newUserId();
  const aliceSnap = fakeAccount("snaptrade", "alice-1", {
    connectionId: "alice-conn",
    institution: "Vanguard",
    numberMasked: "••••7777",
  });
  const aliceAlpaca = fakeAccount("alpaca", "alice-paper");
  const alicePlaid = fakeAccount("plaid", "alice-vg", {
    connectionId: "item-alice",
    institution: "Vanguard",
    numberMasked: "7777",
  });

  beforeAll(async () => {
    db = await openTestPglite();
    fakes = new FakeBrokers();
    harness = await startPortfolioHarness({ db, brokers: fakes.clients });
    fakes.accounts.set(`snaptrade:${alice}`, [aliceSnap]);
    fakes.connections.set(`snaptrade:${alice}`, [
      {
        id: "alice-conn",
        brokerageName: "Vanguard",
        brokerageSlug: "VANGUARD",
        type: "trade",
        disabled: false,
        disabledAt: null,
      },
    ]);
    fakes.positions.set(aliceSnap.id, [fakePosition(aliceSnap.id, "VOO", 3, 500)]);
    fakes.alpacaSecrets.set("PKALICE0001", "alice-secret-1");
    fakes.accounts.set("alpaca:PKALICE0001", [aliceAlpaca]);
    fakes.positions.set(aliceAlpaca.id, [
      fakePosition(aliceAlpaca.id, "VOO", 1, 500),
      fakePosition(aliceAlpaca.id, "TSLA", 2, 250),
    ]);
    fakes.activities.set(aliceAlpaca.id, [
      {
        id: "t1",
        accountId: aliceAlpaca.id,
        type: "buy",
        symbol: "TSLA",
        quantity: 2,
        price: 240,
        amount: -480,
        currency: "USD",
        at: new Date(Date.now() - 5 * 86_400_000).toISOString(),
      },
      {
        id: "t2",
        accountId: aliceAlpaca.id,
        type: "deposit",
        symbol: null,
        quantity: null,
        price: null,
        amount: 2000,
        currency: "USD",
        at: new Date(Date.now() - 9 * 86_400_000).toISOString(),
      },
    ]);
    fakes.plaidPublicTokens.set("public-alice-token", "item-alice");
    fakes.accounts.set("plaid:item-alice", [alicePlaid]);
    fakes.positions.set(alicePlaid.id, [fakePosition(alicePlaid.id, "VOO", 3, 500)]);
  });
  afterAll(async () => {
    await harness.close();
    await db.close();
  });

  const post = (user: string | null, path: string, body: unknown) =>
    harness.request(user, path, { method: "POST", body: JSON.stringify(body) });
  const get = (user: string | null, path: string) => harness.request(user, path);

  it("links SnapTrade: portal URL with a signed state, the callback syncs and redirects home", async () => {
    expect((await post(null, "/api/snaptrade/connection-url", {})).status).toBe(401);
    const res = await post(alice, "/api/snaptrade/connection-url", { connectionType: "read" });
    expect(res.status).toBe(200);
    expect((await res.json()).redirectUrl).toContain("https://portal.example/connect");
    const login = fakes.loginRequests.at(-1)!;
    expect(login).toMatchObject({ userId: alice, connectionType: "read" });
    const callback = new URL(login.customRedirect);
    expect(callback.pathname).toBe("/api/snaptrade/callback");
    const back = await get(null, `${callback.pathname}${callback.search}&status=SUCCESS`);
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe("/?linked=snaptrade");
    const accounts = (await (await get(alice, "/api/accounts")).json()).accounts;
    expect(accounts.map((a: { id: string }) => a.id)).toEqual([aliceSnap.id]);
    // Asking again reuses the registration: no duplicate SnapTrade user, no duplicate rows.
    await post(alice, "/api/snaptrade/connection-url", {});
    await get(null, `${callback.pathname}${callback.search}`);
    expect(fakes.count("snaptrade.registerUser")).toBe(1);
    expect((await (await get(alice, "/api/accounts")).json()).accounts).toHaveLength(1);
  });

  it("a callback state works once: a replay within its life is refused and changes nothing", async () => {
    await post(alice, "/api/snaptrade/connection-url", { connectionType: "read" });
    const callback = new URL(fakes.loginRequests.at(-1)!.customRedirect);
    const first = await get(null, `${callback.pathname}${callback.search}`);
    expect(first.status).toBe(302);
    const replay = await get(null, `${callback.pathname}${callback.search}`);
    expect(replay.status).toBe(400);
    expect((await replay.json()).error.message).toMatch(/already been used|invalid or has expired/);
  });

  it("refuses forged or missing callback states with 400 and a reconnect of a foreign connection with 404", async () => {
    const forged = await get(null, "/api/snaptrade/callback?state=eyJ1IjoieCJ9.AAAA");
    expect(forged.status).toBe(400);
    expect((await forged.json()).error.message).toMatch(/invalid or has expired/);
    expect((await get(null, "/api/snaptrade/callback")).status).toBe(400);
    expect((await post(bob, "/api/snaptrade/connection-url", { reconnect: "alice-conn" })).status).toBe(404);
    expect((await post(alice, "/api/snaptrade/connection-url", { connectionType: "write" })).status).toBe(
      400,
    );
  });

  it("links Alpaca only with keys Alpaca accepts, and stores nothing otherwise", async () => {
    const bad = await post(alice, "/api/alpaca/credentials", {
      keyId: "PKALICE0001",
      secret: "wrong-secret",
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/Alpaca did not accept these API keys/);
    expect(
      (await db.pool.query("select 1 from alpaca_credentials where user_id = $1", [alice])).rows,
    ).toHaveLength(0);
    expect(
      (await post(alice, "/api/alpaca/credentials", { keyId: "PKALICE0001", secret: "x", paper: false }))
        .status,
    ).toBe(400);
    const good = await post(alice, "/api/alpaca/credentials", {
      keyId: "PKALICE0001",
      secret: "alice-secret-1",
    });
    expect(good.status).toBe(201);
    expect((await good.json()).account).toMatchObject({
      id: aliceAlpaca.id,
      provider: "alpaca",
      canTrade: true,
    });
    const sealed = (
      await db.pool.query<{ s: string }>(
        "select secret_encrypted as s from alpaca_credentials where user_id = $1",
        [alice],
      )
    ).rows[0]?.s;
    expect(sealed).not.toContain("alice-secret-1");
    // The same account linked by another user is refused.
    fakes.alpacaSecrets.set("PKBOB000001", "bob-secret-01");
    fakes.accounts.set("alpaca:PKBOB000001", [aliceAlpaca]);
    expect(
      (await post(bob, "/api/alpaca/credentials", { keyId: "PKBOB000001", secret: "bob-secret-01" })).status,
    ).toBe(409);
  });

  it.each([
    ["a control character in keyId", { keyId: "PKALICE\u00010001", secret: "alice-secret-1" }, /keyId/],
    ["a NUL byte in the secret", { keyId: "PKALICE0001", secret: "alice\u0000secret-1" }, /secret/],
    ["a space inside keyId", { keyId: "PKALICE 0001", secret: "alice-secret-1" }, /keyId/],
  ])("refuses Alpaca keys with %s at the edge (400), before any broker call", async (_label, body, field) => {
    const res = await post(alice, "/api/alpaca/credentials", body);
    expect(res.status).toBe(400);
    const error = (await res.json()).error;
    expect(error.code).toBe("invalid_request");
    expect(error.message).toMatch(field);
  });

  it("exchanges a Plaid token; a Plaid copy of a SnapTrade account is not counted twice", async () => {
    expect((await post(alice, "/api/plaid/exchange", { publicToken: "public-unknown" })).status).toBe(400);
    const res = await post(alice, "/api/plaid/exchange", { publicToken: "public-alice-token" });
    expect(res.status).toBe(201);
    expect((await res.json()).accounts.map((a: { id: string }) => a.id)).toEqual([alicePlaid.id]);
    const holdings = await (await get(alice, "/api/holdings")).json();
    expect(holdings.accounts.map((a: { id: string }) => a.id).sort()).toEqual(
      [aliceAlpaca.id, aliceSnap.id].sort(),
    );
    // 3 VOO live at Vanguard (the Plaid copy not counted twice); the Alpaca paper share is apart.
    expect(
      holdings.positions
        .filter((p: { symbol: string }) => p.symbol === "VOO")
        .map((p: { isPaper: boolean; quantity: number }) => [p.isPaper, p.quantity]),
    ).toEqual([
      [false, 3],
      [true, 1],
    ]);
    const mode = await (await get(alice, "/api/portfolio/mode")).json();
    expect(mode).toEqual({
      mode: "hybrid",
      hasAlpaca: true,
      hasSnaptrade: true,
      hasPlaid: true,
      tradingAccounts: [aliceAlpaca.id, aliceSnap.id],
    });
  });

  it("lists transactions newest first, validates the query, and 404s an unknown account", async () => {
    const res = await get(alice, `/api/transactions?accountId=${aliceAlpaca.id}`);
    expect(res.status).toBe(200);
    expect((await res.json()).transactions.map((t: { id: string }) => t.id)).toEqual(["t1", "t2"]);
    expect((await get(alice, "/api/transactions?accountId=alpaca_nope")).status).toBe(404);
    expect((await get(alice, "/api/transactions?from=yesterday")).status).toBe(400);
    expect((await get(alice, "/api/transactions?from=2025-02-01&to=2025-01-01")).status).toBe(400);
  });

  it("keeps value history: today's snapshot plus estimates for newly linked accounts", async () => {
    const res = await get(alice, "/api/portfolio/history?period=1M");
    expect(res.status).toBe(200);
    const history = await res.json();
    expect(history.period).toBe("1M");
    expect(history.points.length).toBeGreaterThan(2);
    expect(typeof history.change).toBe("number");
    expect((await get(alice, "/api/portfolio/history?period=2Y")).status).toBe(400);
  });

  it("refresh answers the accounts after a sync", async () => {
    const res = await post(alice, "/api/snaptrade/refresh", {});
    expect(res.status).toBe(200);
    expect((await res.json()).accounts).toHaveLength(2);
    expect(fakes.count("snaptrade.refreshConnection")).toBe(1);
  });

  it("isolates users on every route", async () => {
    expect((await (await get(bob, "/api/accounts")).json()).accounts).toEqual([]);
    const holdings = await (await get(bob, "/api/holdings")).json();
    expect(holdings).toMatchObject({ totalValue: 0, positions: [], accounts: [], warnings: [] });
    expect(await (await get(bob, "/api/portfolio/mode")).json()).toEqual({
      mode: "none",
      hasAlpaca: false,
      hasSnaptrade: false,
      hasPlaid: false,
      tradingAccounts: [],
    });
    expect((await get(bob, `/api/transactions?accountId=${aliceAlpaca.id}`)).status).toBe(404);
    expect((await (await get(bob, "/api/transactions")).json()).transactions).toEqual([]);
    expect((await (await get(bob, "/api/portfolio/history?period=ALL")).json()).points).toEqual([]);
    expect((await (await post(bob, "/api/snaptrade/refresh", {})).json()).accounts).toEqual([]);
  });

  it("documents every portfolio route in the OpenAPI document", async () => {
    const doc = await (await get(null, "/openapi.json")).json();
    for (const path of [
      "/api/snaptrade/connection-url",
      "/api/snaptrade/callback",
      "/api/snaptrade/webhook",
      "/api/snaptrade/refresh",
      "/api/alpaca/credentials",
      "/api/plaid/exchange",
      "/api/accounts",
      "/api/holdings",
      "/api/portfolio/mode",
      "/api/transactions",
      "/api/portfolio/history",
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
