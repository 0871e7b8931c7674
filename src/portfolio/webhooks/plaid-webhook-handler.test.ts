import { createHash, randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { captureLogs } from "../../../test/helpers/app.js";
import { openTestPglite, type TestDatabase } from "../../../test/helpers/databases.js";
import { FakeBrokers, fakeAccount, fakePosition } from "../../../test/helpers/portfolio-fakes.js";
import { newUserId } from "../../../test/helpers/portfolio-module.js";
import { AuthFailed, BrokerUnavailable } from "../../brokers/errors.js";
import type { PlaidWebhookKey } from "../../brokers/plaid/webhook-keys.js";
import { loadConfig } from "../../core/config.js";
import { migrate } from "../../core/db/migrate.js";
import { createKeyring } from "../../core/secrets/keyring.js";
import { createPortfolioModule, type PortfolioModule } from "../index.js";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const env = { SUPABASE_URL: "http://127.0.0.1:9", SUPABASE_ANON_KEY: "anon" };

describe("PlaidWebhookHandler: what a verified Plaid webhook stores, and what it refuses", () => {
  let db: TestDatabase;
  let fakes: FakeBrokers;
  let portfolio: PortfolioModule;
  let logs: ReturnType<typeof captureLogs>;
  let privateKey: CryptoKey;
  let key: PlaidWebhookKey;
  let userId: string;
  let items = 0;

  beforeAll(async () => {
    db = await openTestPglite();
    await migrate(db.pool);
    fakes = new FakeBrokers();
    const pair = await generateKeyPair("ES256");
    privateKey = pair.privateKey;
    const jwk = await exportJWK(pair.publicKey);
    key = {
      alg: "ES256",
      crv: "P-256",
      kid: "k1",
      kty: "EC",
      use: "sig",
      x: jwk.x!,
      y: jwk.y!,
      createdAt: 0,
      expiredAt: null,
    };
    logs = captureLogs();
    portfolio = createPortfolioModule({
      config: loadConfig(env),
      logger: logs.logger,
      db,
      keyring: createKeyring(randomBytes(32)),
      brokers: fakes.clients,
      plaidWebhookKeys: async (kid) => {
        if (kid !== key.kid) throw new Error("unknown key");
        return key;
      },
    });
  });
  afterAll(async () => {
    await portfolio.close();
    await db.close();
  });

  /** Links a fresh Plaid item (one account holding 3 VOO) to a fresh user; answers its ids. */
  async function linkItem(): Promise<{ itemId: string; accountId: string }> {
    items += 1;
    const itemId = `item-${items}`;
    const account = fakeAccount("plaid", `acct-${items}`, { connectionId: itemId });
    fakes.plaidPublicTokens.set(`public-${itemId}`, itemId);
    fakes.accounts.set(`plaid:${itemId}`, [account]);
    fakes.positions.set(account.id, [fakePosition(account.id, "VOO", 3, 500)]);
    await portfolio.linking.exchangePlaid(userId, `public-${itemId}`);
    return { itemId, accountId: account.id };
  }

  const signed = async (rawBody: string, iat = Math.floor(Date.now() / 1000)) => {
    const header = await new SignJWT({ request_body_sha256: sha256(rawBody) })
      .setProtectedHeader({ alg: "ES256", kid: "k1", typ: "JWT" })
      .setIssuedAt(iat)
      .sign(privateKey);
    return { rawBody, header, iat, id: `plaid:${sha256(rawBody)}:${iat}` };
  };
  const webhook = (itemId: string, type: string, code: string, extra: Record<string, unknown> = {}) =>
    signed(
      JSON.stringify({
        webhook_type: type,
        webhook_code: code,
        item_id: itemId,
        environment: "sandbox",
        ...extra,
      }),
    );
  const deliver = (d: { rawBody: string; header: string | undefined }) =>
    portfolio.plaidWebhooks.handle(d.rawBody, d.header);

  const eventRow = async (id: string) =>
    (
      await db.pool.query<{
        provider: string;
        event_type: string;
        user_id: string | null;
        processed_at: Date | null;
      }>("select provider, event_type, user_id, processed_at from webhook_events where id = $1", [id])
    ).rows[0] ?? null;
  const eventCount = async () =>
    Number(
      (
        await db.pool.query<{ n: number }>(
          "select count(*)::int as n from webhook_events where provider = 'plaid'",
        )
      ).rows[0]?.n,
    );
  const item = async (itemId: string) =>
    (
      await db.pool.query<{ status: string; error_code: string | null; consent_expires_at: Date | null }>(
        "select status, error_code, consent_expires_at from plaid_items where item_id = $1",
        [itemId],
      )
    ).rows[0];
  const accountStatus = async (accountId: string) =>
    (
      await db.pool.query<{ connection_status: string }>(
        "select connection_status from user_investment_accounts where id = $1",
        [accountId],
      )
    ).rows[0]?.connection_status;
  const quantity = async (accountId: string) =>
    (
      await db.pool.query<{ quantity: number }>(
        "select quantity from account_positions where account_id = $1 and symbol = 'VOO'",
        [accountId],
      )
    ).rows[0]?.quantity;

  beforeEach(() => {
    userId = newUserId();
    fakes.faults.clear();
  });

  it("HOLDINGS DEFAULT_UPDATE re-reads the holdings and records the event under its body hash and issue time", async () => {
    const { itemId, accountId } = await linkItem();
    fakes.positions.set(accountId, [fakePosition(accountId, "VOO", 7, 500)]);
    const update = await webhook(itemId, "HOLDINGS", "DEFAULT_UPDATE");
    expect(await deliver(update)).toBe("processed");
    expect(await quantity(accountId)).toBe(7);
    expect(await eventRow(update.id)).toMatchObject({
      provider: "plaid",
      event_type: "HOLDINGS.DEFAULT_UPDATE",
      user_id: userId,
    });
    expect((await eventRow(update.id))?.processed_at).toBeInstanceOf(Date);
  });

  it("a replayed HOLDINGS update is a duplicate and asks Plaid nothing", async () => {
    const { itemId, accountId } = await linkItem();
    const update = await webhook(itemId, "HOLDINGS", "DEFAULT_UPDATE");
    expect(await deliver(update)).toBe("processed");
    fakes.positions.set(accountId, [fakePosition(accountId, "VOO", 99, 500)]);
    const calls = fakes.count("plaid.listAccounts");
    expect(await deliver(update)).toBe("duplicate");
    expect(fakes.count("plaid.listAccounts")).toBe(calls);
    expect(await quantity(accountId)).toBe(3);
  });

  it("two concurrent deliveries of one update: one is processed, the other is a duplicate", async () => {
    const { itemId } = await linkItem();
    const update = await webhook(itemId, "HOLDINGS", "DEFAULT_UPDATE");
    const outcomes = await Promise.all([deliver(update), deliver(update)]);
    expect(outcomes.sort()).toEqual(["duplicate", "processed"]);
  });

  it("answers unavailable and records nothing when Plaid cannot be read, so the redelivery syncs", async () => {
    const { itemId, accountId } = await linkItem();
    const update = await webhook(itemId, "HOLDINGS", "DEFAULT_UPDATE");
    fakes.faults.set("plaid.listAccounts", new BrokerUnavailable("plaid"));
    await expect(deliver(update)).rejects.toMatchObject({
      code: "unavailable",
      message: "Plaid could not be read to process this update; deliver it again later.",
    });
    expect(await eventRow(update.id)).toBeNull();
    fakes.faults.clear();
    fakes.positions.set(accountId, [fakePosition(accountId, "VOO", 5, 500)]);
    expect(await deliver(update)).toBe("processed");
    expect(await quantity(accountId)).toBe(5);
  });

  it("answers unavailable when an item with no stored account cannot be read (a warning, not an account failure)", async () => {
    const { itemId, accountId } = await linkItem();
    await db.pool.query("delete from user_investment_accounts where id = $1", [accountId]);
    fakes.faults.set("plaid.listAccounts", new BrokerUnavailable("plaid"));
    const update = await webhook(itemId, "HOLDINGS", "DEFAULT_UPDATE");
    await expect(deliver(update)).rejects.toMatchObject({ code: "unavailable" });
    expect(await eventRow(update.id)).toBeNull();
  });

  it("a lasting failure (the login needs repair) is processed: the accounts are marked broken, no redelivery is asked for", async () => {
    const { itemId, accountId } = await linkItem();
    fakes.faults.set("plaid.listAccounts", new AuthFailed("plaid"));
    const update = await webhook(itemId, "HOLDINGS", "DEFAULT_UPDATE");
    expect(await deliver(update)).toBe("processed");
    expect(await accountStatus(accountId)).toBe("broken");
    expect(await eventRow(update.id)).not.toBeNull();
  });

  it("ITEM ERROR marks the item broken with Plaid's error code, and its accounts broken; a replay does nothing", async () => {
    const { itemId, accountId } = await linkItem();
    const other = await linkItem();
    const error = await webhook(itemId, "ITEM", "ERROR", {
      error: { error_code: "ITEM_LOGIN_REQUIRED", error_message: "x" },
    });
    expect(await deliver(error)).toBe("processed");
    expect(await item(itemId)).toMatchObject({ status: "broken", error_code: "ITEM_LOGIN_REQUIRED" });
    expect(await accountStatus(accountId)).toBe("broken");
    expect(await item(other.itemId)).toMatchObject({ status: "active", error_code: null });
    expect(await accountStatus(other.accountId)).toBe("active");
    expect(await eventRow(error.id)).toMatchObject({ event_type: "ITEM.ERROR", user_id: userId });

    await db.pool.query("update plaid_items set status = 'active', error_code = null where item_id = $1", [
      itemId,
    ]);
    expect(await deliver(error)).toBe("duplicate");
    expect(await item(itemId)).toMatchObject({ status: "active", error_code: null });
  });

  it("ITEM ERROR without an error object stores no error code", async () => {
    const { itemId } = await linkItem();
    expect(await deliver(await webhook(itemId, "ITEM", "ERROR", { error: null }))).toBe("processed");
    expect(await item(itemId)).toMatchObject({ status: "broken", error_code: null });
  });

  it("ITEM PENDING_EXPIRATION records when the consent ends, and clears it when Plaid sends none", async () => {
    const { itemId, accountId } = await linkItem();
    const ends = "2026-12-24T10:00:00Z";
    expect(
      await deliver(await webhook(itemId, "ITEM", "PENDING_EXPIRATION", { consent_expiration_time: ends })),
    ).toBe("processed");
    expect((await item(itemId))?.consent_expires_at?.toISOString()).toBe("2026-12-24T10:00:00.000Z");
    expect(await item(itemId)).toMatchObject({ status: "active" });
    expect(await accountStatus(accountId)).toBe("active");
    expect(await deliver(await webhook(itemId, "ITEM", "PENDING_EXPIRATION"))).toBe("processed");
    expect((await item(itemId))?.consent_expires_at).toBeNull();
    // A time with an offset is the same instant, stored as such.
    const withOffset = { consent_expiration_time: "2026-12-24T12:00:00+02:00" };
    expect(await deliver(await webhook(itemId, "ITEM", "PENDING_EXPIRATION", withOffset))).toBe("processed");
    expect((await item(itemId))?.consent_expires_at?.toISOString()).toBe("2026-12-24T10:00:00.000Z");
  });

  it("acknowledges other events of a known item without acting on them; a replay is a duplicate", async () => {
    const { itemId, accountId } = await linkItem();
    const ends = "2026-12-24T10:00:00Z";
    await deliver(await webhook(itemId, "ITEM", "PENDING_EXPIRATION", { consent_expiration_time: ends }));
    const calls = fakes.count("plaid.listAccounts");
    for (const [type, code] of [
      ["ITEM", "WEBHOOK_UPDATE_ACKNOWLEDGED"],
      ["HOLDINGS", "ERROR"],
      ["TRANSACTIONS", "DEFAULT_UPDATE"],
    ] as const) {
      const other = await webhook(itemId, type, code, { error: { error_code: "X" } });
      expect(await deliver(other)).toBe("ignored");
      expect(await eventRow(other.id)).toMatchObject({ event_type: `${type}.${code}`, user_id: userId });
      expect(await deliver(other)).toBe("duplicate");
    }
    expect(fakes.count("plaid.listAccounts")).toBe(calls);
    expect(await item(itemId)).toMatchObject({ status: "active", error_code: null });
    expect((await item(itemId))?.consent_expires_at?.toISOString()).toBe("2026-12-24T10:00:00.000Z");
    expect(await accountStatus(accountId)).toBe("active");
  });

  it("records an event for an item that is not ours (no user) and changes nothing; a replay is a duplicate", async () => {
    const stranger = await webhook("item-of-nobody", "ITEM", "ERROR", { error: { error_code: "X" } });
    expect(await deliver(stranger)).toBe("ignored");
    expect(await eventRow(stranger.id)).toMatchObject({ event_type: "ITEM.ERROR", user_id: null });
    expect(await deliver(stranger)).toBe("duplicate");
  });

  it("tells a new delivery of the same body (a new issue time) from a replay", async () => {
    const { itemId } = await linkItem();
    const body = JSON.stringify({
      webhook_type: "ITEM",
      webhook_code: "ERROR",
      item_id: itemId,
      error: null,
    });
    const first = await signed(body, Math.floor(Date.now() / 1000) - 10);
    const second = await signed(body, Math.floor(Date.now() / 1000));
    expect(await deliver(first)).toBe("processed");
    expect(await deliver(second)).toBe("processed");
  });

  it.each([
    ["a body that is not JSON", "webhook_type=ITEM", /not JSON/],
    [
      "a body with no item_id",
      JSON.stringify({ webhook_type: "ITEM", webhook_code: "ERROR" }),
      /not a Plaid webhook/,
    ],
    [
      "an empty webhook_type",
      JSON.stringify({ webhook_type: "", webhook_code: "ERROR", item_id: "i" }),
      /not a Plaid webhook/,
    ],
    [
      "an empty webhook_code",
      JSON.stringify({ webhook_type: "ITEM", webhook_code: "", item_id: "i" }),
      /not a Plaid webhook/,
    ],
    [
      "an empty item_id",
      JSON.stringify({ webhook_type: "ITEM", webhook_code: "ERROR", item_id: "" }),
      /not a Plaid webhook/,
    ],
    [
      "a numeric error code",
      JSON.stringify({ webhook_type: "ITEM", webhook_code: "ERROR", item_id: "i", error: { error_code: 5 } }),
      /not a Plaid webhook/,
    ],
    [
      "a consent end that is not a time",
      JSON.stringify({
        webhook_type: "ITEM",
        webhook_code: "PENDING_EXPIRATION",
        item_id: "i",
        consent_expiration_time: "soon",
      }),
      /not a Plaid webhook/,
    ],
  ])("refuses %s, correctly signed, as invalid and records nothing", async (_label, body, message) => {
    const before = await eventCount();
    await expect(deliver(await signed(body))).rejects.toMatchObject({
      code: "invalid_request",
      message: expect.stringMatching(message),
    });
    expect(await eventCount()).toBe(before);
  });

  it("refuses an unsigned, forged or stale delivery as unauthorized, logs why, and records nothing", async () => {
    const { itemId } = await linkItem();
    const good = await webhook(itemId, "ITEM", "ERROR", { error: null });
    const before = await eventCount();
    logs.lines.length = 0;
    await expect(deliver({ rawBody: good.rawBody, header: undefined })).rejects.toMatchObject({
      code: "unauthorized",
      message: "The webhook's Plaid-Verification signature is missing or invalid.",
    });
    await expect(deliver({ rawBody: `${good.rawBody} `, header: good.header })).rejects.toMatchObject({
      code: "unauthorized",
      message: "The webhook's Plaid-Verification signature is missing or invalid.",
    });
    const stale = await signed(good.rawBody, Math.floor(Date.now() / 1000) - 301);
    await expect(deliver(stale)).rejects.toMatchObject({
      code: "unauthorized",
      message: "The webhook's Plaid-Verification token is older than 5 minutes.",
    });
    expect(await eventCount()).toBe(before);
    expect(await item(itemId)).toMatchObject({ status: "active" });
    const refusals = logs.lines
      .map((line) => JSON.parse(line) as { msg: string; reason?: string; level: number })
      .filter((line) => line.msg === "Plaid webhook refused");
    expect(refusals.map((l) => [l.reason, l.level])).toEqual([
      ["missing", 40],
      ["body", 40],
      ["stale", 40],
    ]);
  });

  it("answers unavailable when the server has no Plaid verification keys", async () => {
    const unconfigured = createPortfolioModule({
      config: loadConfig(env),
      logger: logs.logger,
      db,
      keyring: createKeyring(randomBytes(32)),
      brokers: fakes.clients,
    });
    const { itemId } = await linkItem();
    const error = await webhook(itemId, "ITEM", "ERROR");
    await expect(unconfigured.plaidWebhooks.handle(error.rawBody, error.header)).rejects.toMatchObject({
      code: "unavailable",
      message: "Plaid is not configured on this server.",
    });
    expect(await item(itemId)).toMatchObject({ status: "active" });
  });
});
