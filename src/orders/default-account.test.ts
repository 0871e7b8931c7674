import { describe, expect, it } from "vitest";
import { NotFoundError } from "../core/errors.js";
import type { Account, PortfolioService } from "../portfolio/service.js";
import type { DefaultAccountChoice } from "../portfolio/store/trading-preferences-store.js";
import { DefaultAccountCannotTrade, DefaultAccountSettings } from "./default-account.js";

const user = "user-1";
const otherUser = "user-2";

const account = (id: string, fields: Partial<Account>): Account => ({
  id,
  provider: "snaptrade",
  institution: "Broker",
  name: "Individual",
  numberMasked: "••••0001",
  canTrade: true,
  connectionStatus: "active",
  cash: 1_000,
  buyingPower: 1_000,
  totalValue: 5_000,
  currency: "USD",
  isPaper: false,
  syncedAt: null,
  dataAsOf: null,
  ...fields,
});
const robinhood = account("snaptrade_rh", { institution: "Robinhood", name: "Robinhood Individual" });
const paper = account("alpaca_p", {
  provider: "alpaca",
  institution: "Alpaca",
  name: "Paper",
  isPaper: true,
});
const fidelityReadOnly = account("snaptrade_fi", {
  institution: "Fidelity",
  name: "Fidelity Individual",
  canTrade: false,
});
const vanguardPlaid = account("plaid_vg", { provider: "plaid", institution: "Vanguard", name: "Brokerage" });
const webullBroken = account("snaptrade_wb", {
  institution: "Webull",
  name: "Margin",
  connectionStatus: "broken",
});
const alpacaNoTrading = account("alpaca_nt", { provider: "alpaca", institution: "Alpaca", canTrade: false });
const someoneElses = account("snaptrade_other", { institution: "Schwab" });

const automaticRule =
  "Until you choose a default, a buy of a symbol none of your trading accounts hold goes to the live account with the most buying power (a paper account only when no live account can trade).";

/** The portfolio layer's accounts and stored default, per user, in memory. */
function portfolioWith(
  accounts: Record<string, Account[]>,
  chosen: Record<string, DefaultAccountChoice> = {},
) {
  const saved: Array<{ userId: string; choice: { accountId: string; label: string } | null }> = [];
  const portfolio: Pick<
    PortfolioService,
    "listAccounts" | "defaultAccountChoice" | "saveDefaultAccountChoice"
  > = {
    listAccounts: async (userId) => structuredClone(accounts[userId] ?? []),
    defaultAccountChoice: async (userId) => chosen[userId] ?? null,
    saveDefaultAccountChoice: async (userId, choice) => {
      saved.push({ userId, choice });
      if (choice) chosen[userId] = { ...choice, chosenAt: "2026-11-30T09:00:00.000Z" };
      else delete chosen[userId];
    },
  };
  return { settings: new DefaultAccountSettings(portfolio as PortfolioService), saved };
}

const allMine = [robinhood, paper, fidelityReadOnly, vanguardPlaid, webullBroken, alpacaNoTrading];

