import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";

/**
 * SnapTrade serves many brokerages from a daily sync (sandbox `snaptradeDailyCache`): figures
 * fresh from SnapTrade can be yesterday's. The broker's own as-of is kept and, where it is old,
 * said, never presented as live.
 */
describe("the broker's own as-of", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ sandboxBehaviour: { snaptradeDailyCache: true } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("an account the brokerage last synced a day ago carries that time and a warning saying so", async () => {
    const before = await t.service.portfolio.service.getSnapshot(t.demoUserId);
    const robinhood = before.accounts.find(
      (a) => a.provider === "snaptrade" && a.institution === "Robinhood",
    )!;
    const dayAgo = new Date(Date.now() - 26 * 3_600_000);
    dayAgo.setUTCSeconds(0, 0);
    await t.admin(`/__sandbox/accounts/${robinhood.id.replace(/^snaptrade_/, "")}/settings`, {
      syncedAt: dayAgo.toISOString(),
    });

    const after = await t.service.portfolio.service.getSnapshot(t.demoUserId, { forceSync: true });
    const account = after.accounts.find((a) => a.id === robinhood.id)!;
    expect(account.dataAsOf).toBe(dayAgo.toISOString());
    const minute = `${dayAgo.toISOString().slice(0, 10)} ${dayAgo.toISOString().slice(11, 16)} UTC`;
    expect(after.warnings).toContainEqual({
      provider: "snaptrade",
      accountId: robinhood.id,
      kind: "as_of",
      message: `Robinhood Individual: the brokerage's figures are as of ${minute} (its last update to SnapTrade), not live.`,
    });
    // Alpaca's figures are its own and live: no as-of, no such warning.
    for (const alpaca of after.accounts.filter((a) => a.provider === "alpaca")) {
      expect(alpaca.dataAsOf).toBeNull();
      expect(after.warnings.some((w) => w.accountId === alpaca.id && /not live/.test(w.message))).toBe(false);
    }

    // Through HTTP: the account says when, and the holdings answer carries the warning.
    const token = await t.signIn();
    const accounts = (await (await t.api(token, "/api/accounts")).json()) as {
      accounts: Array<{ id: string; dataAsOf: string | null }>;
    };
    expect(accounts.accounts.find((a) => a.id === robinhood.id)?.dataAsOf).toBe(dayAgo.toISOString());
    const holdings = (await (await t.api(token, "/api/holdings")).json()) as {
      warnings: Array<{ message: string }>;
    };
    expect(holdings.warnings.map((w) => w.message)).toContain(
      `Robinhood Individual: the brokerage's figures are as of ${minute} (its last update to SnapTrade), not live.`,
    );
  });
});
