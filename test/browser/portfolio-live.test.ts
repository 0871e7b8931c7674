import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startWebTestService, type WebTestService } from "../helpers/browser-app.js";
import {
  type BrowserSession,
  hasChromium,
  openBrowser,
  warnWithoutChromium,
} from "../helpers/browser-session.js";

warnWithoutChromium("browser: live portfolio");

const dollars = (text: string | null) => Number((text ?? "").replace(/[^0-9.-]/g, ""));

async function signIn(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole("button", { name: "Fill in the demo account" }).click();
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("total-value").filter({ hasText: "$" }).waitFor();
}

describe.runIf(hasChromium)("the portfolio panel in the browser", { timeout: 120_000 }, () => {
  let app: WebTestService;
  let browser: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    app = await startWebTestService();
    browser = await openBrowser({ width: 1280, height: 900 });
    page = browser.page;
    await signIn(page, app.webUrl);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  afterEach(() => {
    expect(browser.errors).toEqual([]);
  });

  it("moves the total value live when prices move", async () => {
    const total = page.getByTestId("total-value");
    await page.getByText("Live ·").waitFor();
    const before = dollars(await total.textContent());
    // The demo user holds 92 AAPL (Schwab 50, Robinhood 12, Fidelity 30): +$1,000 a share is +$92,000.
    await app.admin("/__sandbox/prices", { AAPL: 1_500 });
    await expect
      .poll(async () => dollars(await total.textContent()), { timeout: 15_000 })
      .toBeGreaterThan(before + 80_000);
    // The sandbox's prices keep walking after they are set: near $1,500, not exactly it.
    await expect
      .poll(async () => dollars(await page.getByTestId("price-AAPL").textContent()), { timeout: 5_000 })
      .toBeGreaterThan(1_400);
    expect(dollars(await page.getByTestId("price-AAPL").textContent())).toBeLessThan(1_600);
    await browser.screenshot("10-live-value-desktop");
  });

  it("refreshes the accounts' buying power after a fill made elsewhere, without a reload", async () => {
    const token = await app.signIn();
    type Accounts = { accounts: Array<{ id: string; name: string; buyingPower: number | null }> };
    const accounts = async () =>
      ((await (await app.api(token, "/api/holdings")).json()) as Accounts).accounts;
    const schwab = (await accounts()).find((a) => a.name === "Individual Brokerage")!;
    const row = page.locator(".account", { hasText: "Individual Brokerage" });
    const shown = (value: number | null) =>
      `buying power ${new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(value ?? Number.NaN)}`;
    await expect.poll(() => row.textContent()).toContain(shown(schwab.buyingPower));

    // An order placed and approved through the API (another device), not through this page.
    const { threadId } = (await (await app.api(token, "/api/threads", { body: {} })).json()) as {
      threadId: string;
    };
    const turn = (await (
      await app.api(token, `/api/threads/${threadId}/messages`, {
        body: { content: "sell 2 shares of AAPL" },
      })
    ).json()) as { pendingConfirmation: { id: string; hash: string } };
    const card = turn.pendingConfirmation;
    const decided = await app.api(token, `/api/threads/${threadId}/confirmations/${card.id}`, {
      body: { decision: "approve", hash: card.hash },
    });
    expect(decided.status).toBe(200);
    let after = schwab.buyingPower;
    await expect
      .poll(async () => {
        after = (await accounts()).find((a) => a.id === schwab.id)!.buyingPower;
        return after;
      })
      .not.toBe(schwab.buyingPower);
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain(shown(after));
  });

  it("shows history periods, allocation, and a holding's accounts", async () => {
    await page.getByRole("button", { name: "1W" }).click();
    await expect
      .poll(() => page.getByRole("button", { name: "1W" }).getAttribute("aria-pressed"))
      .toBe("true");
    await page.getByRole("img", { name: "Allocation by symbol" }).waitFor();
    await page.getByRole("button", { name: "AAPL: show accounts" }).click();
    await page.locator(".account-row", { hasText: "Robinhood Individual" }).waitFor();
    await page.locator(".account-row", { hasText: "Fidelity Individual" }).getByText("Read-only").waitFor();
  });

  it("fits a 375 px wide phone, one pane at a time", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole("button", { name: "Portfolio", exact: true }).click();
    await page.getByTestId("total-value").waitFor();
    // Nothing sticks out sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await browser.screenshot("11-phone-portfolio");
    await page.getByRole("button", { name: "Chat", exact: true }).click();
    await page.getByLabel("Message the trading assistant").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await browser.screenshot("12-phone-chat");
    await page.getByLabel("Message the trading assistant").fill("sell 2 shares of AAPL");
    await page.getByLabel("Message the trading assistant").press("Enter");
    await page.getByTestId("confirmation-card").waitFor();
    await page.getByTestId("confirmation-card").scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await browser.screenshot("13-phone-card");
    await page.getByTestId("confirmation-card").getByRole("button", { name: "Reject" }).click();
    await expect.poll(() => page.getByTestId("confirmation-card").count()).toBe(0);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("links a Plaid sandbox account", async () => {
    await page.getByRole("button", { name: "Add a Plaid sandbox account" }).click();
    await page.getByText("Linked 1 read-only account through Plaid.").waitFor();
    await page.locator(".account", { hasText: "Sandbox Institution" }).waitFor();
  });

  it("rejects bad Alpaca keys with the server's reason", async () => {
    await page.getByRole("button", { name: "Add Alpaca keys" }).click();
    await page.getByLabel("Key ID").fill("PKNOTAREALKEY0001");
    await page.getByLabel("Secret key").fill("not-a-real-secret");
    // The failed request is expected here: only this page's console errors about it are allowed.
    const errorsBefore = browser.errors.length;
    await page.getByRole("button", { name: "Link Alpaca" }).click();
    await page.locator(".panel-section [role=status].tone-warn").waitFor();
    for (const error of browser.errors.splice(errorsBefore))
      expect(error).toMatch(/Failed to load resource.*40\d/);
  });

  it("goes through the SnapTrade portal and comes back to the app", async () => {
    await page.getByRole("button", { name: "Connect a brokerage" }).click();
    await page.waitForURL(`${app.sandboxUrl}/snaptrade/portal/**`);
    await page.getByRole("button", { name: "Connect" }).click();
    await page.waitForURL(`${app.webUrl}/`);
    await page.locator(".notice", { hasText: "Brokerage connected" }).waitFor();
    await page.locator(".account", { hasText: "Sandbox Brokerage" }).first().waitFor();
    await browser.screenshot("14-after-portal");
  });
});
