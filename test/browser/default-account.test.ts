import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startWebTestService, type WebTestService } from "../helpers/browser-app.js";
import {
  type BrowserSession,
  hasChromium,
  openBrowser,
  warnWithoutChromium,
} from "../helpers/browser-session.js";

warnWithoutChromium("browser: default trading account");

async function ask(page: Page, text: string) {
  const box = page.getByLabel("Message the trading assistant");
  await box.fill(text);
  await box.press("Enter");
}

const card = (page: Page) => page.getByTestId("confirmation-card");

describe.runIf(hasChromium)("the default trading account in the browser", { timeout: 120_000 }, () => {
  let app: WebTestService;
  let browser: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    app = await startWebTestService();
    browser = await openBrowser({ width: 1280, height: 900 });
    page = browser.page;
    await page.goto(app.webUrl);
    await page.getByRole("button", { name: "Fill in the demo account" }).click();
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("total-value").filter({ hasText: "$" }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  afterEach(() => {
    expect(browser.errors).toEqual([]);
  });

  it("offers Make default only on accounts that can trade, and none is the default at first", async () => {
    const accounts = page.locator(".accounts");
    await accounts
      .getByRole("button", { name: /^Make default/ })
      .first()
      .waitFor();
    expect(await accounts.locator(".badge-default").count()).toBe(0);
    const readOnly = page.locator(".account", { hasText: "Fidelity Individual" });
    expect(await readOnly.getByRole("button", { name: /^Make default/ }).count()).toBe(0);
    const vanguard = page.locator(".account", { hasText: "Vanguard" });
    expect(await vanguard.getByRole("button", { name: /^Make default/ }).count()).toBe(0);
  });

  it("makes Robinhood the default, moves focus to its Default badge, and the next buy card uses it", async () => {
    const button = page.getByRole("button", { name: "Make default: Robinhood · Robinhood Individual" });
    await button.focus();
    await page.keyboard.press("Enter");
    const row = page.locator(".account", { hasText: "Robinhood Individual" });
    await row.locator(".badge-default").waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? "")).toBe("Default");
    await page.getByRole("status").filter({ hasText: "is now your default trading account" }).waitFor();
    expect(await row.getByRole("button", { name: /^Make default/ }).count()).toBe(0);
    await browser.screenshot("20-default-account-set");

    // KO is held only in Fidelity (read-only): without a default it would go to Schwab.
    await ask(page, "buy 1 share of KO");
    await card(page).getByRole("heading", { name: "Buy 1 share of KO" }).waitFor();
    await expect.poll(() => card(page).locator(".card-account-name").textContent()).toContain("Robinhood");
    expect(await card(page).locator(".card-reason").textContent()).toContain(
      "your default trading account, chosen by you",
    );
    expect(await card(page).locator(".badge-default").textContent()).toBe("Your default");
    await browser.screenshot("21-card-uses-default");
    await card(page).getByRole("button", { name: "Reject" }).click();
    await expect.poll(() => card(page).count()).toBe(0);
  });

  it("keeps the setting across a reload", async () => {
    await page.reload();
    await page.getByTestId("total-value").filter({ hasText: "$" }).waitFor();
    await page.locator(".account", { hasText: "Robinhood Individual" }).locator(".badge-default").waitFor();
  });
});
