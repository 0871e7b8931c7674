import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startWebTestService, type WebTestService } from "../helpers/browser-app.js";
import {
  type BrowserSession,
  hasChromium,
  openBrowser,
  warnWithoutChromium,
} from "../helpers/browser-session.js";

warnWithoutChromium("browser: trading flow");

/** Sends a chat message the way a person does: type, then Enter. */
async function ask(page: Page, text: string) {
  const box = page.getByLabel("Message the trading assistant");
  await box.fill(text);
  await box.press("Enter");
}

const card = (page: Page) => page.getByTestId("confirmation-card");

describe.runIf(hasChromium)("trading in the browser", { timeout: 120_000 }, () => {
  let app: WebTestService;
  let browser: BrowserSession;
  let page: Page;
  let token: string;

  beforeAll(async () => {
    app = await startWebTestService();
    token = await app.signIn();
    browser = await openBrowser({ width: 1280, height: 900 });
    page = browser.page;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  afterEach(() => {
    // Any console error or uncaught exception in the page fails the test it happened in.
    expect(browser.errors).toEqual([]);
  });

  it("signs in with the demo account shown on the sign-in page", async () => {
    await page.goto(app.webUrl);
    await expect.poll(() => page.getByText("demo@example.com").count()).toBeGreaterThan(0);
    await browser.screenshot("01-sign-in");
    await page.getByRole("button", { name: "Fill in the demo account" }).click();
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("total-value").filter({ hasText: "$" }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await page.getByText("Live", { exact: false }).first().waitFor();
  });

  it("answers a holdings question with streamed text and tool activity", async () => {
    await ask(page, "What do I hold?");
    await page.locator(".bubble-assistant", { hasText: "Your portfolio is worth" }).waitFor();
    await expect.poll(() => page.getByText("Looked up your holdings").count()).toBeGreaterThan(0);
    await page.locator(".holding-row", { hasText: "AAPL" }).waitFor();
    await browser.screenshot("02-holdings-answer");
  });

  it("routes a sell between two accounts, switches to the alternative, and approves exactly once", async () => {
    const { accounts } = (await (await app.api(token, "/api/accounts")).json()) as {
      accounts: Array<{ id: string; name: string }>;
    };
    const robinhood = accounts.find((a) => a.name === "Robinhood Individual")!;
    const ordersBefore = (await app.sandboxOrders()).length;

    await ask(page, "sell 2 shares of AAPL");
    await card(page).getByRole("heading", { name: "Sell 2 shares of AAPL" }).waitFor();
    await expect
      .poll(() => card(page).locator(".card-account-name").textContent())
      .toContain("Individual Brokerage");
    expect(await card(page).locator(".card-reason").textContent()).toContain("holds the most AAPL (50)");
    // The read-only Fidelity account is listed with the reason it cannot be used.
    expect(await card(page).locator(".why-not").first().textContent()).toContain("read-only");
    expect(await card(page).getByText("Fees").count()).toBe(1);
    await browser.screenshot("03-card-schwab");

    await card(page)
      .getByRole("button", { name: "Use this account: Robinhood · Robinhood Individual" })
      .click();
    await expect
      .poll(() => card(page).locator(".card-account-name").textContent())
      .toContain("Robinhood Individual");
    expect(await card(page).locator(".card-reason").textContent()).toContain(
      "You chose Robinhood Individual",
    );
    await browser.screenshot("04-card-robinhood");

    // A double click must not send two orders: the button locks on the first.
    await card(page).getByRole("button", { name: "Approve" }).dblclick();
    const result = page.getByTestId("order-result").last();
    await expect
      .poll(() => result.textContent(), { timeout: 20_000 })
      .toMatch(/Sell 2 AAPL — (Filled|Accepted)/);
    await expect.poll(() => card(page).count()).toBe(0);
    await browser.screenshot("05-approved");

    const orders = await app.sandboxOrders();
    expect(orders.length).toBe(ordersBefore + 1);
    const sent = orders.at(-1)!;
    expect(sent).toMatchObject({ provider: "snaptrade", symbol: "AAPL", side: "sell", quantity: 2 });
    expect(robinhood.id).toBe(`snaptrade_${sent.accountId}`);
    // The orders list shows it with its status.
    await expect.poll(() => page.getByTestId("orders-list").textContent()).toContain("Sell 2 sh AAPL");
  });

  it("edits the amount and order type on the card, which prepares a new card", async () => {
    await ask(page, "sell 2 shares of AAPL");
    await card(page).getByRole("heading", { name: "Sell 2 shares of AAPL" }).waitFor();
    await card(page).getByRole("button", { name: "Edit" }).click();
    await card(page).getByLabel("Number of shares").fill("3");
    await card(page).getByLabel("Order type").selectOption("limit");
    await card(page).getByLabel("Limit price").fill("150");
    await card(page).getByRole("button", { name: "Update order" }).click();
    await card(page).getByRole("heading", { name: "Sell 3 shares of AAPL" }).waitFor();
    const facts = card(page).locator(".facts");
    await expect.poll(() => facts.textContent()).toContain("Limit price$150.00");
    await browser.screenshot("05b-edited-card");
    await card(page).getByRole("button", { name: "Reject" }).click();
    await expect.poll(() => card(page).count()).toBe(0);
  });

  it("shows a sub-dollar limit price on the card with every digit it is sent with", async () => {
    const { prices } = await app.admin<{ prices: Record<string, number> }>("/__sandbox/prices");
    const before = prices.KO!;
    await app.admin("/__sandbox/prices", { KO: 0.8 });
    try {
      await ask(page, "buy 10 shares of KO with a limit of $0.5525");
      await card(page).getByRole("heading", { name: "Buy 10 shares of KO" }).waitFor();
      const facts = card(page).locator(".facts");
      // Hundredths of a cent are a valid tick below $1: the card showed $0.55 for $0.5525.
      await expect.poll(() => facts.textContent()).toContain("Limit price$0.5525");
      await card(page).getByRole("button", { name: "Reject" }).click();
      await expect.poll(() => card(page).count()).toBe(0);
    } finally {
      await app.admin("/__sandbox/prices", { KO: before });
    }
  });

  it("rejects an order without sending anything", async () => {
    const ordersBefore = (await app.sandboxOrders()).length;
    await ask(page, "sell 1 share of AAPL");
    await card(page).getByRole("heading", { name: "Sell 1 share of AAPL" }).waitFor();
    await card(page).getByRole("button", { name: "Reject" }).click();
    await page.getByText("You rejected the order. Nothing was sent.").last().waitFor();
    await expect.poll(() => card(page).count()).toBe(0);
    expect((await app.sandboxOrders()).length).toBe(ordersBefore);
  });

  it("restores the conversation and its pending confirmation after a reload", async () => {
    await ask(page, "buy 1 share of NVDA");
    await card(page).getByRole("heading", { name: "Buy 1 share of NVDA" }).waitFor();
    const accountBefore = await card(page).locator(".card-account-name").textContent();

    await page.reload();
    await card(page).getByRole("heading", { name: "Buy 1 share of NVDA" }).waitFor();
    expect(await card(page).locator(".card-account-name").textContent()).toBe(accountBefore);
    expect(
      await card(page)
        .getByText(/Expires in/)
        .count(),
    ).toBe(1);
    // Earlier turns of the same thread are back too.
    await page.locator(".bubble-user", { hasText: "sell 2 shares of AAPL" }).first().waitFor();
    await browser.screenshot("06-restored-card");

    await card(page).getByRole("button", { name: "Reject" }).click();
    await expect.poll(() => card(page).count()).toBe(0);
  });
});
