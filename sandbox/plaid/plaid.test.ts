import { createHash } from "node:crypto";
import { decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenApiValidator } from "../contract/openapi-validator.js";
import { specPath, specsAvailable } from "../contract/specs.js";
import { DEMO_PLAID_PUBLIC_TOKEN } from "../demo.js";
import type { RunningSandbox } from "../server.js";
import { admin, startTestSandbox } from "../testing/harness.js";
import { plaidClient } from "../testing/plaid-client.js";
import { startWebhookReceiver } from "../testing/webhook-receiver.js";

let sandbox: RunningSandbox;
let plaid: ReturnType<typeof plaidClient>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let accessToken: string;

/** The part of the SDK's AxiosError these tests read (axios is not a direct dependency). */
interface PlaidAxiosError {
  response?: {
    status: number;
    data: {
      error_type: string;
      error_code: string;
      error_message: string;
      display_message: string | null;
      request_id: string;
    };
  };
}

async function plaidFailure(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as PlaidAxiosError;
  if (!error?.response) throw new Error("expected a Plaid error response");
  return { status: error.response.status, body: error.response.data };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sandbox = await startTestSandbox({ demo: true, plaidWebhookUrl: receiver.url });
  plaid = plaidClient(sandbox.url);
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

describe("Plaid through the real SDK", () => {
  it("exchanges the demo public token once", async () => {
    const { data } = await plaid.itemPublicTokenExchange({ public_token: DEMO_PLAID_PUBLIC_TOKEN });
    expect(data.access_token).toMatch(/^access-sandbox-/);
    accessToken = data.access_token;
    const again = await plaidFailure(
      plaid.itemPublicTokenExchange({ public_token: DEMO_PLAID_PUBLIC_TOKEN }),
    );
    expect(again.status).toBe(400);
    expect(again.body.error_code).toBe("INVALID_PUBLIC_TOKEN");
  });

  it("serves investment holdings with securities and the item", async () => {
    const { data } = await plaid.investmentsHoldingsGet({ access_token: accessToken });
    expect(data.accounts).toHaveLength(1);
    expect(data.accounts[0]?.type).toBe("investment");
    expect(data.accounts[0]?.mask).toBe("0457");
    const tickers = data.holdings.map(
      (h) => data.securities.find((s) => s.security_id === h.security_id)?.ticker_symbol,
    );
    expect(tickers.sort()).toEqual(["BND", "VOO", "VTI"]);
    const voo = data.holdings.find((h) => h.quantity === 18);
    expect(voo?.institution_price).toBe(sandbox.world.prices.price("VOO"));
    expect(data.item.institution_name).toBe("Vanguard");
    expect(data.item.webhook).toBe(receiver.url);
  });

  it("serves accounts and investment transactions for a date range", async () => {
    const accounts = await plaid.accountsGet({ access_token: accessToken });
    expect(accounts.data.accounts[0]?.balances.available).toBe(2100);
    const today = new Date().toISOString().slice(0, 10);
    const { data } = await plaid.investmentsTransactionsGet({
      access_token: accessToken,
      start_date: "2000-01-01",
      end_date: today,
    });
    expect(data.total_investment_transactions).toBe(data.investment_transactions.length);
    const types = data.investment_transactions.map((t) => t.subtype);
    expect(types).toContain("deposit");
    expect(types).toContain("buy");
    const buy = data.investment_transactions.find((t) => t.type === "buy");
    expect(buy?.amount).toBeGreaterThan(0);
    const empty = await plaid.investmentsTransactionsGet({
      access_token: accessToken,
      start_date: "2000-01-01",
      end_date: "2000-01-02",
    });
    expect(empty.data.investment_transactions).toEqual([]);
    // The spec bounds `count` at 500; Plaid refuses more rather than shortening the page.
    const tooMany = await plaidFailure(
      plaid.investmentsTransactionsGet({
        access_token: accessToken,
        start_date: "2000-01-01",
        end_date: today,
        options: { count: 501 },
      }),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error_code).toBe("INVALID_FIELD");
  });

  it("creates sandbox items through /sandbox/public_token/create", async () => {
    const created = await plaid.sandboxPublicTokenCreate({
      institution_id: "ins_109508",
      initial_products: ["investments" as never],
    });
    const exchanged = await plaid.itemPublicTokenExchange({ public_token: created.data.public_token });
    const holdings = await plaid.investmentsHoldingsGet({ access_token: exchanged.data.access_token });
    expect(holdings.data.holdings.length).toBe(2);
  });

  it("answers Plaid's error envelope for bad keys, bad tokens and broken items", async () => {
    const badKeys = await plaidFailure(
      plaidClient(sandbox.url, { clientId: "x", secret: "y" }).investmentsHoldingsGet({
        access_token: accessToken,
      }),
    );
    expect(badKeys.status).toBe(400);
    expect(badKeys.body).toMatchObject({
      error_type: "INVALID_INPUT",
      error_code: "INVALID_API_KEYS",
      display_message: null,
    });
    expect(badKeys.body.request_id).toBeTruthy();
    const badToken = await plaidFailure(
      plaid.investmentsHoldingsGet({ access_token: "access-sandbox-nope" }),
    );
    expect(badToken.body.error_code).toBe("INVALID_ACCESS_TOKEN");

    const seeded = (await (
      await admin(sandbox, "/seed", {
        users: [{ plaid: { institution: "Broken Bank", loginRequired: true, accounts: [{ name: "IRA" }] } }],
      })
    ).json()) as { users: { plaid: { publicToken: string } }[] };
    const broken = await plaid.itemPublicTokenExchange({
      public_token: seeded.users[0]?.plaid.publicToken ?? "",
    });
    const login = await plaidFailure(
      plaid.investmentsHoldingsGet({ access_token: broken.data.access_token }),
    );
    expect(login.status).toBe(400);
    expect(login.body).toMatchObject({ error_type: "ITEM_ERROR", error_code: "ITEM_LOGIN_REQUIRED" });
  });

  it("accepts client_id and secret in the body instead of headers", async () => {
    const response = await fetch(`${sandbox.url}/accounts/get`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_id: "sandbox-plaid-client-id",
        secret: "sandbox-plaid-secret",
        access_token: accessToken,
      }),
    });
    expect(response.status).toBe(200);
  });

  it("signs webhooks verifiably with the key from /webhook_verification_key/get", async () => {
    const itemId = (await plaid.accountsGet({ access_token: accessToken })).data.item.item_id;
    const answer = await admin(sandbox, "/webhooks/plaid", { itemId });
    expect(answer.status).toBe(200);
    const webhook = await receiver.waitFor((w) => w.body.item_id === itemId);
    const jwt = String(webhook.headers["plaid-verification"]);
    const header = decodeProtectedHeader(jwt);
    expect(header.alg).toBe("ES256");
    const { data } = await plaid.webhookVerificationKeyGet({ key_id: String(header.kid) });
    expect(data.key).toMatchObject({ alg: "ES256", crv: "P-256", kty: "EC", use: "sig", expired_at: null });
    const { payload } = await jwtVerify(jwt, await importJWK({ ...data.key }, "ES256"));
    expect(payload.request_body_sha256).toBe(createHash("sha256").update(webhook.rawBody).digest("hex"));
    expect(Date.now() / 1000 - Number(payload.iat)).toBeLessThan(300);
    expect(webhook.body).toMatchObject({
      webhook_type: "HOLDINGS",
      webhook_code: "DEFAULT_UPDATE",
      updated_holdings: 3,
    });
    const unknownKey = await plaidFailure(plaid.webhookVerificationKeyGet({ key_id: "nope" }));
    expect(unknownKey.status).toBe(400);
  });

  it.skipIf(!specsAvailable()).each([
    ["HOLDINGS", "DEFAULT_UPDATE", "HoldingsDefaultUpdateWebhook"],
    ["ITEM", "ERROR", "ItemErrorWebhook"],
    ["ITEM", "PENDING_EXPIRATION", "PendingExpirationWebhook"],
  ])("sends %s %s shaped as the spec's %s", async (webhookType, webhookCode, schema) => {
    const validator = new OpenApiValidator(specPath("plaid"));
    const itemId = (await plaid.accountsGet({ access_token: accessToken })).data.item.item_id;
    const before = receiver.received.length;
    await admin(sandbox, "/webhooks/plaid", { itemId, webhookType, webhookCode });
    const webhook = await receiver.waitFor(
      (w) => receiver.received.indexOf(w) >= before && w.body.webhook_code === webhookCode,
    );
    const result = validator.validateComponent(schema, webhook.body);
    expect(result.errors).toEqual([]);
    expect(webhook.headers["plaid-verification"]).toBeTruthy();
  });
});