describe("the default trading account setting", () => {
  it("unset: the automatic rule, and exactly the accounts that can trade now may be chosen", async () => {
    const { settings } = portfolioWith({ [user]: allMine, [otherUser]: [someoneElses] });
    expect(await settings.view(user)).toEqual({
      chosen: null,
      rule: automaticRule,
      eligibleAccountIds: [robinhood.id, paper.id],
    });
  });

  it("a chosen account that can trade: named as it is called now, and the rule says buys go there", async () => {
    const { settings } = portfolioWith(
      { [user]: allMine },
      {
        [user]: { accountId: robinhood.id, label: "Robinhood (old name)", chosenAt: "2026-11-01T00:00:00Z" },
      },
    );
    expect(await settings.view(user)).toEqual({
      chosen: {
        accountId: robinhood.id,
        label: "Robinhood Individual",
        chosenAt: "2026-11-01T00:00:00Z",
        linked: true,
        provider: "snaptrade",
        isPaper: false,
        whyNot: null,
      },
      rule: "A buy of a symbol none of your trading accounts hold goes to Robinhood Individual, your default. A symbol one of them already holds goes to that account, and an account you name always wins.",
      eligibleAccountIds: [robinhood.id, paper.id],
    });
  });

  it("a chosen paper account says it is paper", async () => {
    const { settings } = portfolioWith(
      { [user]: allMine },
      { [user]: { accountId: paper.id, label: "Alpaca Paper", chosenAt: "2026-11-01T00:00:00Z" } },
    );
    expect((await settings.view(user)).chosen).toMatchObject({
      provider: "alpaca",
      isPaper: true,
      whyNot: null,
    });
  });

  it("a chosen account no longer linked keeps the name it had, says why, and buys fall back to the automatic rule", async () => {
    const { settings } = portfolioWith(
      { [user]: allMine },
      {
        [user]: {
          accountId: "snaptrade_gone",
          label: "Vanguard Brokerage",
          chosenAt: "2026-11-01T00:00:00Z",
        },
      },
    );
    const view = await settings.view(user);
    expect(view.chosen).toEqual({
      accountId: "snaptrade_gone",
      label: "Vanguard Brokerage",
      chosenAt: "2026-11-01T00:00:00Z",
      linked: false,
      provider: null,
      isPaper: null,
      whyNot: "it is no longer linked",
    });
    expect(view.rule).toBe(
      `Your default, Vanguard Brokerage, can't take orders now (it is no longer linked), so buys fall back to the automatic rule until it can. ${automaticRule}`,
    );
  });

  it("a chosen account whose connection broke is still linked, with routing's reason it cannot trade", async () => {
    const { settings } = portfolioWith(
      { [user]: allMine },
      { [user]: { accountId: webullBroken.id, label: "Webull Margin", chosenAt: "2026-11-01T00:00:00Z" } },
    );
    const view = await settings.view(user);
    expect(view.chosen).toMatchObject({
      linked: true,
      whyNot: "its connection to Webull is broken and must be reconnected",
    });
    expect(view.rule).toMatch(
      /^Your default, Webull Margin, can't take orders now \(its connection to Webull is broken/,
    );
  });

  it("choosing a tradeable account stores it under its name and answers the new setting", async () => {
    const { settings, saved } = portfolioWith({ [user]: allMine });
    const view = await settings.choose(user, paper.id);
    expect(saved).toEqual([{ userId: user, choice: { accountId: paper.id, label: "Alpaca Paper" } }]);
    expect(view.chosen).toMatchObject({
      accountId: paper.id,
      label: "Alpaca Paper",
      linked: true,
      whyNot: null,
    });
  });

  it.each([
    [
      fidelityReadOnly,
      "Fidelity Individual can't be your default trading account: it is connected with read-only access; reconnect it with trading access.",
    ],
    [
      vanguardPlaid,
      "Vanguard Brokerage can't be your default trading account: it is linked through Plaid, which is read-only.",
    ],
    [
      webullBroken,
      "Webull Margin can't be your default trading account: its connection to Webull is broken and must be reconnected.",
    ],
    [
      alpacaNoTrading,
      "Alpaca Individual can't be your default trading account: trading is not enabled on it.",
    ],
  ])(
    "refuses an account that cannot trade (%s), saying why, and changes nothing",
    async (refused, message) => {
      const { settings, saved } = portfolioWith({ [user]: allMine });
      const choosing = settings.choose(user, refused.id);
      await expect(choosing).rejects.toBeInstanceOf(DefaultAccountCannotTrade);
      await expect(choosing).rejects.toMatchObject({
        name: "DefaultAccountCannotTrade",
        code: "account_cannot_trade",
        kind: "refused",
        message,
        account: { id: refused.id },
      });
      expect(saved).toEqual([]);
    },
  );

  it("another user's account, or an unknown id, is not found and changes nothing", async () => {
    const { settings, saved } = portfolioWith({ [user]: allMine, [otherUser]: [someoneElses] });
    for (const id of [someoneElses.id, "snaptrade_unknown"]) {
      await expect(settings.choose(user, id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(settings.choose(user, id)).rejects.toThrow("Account was not found.");
    }
    expect(saved).toEqual([]);
  });

  it("clearing forgets the choice: routing goes back to the automatic rule", async () => {
    const { settings, saved } = portfolioWith(
      { [user]: allMine },
      {
        [user]: { accountId: robinhood.id, label: "Robinhood Individual", chosenAt: "2026-11-01T00:00:00Z" },
      },
    );
    const view = await settings.clear(user);
    expect(saved).toEqual([{ userId: user, choice: null }]);
    expect(view).toEqual({ chosen: null, rule: automaticRule, eligibleAccountIds: [robinhood.id, paper.id] });
  });
});
