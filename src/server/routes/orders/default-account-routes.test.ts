import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../../../test/helpers/service.js";

interface AccountRow {
  id: string;
  institution: string;
  name: string;
  canTrade: boolean;
  isPaper: boolean;
}
interface Setting {
  chosen: { accountId: string; label: string; linked: boolean; whyNot: string | null } | null;
  rule: string;
  eligibleAccountIds: string[];
}
interface Card {
  account: { id: string; isPaper: boolean };
  routing: { reason: string; rule: string | null };
  warnings: string[];
}

/** GET/PUT /api/settings/default-account, and the card the next buy gets, through HTTP on the demo world. */
describe("the default trading account over HTTP", () => {
  let t: TestService;
  let token: string;
  let accounts: AccountRow[];
  const byInstitution = (institution: string, name?: string) =>
    accounts.find((a) => a.institution === institution && (name === undefined || a.name === name))!;

  const read = async () => (await (await t.api(token, "/api/settings/default-account")).json()) as Setting;
  const put = (body: unknown, headers: Record<string, string> = {}) =>
    t.api(token, "/api/settings/default-account", { method: "PUT", body, headers });

  /** A fresh thread asked to buy a symbol only a read-only account holds (KO is in Fidelity, read-only). */
  async function buyCard(message = "buy 1 share of KO"): Promise<Card> {
    const { threadId } = (await (await t.api(token, "/api/threads", { method: "POST" })).json()) as {
      threadId: string;
    };
    const view = (await (
      await t.api(token, `/api/threads/${threadId}/messages`, { body: { content: message } })
    ).json()) as { pendingConfirmation: Card | null; messages: Array<{ content: string }> };
    expect(view.pendingConfirmation, JSON.stringify(view.messages)).not.toBeNull();
    return view.pendingConfirmation!;
  }

  beforeAll(async () => {
    t = await startTestService();
    token = await t.signIn();
    accounts = ((await (await t.api(token, "/api/accounts")).json()) as { accounts: AccountRow[] }).accounts;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it("starts unset: a buy nobody tradeable holds goes to the live account with the most buying power", async () => {
    const setting = await read();
    expect(setting.chosen).toBeNull();
    // Exactly the accounts that can trade may be chosen: not Fidelity (read-only), not Vanguard (Plaid).
    expect(setting.eligibleAccountIds.sort()).toEqual(
      accounts
        .filter((a) => a.canTrade)
        .map((a) => a.id)
        .sort(),
    );
    const card = await buyCard();
    expect(card.account.id).toBe(byInstitution("Charles Schwab", "Individual Brokerage").id);
    expect(card.account.isPaper).toBe(false);
    expect(card.routing.rule).toBe("automatic_default");
    expect(card.routing.reason).not.toMatch(/chosen by you/);
  });

  it("sets the default to one of the user's tradeable accounts, and the next card uses it and says so", async () => {
    const robinhood = byInstitution("Robinhood");
    const response = await put({ accountId: robinhood.id });
    expect(response.status).toBe(200);
    const setting = (await response.json()) as Setting;
    expect(setting.chosen).toMatchObject({
      accountId: robinhood.id,
      label: "Robinhood Individual",
      whyNot: null,
    });
    expect((await read()).chosen?.accountId).toBe(robinhood.id);

    const card = await buyCard();
    expect(card.account.id).toBe(robinhood.id);
    expect(card.routing.rule).toBe("user_default");
    expect(card.routing.reason).toMatch(
      /Robinhood Individual is your default trading account, chosen by you/,
    );
    // A symbol a tradeable account holds still goes there (DESIGN section 5), naming the default.
    const held = await buyCard("buy 1 share of GOOGL");
    expect(held.account.id).toBe(byInstitution("Charles Schwab", "Individual Brokerage").id);
    expect(held.routing.rule).toBe("holder");
    expect(held.routing.reason).toMatch(/Your default trading account, Robinhood Individual/);
  });

  it("a paper account is used only because the user chose it, and the card says so", async () => {
    const paper = accounts.find((a) => a.isPaper)!;
    expect((await put({ accountId: paper.id })).status).toBe(200);
    const card = await buyCard();
    expect(card.account.id).toBe(paper.id);
    expect(card.routing.rule).toBe("user_default");
    expect(card.routing.reason).toMatch(/your default trading account, chosen by you/);
  });

  it("refuses read-only accounts (422), unknown ids (404) and bad bodies (400), changing nothing", async () => {
    const robinhood = byInstitution("Robinhood");
    expect((await put({ accountId: robinhood.id })).status).toBe(200);
    const readOnly = accounts.find((a) => !a.canTrade)!;
    const refused = await put({ accountId: readOnly.id });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("account_cannot_trade");
    expect((await put({ accountId: "snaptrade_not-mine" })).status).toBe(404);
    for (const body of [
      {},
      { accountId: 5 },
      { accountId: "robinhood" },
      { accountId: robinhood.id, extra: 1 },
    ]) {
      expect((await put(body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await read()).chosen?.accountId).toBe(robinhood.id);
  });

  it("takes an Idempotency-Key: a retry replays, the same key with another body is refused", async () => {
    const schwab = byInstitution("Charles Schwab", "Roth IRA");
    const first = await put({ accountId: schwab.id }, { "idempotency-key": "default-account-1" });
    expect(first.status).toBe(200);
    const again = await put({ accountId: schwab.id }, { "idempotency-key": "default-account-1" });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const other = await put(
      { accountId: byInstitution("Robinhood").id },
      { "idempotency-key": "default-account-1" },
    );
    expect(other.status).toBe(422);
    expect((await read()).chosen?.accountId).toBe(schwab.id);
  });

  it("a default that stops being able to trade is reported, on the card and in the setting, and the buy falls back", async () => {
    const robinhood = byInstitution("Robinhood");
    expect((await put({ accountId: robinhood.id })).status).toBe(200);
    await t.service.db.pool.query(
      "update user_investment_accounts set connection_status = 'broken' where id = $1",
      [robinhood.id],
    );
    try {
      const setting = await read();
      expect(setting.chosen?.whyNot).toMatch(/broken/);
      const card = await buyCard();
      expect(card.account.id).toBe(byInstitution("Charles Schwab", "Individual Brokerage").id);
      expect(card.routing.rule).toBe("automatic_default");
      expect(card.routing.reason).toMatch(
        /Your default trading account, Robinhood Individual, can't take orders now/,
      );
      expect(card.warnings.join("\n")).toMatch(
        /Robinhood Individual, can't take orders now.*uses Charles Schwab/,
      );
    } finally {
      await t.service.db.pool.query(
        "update user_investment_accounts set connection_status = 'active' where id = $1",
        [robinhood.id],
      );
    }
  });

  it("a default whose account disappears is reported, not silently dropped, and holds again once the account is back", async () => {
    const robinhood = byInstitution("Robinhood");
    expect((await put({ accountId: robinhood.id })).status).toBe(200);
    // The way a sync or re-link removes an account: its row (and its positions) go.
    await t.service.db.pool.query("delete from user_investment_accounts where id = $1", [robinhood.id]);
    const gone = await read();
    expect(gone.chosen).toMatchObject({
      accountId: robinhood.id,
      label: "Robinhood Individual",
      linked: false,
    });
    expect(gone.chosen?.whyNot).toMatch(/no longer linked/);
    const card = await buyCard();
    expect(card.account.id).toBe(byInstitution("Charles Schwab", "Individual Brokerage").id);
    expect(card.warnings.join("\n")).toMatch(
      /Your default trading account, Robinhood Individual, is no longer linked/,
    );

    // The next sync brings the same account back under the same id: the choice still holds.
    await t.service.portfolio.service.getSnapshot(t.demoUserId, { forceSync: true });
    const back = await read();
    expect(back.chosen).toMatchObject({ accountId: robinhood.id, linked: true, whyNot: null });
    expect((await buyCard()).account.id).toBe(robinhood.id);
  });

  it("clears with null: back to the automatic default", async () => {
    const cleared = await put({ accountId: null });
    expect(cleared.status).toBe(200);
    expect(((await cleared.json()) as Setting).chosen).toBeNull();
    expect((await read()).chosen).toBeNull();
  });
});
