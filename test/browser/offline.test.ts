import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebTestService, type WebTestService } from "../helpers/browser-app.js";
import {
  type BrowserSession,
  hasChromium,
  openBrowser,
  warnWithoutChromium,
} from "../helpers/browser-session.js";
import { announcements, recordAnnouncements } from "../helpers/live-regions.js";

warnWithoutChromium("browser: when the service goes away");

const card = (page: Page) => page.getByTestId("confirmation-card");
const box = (page: Page) => page.getByLabel("Message the trading assistant");

describe.runIf(hasChromium)("the page when the service goes away", { timeout: 120_000 }, () => {
  // Kept on disk, so the service can be stopped and started again with the same users and card.
  const dataDir = mkdtempSync(path.join(tmpdir(), "offline-test-"));
  let app: WebTestService | undefined;
  let port = 0;
  let browser: BrowserSession;
  let page: Page;

  const start = async () => {
    app = await startWebTestService({ dataDir, env: { PORT: String(port) } });
    port = Number(new URL(app.webUrl).port);
  };

  beforeAll(async () => {
    await start();
    browser = await openBrowser({ width: 1280, height: 900 });
    page = browser.page;
    await recordAnnouncements(page);
    await page.goto(app!.webUrl);
    await page.getByRole("button", { name: "Fill in the demo account" }).click();
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Live ·").waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps a message whose request failed, marked not sent, and sends it on Retry", async () => {
    // Only this request fails, as on a flaky network; the service itself is fine.
    await page.route("**/api/threads/*/messages", (route) => route.abort("connectionreset"));
    await page.route("**/api/threads", (route) =>
      route.request().method() === "POST" ? route.abort("connectionreset") : route.continue(),
    );
    await box(page).fill("What do I hold?");
    await box(page).press("Enter");
    const failed = page.locator(".bubble-user.delivery-failed", { hasText: "What do I hold?" });
    await failed.waitFor();
    await expect.poll(() => failed.textContent()).toContain("Not sent");
    // No raw "Failed to fetch" anywhere.
    expect(await page.getByText("Failed to fetch").count()).toBe(0);
    await page.unroute("**/api/threads/*/messages");
    await page.unroute("**/api/threads");
    await failed.getByRole("button", { name: "Retry" }).click();
    await page.locator(".bubble-assistant", { hasText: "Your portfolio is worth" }).waitFor();
    await expect.poll(() => page.locator(".delivery-failed").count()).toBe(0);
    // The retried message is the same one, not a second copy.
    expect(await page.locator(".bubble-user", { hasText: "What do I hold?" }).count()).toBe(1);
    browser.errors.length = 0;
  });

  it("shows the whole page offline when the service stops: stale values, Approve paused, the text kept", async () => {
    await box(page).fill("sell 1 share of AAPL");
    await box(page).press("Enter");
    await card(page).getByRole("heading", { name: "Sell 1 share of AAPL" }).waitFor();
    const approve = card(page).getByRole("button", { name: "Approve" });
    expect(await approve.isEnabled()).toBe(true);

    await app!.close();
    app = undefined;

    await page.getByTestId("offline-banner").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("total-value").getAttribute("data-stale")).toBe("true");
    await page.getByText("Last known value, may be out of date").waitFor();
    expect(await approve.isDisabled()).toBe(true);
    await card(page).getByText("Approve is paused").waitFor();
    expect((await announcements(page)).some((said) => said.includes("cannot be reached"))).toBe(true);

    // A message typed now is not lost: Enter cannot send it, and it stays in the box.
    await box(page).fill("What's my buying power?");
    await box(page).press("Enter");
    expect(await box(page).inputValue()).toBe("What's my buying power?");
    expect(await page.getByRole("button", { name: "Send" }).isDisabled()).toBe(true);
    await browser.screenshot("30-offline");
  });

  it("clears the offline state by itself when the service is back, and the kept message sends", async () => {
    await start();
    await expect.poll(() => page.getByTestId("offline-banner").count(), { timeout: 20_000 }).toBe(0);
    expect(await page.getByTestId("total-value").getAttribute("data-stale")).toBe("false");
    await page.getByText("Live ·").waitFor({ timeout: 20_000 });
    expect(await card(page).getByRole("button", { name: "Approve" }).isEnabled()).toBe(true);
    expect(
      (await announcements(page)).some((said) => said.startsWith("Connected to the service again")),
    ).toBe(true);
    // No error banner left over from the outage.
    expect(await page.locator(".error-banner").count()).toBe(0);
    await box(page).press("Enter");
    await page.locator(".bubble-user", { hasText: "What's my buying power?" }).waitFor();
    await expect.poll(() => box(page).inputValue()).toBe("");
    // The console saw the outage's failed requests; nothing else is expected there.
    expect(
      browser.errors.every((e) => /Failed to load resource|ERR_CONNECTION_REFUSED|network/i.test(e)),
    ).toBe(true);
  });
});
