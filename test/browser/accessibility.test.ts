import type { Page, Response } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "../helpers/axe.js";
import { startWebTestService, type WebTestService } from "../helpers/browser-app.js";
import {
  type BrowserSession,
  hasChromium,
  openBrowser,
  warnWithoutChromium,
} from "../helpers/browser-session.js";
import { announcements, clearAnnouncements, recordAnnouncements } from "../helpers/live-regions.js";

warnWithoutChromium("browser: accessibility");

async function ask(page: Page, text: string) {
  const box = page.getByLabel("Message the trading assistant");
  await box.fill(text);
  await box.press("Enter");
}

/** The turn is over: nothing streaming, nothing "Thinking…". */
const turnOver = async (page: Page) => {
  await expect.poll(() => page.locator(".turn-activity").count(), { timeout: 20_000 }).toBe(0);
};

const card = (page: Page) => page.getByTestId("confirmation-card");

describe.runIf(hasChromium)("accessibility in the browser", { timeout: 120_000 }, () => {
  let app: WebTestService;
  let browser: BrowserSession;
  let page: Page;
  const scripts: Response[] = [];

  beforeAll(async () => {
    app = await startWebTestService();
    browser = await openBrowser({ width: 1280, height: 900 });
    page = browser.page;
    page.on("response", (response) => {
      if (/\/assets\/.+\.js$/.test(new URL(response.url()).pathname)) scripts.push(response);
    });
    await recordAnnouncements(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  afterEach(() => {
    expect(browser.errors).toEqual([]);
  });

  it("serves the app's JavaScript compressed", async () => {
    await page.goto(app.webUrl);
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      const headers = await script.allHeaders();
      expect(["br", "gzip"]).toContain(headers["content-encoding"]);
      // What crossed the wire, not the unpacked size.
      const sizes = await script.request().sizes();
      expect(sizes.responseBodySize).toBeLessThan(40_000);
    }
  });

  it("has no axe violations on sign-in, and a failed sign-in leaves focus on the reason", async () => {
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Email").fill("demo@example.com");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    const problem = page.getByRole("alert");
    await problem.waitFor();
    expect(await problem.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    // The refused password grant is the one console error this test causes on purpose.
    expect(browser.errors).toEqual([expect.stringContaining("status of 400")]);
    browser.errors.length = 0;
  });

  it("has no axe violations on the workspace, a card and the edit form", async () => {
    await page.getByRole("button", { name: "Fill in the demo account" }).click();
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("total-value").filter({ hasText: "$" }).waitFor();
    await page.getByText("Live ·").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await ask(page, "sell 2 shares of AAPL");
    await card(page).getByRole("heading", { name: "Sell 2 shares of AAPL" }).waitFor();
    await turnOver(page);
    expect(await axeViolations(page)).toEqual([]);

    await card(page).getByRole("button", { name: "Edit" }).click();
    await card(page).getByLabel("Number of shares").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await card(page).getByRole("button", { name: "Reject" }).click();
    await expect.poll(() => card(page).count()).toBe(0);
  });

  it("keeps the workspace still while it loads: charts and holdings have their place (layout shift < 0.05)", async () => {
    await page.reload();
    await page.getByTestId("total-value").filter({ hasText: "$" }).waitFor();
    await page.getByRole("img", { name: "Allocation by symbol" }).waitFor();
    await page.waitForTimeout(2_000);
    const shift = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number }>)
              total += entry.value;
          }).observe({ type: "layout-shift", buffered: true });
          setTimeout(() => resolve(total), 100);
        }),
    );
    expect(shift).toBeLessThan(0.05);
    await page.getByText("Live ·").waitFor();
  });

  it("announces nothing while the portfolio is idle for 30 s, though prices move", async () => {
    const total = page.getByTestId("total-value");
    await clearAnnouncements(page);
    const before = await total.textContent();
    await page.waitForTimeout(30_000);
    // The value did move (so silence is not just a quiet market)…
    expect(await total.textContent()).not.toBe(before);
    // …and none of it was read out.
    expect(await announcements(page)).toEqual([]);
  });

  it("announces one chat turn once: the finished answer and a short card summary, in an append-only thread", async () => {
    await clearAnnouncements(page);
    await page.evaluate(() => {
      const list = document.querySelector(".messages")!;
      const removed: string[] = [];
      (window as unknown as { __removed: string[] }).__removed = removed;
      new MutationObserver((mutations) => {
        for (const m of mutations)
          for (const node of Array.from(m.removedNodes))
            if (node instanceof Element) removed.push(node.outerHTML.slice(0, 80));
      }).observe(list, { childList: true, subtree: true });
    });
    await ask(page, "sell 2 shares of AAPL");
    await card(page).getByRole("heading", { name: "Sell 2 shares of AAPL" }).waitFor();
    await turnOver(page);
    await page.waitForTimeout(1_000);

    const said = await announcements(page);
    const answer = (await page.locator(".bubble-assistant").last().textContent())!.replace(/^Assistant:/, "");
    expect(said).toHaveLength(2);
    expect(said).toContain(answer.replace(/\s+/g, " ").trim());
    const summary = said.find((text) => text.startsWith("Order to confirm:"));
    expect(summary).toMatch(/^Order to confirm: sell 2 AAPL from .+, expires in 5 minutes\.$/);
    // Nothing in the thread was taken out and put back (that is what makes it be read twice).
    expect(await page.evaluate(() => (window as unknown as { __removed: string[] }).__removed)).toEqual([]);
    await card(page).getByRole("button", { name: "Reject" }).click();
    await expect.poll(() => card(page).count()).toBe(0);
  });

  it("does not grow the document as the conversation grows", async () => {
    for (let turn = 0; turn < 8; turn++) {
      await ask(page, "What's my buying power?");
      await turnOver(page);
    }
    const sizes = await page.evaluate(() => {
      window.scrollTo(0, 1e6);
      return {
        document: document.documentElement.scrollHeight,
        window: window.innerHeight,
        scrolled: window.scrollY,
        thread: document.querySelector(".conversation-scroll")!.scrollHeight,
      };
    });
    // The thread is much taller than the window, yet the page itself does not scroll.
    expect(sizes.thread).toBeGreaterThan(sizes.window * 1.5);
    expect(sizes.document).toBe(sizes.window);
    expect(sizes.scrolled).toBe(0);
  });

  it("has no axe violations and no sideways scrolling on a 375 px phone", async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await browser.screenshot("20-phone-375");
  });

  it("reflows at 400 % zoom (320 × 256 CSS px): the conversation gets the screen, sizes follow the reader's default", async () => {
    await page.setViewportSize({ width: 320, height: 256 });
    expect(await axeViolations(page)).toEqual([]);
    const layout = await page.evaluate(() => {
      const scroll = document.querySelector(".conversation-scroll")!;
      const latest = Array.from(document.querySelectorAll(".bubble-user")).at(-1)!;
      latest.scrollIntoView({ block: "center" });
      const box = latest.getBoundingClientRect();
      return {
        sideways: document.documentElement.scrollWidth,
        // No scroll box of its own: the thread flows in the page, which scrolls.
        innerScroll: scroll.scrollHeight - scroll.clientHeight,
        latestVisible: box.top >= 0 && box.bottom <= window.innerHeight,
        rootFont: getComputedStyle(document.documentElement).fontSize,
        smallest: Math.min(
          ...Array.from(document.querySelectorAll("body *"))
            .filter((el) => (el as HTMLElement).offsetParent !== null && !el.closest(".sr-only"))
            .filter((el) => Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent!.trim()))
            .map((el) => Number.parseFloat(getComputedStyle(el).fontSize)),
        ),
      };
    });
    expect(layout.sideways).toBeLessThanOrEqual(320);
    expect(layout.innerScroll).toBeLessThanOrEqual(1);
    expect(layout.latestVisible).toBe(true);
    expect(layout.rootFont).toBe("16px");
    expect(layout.smallest).toBeGreaterThanOrEqual(12);
    await browser.screenshot("21-zoom-400");
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
