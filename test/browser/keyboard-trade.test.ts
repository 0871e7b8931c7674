import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startWebTestService, type WebTestService } from "../helpers/browser-app.js";
import {
  type BrowserSession,
  hasChromium,
  openBrowser,
  warnWithoutChromium,
} from "../helpers/browser-session.js";

warnWithoutChromium("browser: keyboard-only trading");

interface Focused {
  tag: string;
  /** The accessible-ish name: aria-label, else the visible text. */
  name: string;
  id: string;
  classes: string;
  testId: string | null;
  inCard: boolean;
}

const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? "",
      name: (el?.getAttribute("aria-label") ?? el?.textContent ?? "").replace(/\s+/g, " ").trim(),
      id: el?.id ?? "",
      classes: el?.className ?? "",
      testId: el?.getAttribute("data-testid") ?? null,
      inCard: Boolean(el?.closest('[data-testid="confirmation-card"]')),
    };
  });

/** Presses `key` until focus is on an element matching `wanted`; answers how many presses it took. */
async function pressUntil(
  page: Page,
  key: string,
  wanted: (f: Focused) => boolean,
  max = 12,
): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press(key);
    if (wanted(await focused(page))) return presses;
  }
  throw new Error(
    `focus never reached the target with ${key}; it is on ${JSON.stringify(await focused(page))}`,
  );
}

const card = (page: Page) => page.getByTestId("confirmation-card");

/** WCAG relative luminance and contrast of two `rgb(...)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe.runIf(hasChromium)("trading with the keyboard only", { timeout: 120_000 }, () => {
  let app: WebTestService;
  let browser: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    app = await startWebTestService();
    browser = await openBrowser({ width: 1280, height: 900 });
    page = browser.page;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  afterEach(() => {
    expect(browser.errors).toEqual([]);
  });

  it("signs in and reaches the message box with the keyboard", async () => {
    await page.goto(app.webUrl);
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await pressUntil(page, "Tab", (f) => f.tag === "input" && f.name === "");
    await page.keyboard.type("demo@example.com");
    await page.keyboard.press("Tab");
    const password = await page.evaluate(() => (document.activeElement as HTMLInputElement).type);
    expect(password).toBe("password");
    await page.keyboard.type("demo-password-123");
    await page.keyboard.press("Enter");
    await page.getByTestId("total-value").filter({ hasText: "$" }).waitFor();
    const presses = await pressUntil(page, "Tab", (f) => f.id === "composer-input");
    expect(presses).toBeLessThanOrEqual(8);
  });

  it("keeps focus in the message box while a card arrives, and the card is one Shift+Tab away", async () => {
    await page.keyboard.type("sell 2 shares of AAPL");
    await page.keyboard.press("Enter");
    await card(page).getByRole("heading", { name: "Sell 2 shares of AAPL" }).waitFor();
    expect((await focused(page)).id).toBe("composer-input");
    await page.keyboard.press("Shift+Tab");
    await expect.poll(() => focused(page)).toMatchObject({ name: "Edit", inCard: true });
  });

  it("shows a focus ring of at least 3:1 that survives forced colours", async () => {
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      let back: HTMLElement | null = el.parentElement;
      while (back && getComputedStyle(back).backgroundColor === "rgba(0, 0, 0, 0)") back = back.parentElement;
      return {
        style: style.outlineStyle,
        width: Number.parseFloat(style.outlineWidth),
        color: style.outlineColor,
        background: back ? getComputedStyle(back).backgroundColor : "rgb(255, 255, 255)",
      };
    });
    expect(ring.style).toBe("solid");
    expect(ring.width).toBeGreaterThanOrEqual(2);
    expect(contrast(ring.color, ring.background)).toBeGreaterThanOrEqual(3);

    await page.emulateMedia({ forcedColors: "active" });
    const forced = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as HTMLElement);
      return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
    });
    expect(forced.style).not.toBe("none");
    expect(forced.width).toBeGreaterThanOrEqual(2);
    await page.emulateMedia({ forcedColors: "none" });
  });

  it("Edit moves focus into the form; Escape closes it and returns to Edit", async () => {
    await page.keyboard.press("Enter");
    await expect.poll(() => focused(page)).toMatchObject({ id: "edit-amount", inCard: true });
    await page.keyboard.press("Escape");
    await expect.poll(() => card(page).locator("form").count()).toBe(0);
    await expect.poll(() => focused(page)).toMatchObject({ name: "Edit", inCard: true });
  });

  it("choosing another account focuses the new card's title", async () => {
    const presses = await pressUntil(page, "Shift+Tab", (f) => f.name.startsWith("Use this account"));
    expect(presses).toBeLessThanOrEqual(4);
    await page.keyboard.press("Enter");
    await expect
      .poll(() => card(page).locator(".card-account-name").textContent())
      .toContain("Robinhood Individual");
    await expect.poll(async () => (await focused(page)).classes).toContain("card-title");
    await expect.poll(() => focused(page)).toMatchObject({ name: "Sell 2 shares of AAPL", inCard: true });
  });

  it("Approve is a few Tabs from the title, and focus lands on the order's result", async () => {
    const presses = await pressUntil(page, "Tab", (f) => f.name === "Approve");
    expect(presses).toBeLessThanOrEqual(4);
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await focused(page)).testId, { timeout: 20_000 }).toBe("order-result");
    expect((await focused(page)).name).toMatch(/^Sell 2 AAPL — /);
    expect(await card(page).count()).toBe(0);
  });

  it("Reject returns focus to the message box", async () => {
    await pressUntil(page, "Tab", (f) => f.id === "composer-input");
    await page.keyboard.type("sell 1 share of AAPL");
    await page.keyboard.press("Enter");
    await card(page).getByRole("heading", { name: "Sell 1 share of AAPL" }).waitFor();
    await pressUntil(page, "Shift+Tab", (f) => f.name === "Reject" && f.inCard, 3);
    // What has focus at the first frame drawn without the card: focus must never be left on the page.
    await page.evaluate(() => {
      const probe = window as unknown as { focusWhenCardWent?: string };
      const observer = new MutationObserver(() => {
        if (document.querySelector('[data-testid="confirmation-card"]')) return;
        observer.disconnect();
        requestAnimationFrame(() => {
          probe.focusWhenCardWent = document.activeElement?.id || document.activeElement?.tagName;
        });
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
    await page.keyboard.press("Enter");
    await expect.poll(() => card(page).count()).toBe(0);
    const focusWhenCardWent = () =>
      page.evaluate(() => (window as unknown as { focusWhenCardWent?: string }).focusWhenCardWent);
    await expect.poll(focusWhenCardWent).toBeDefined();
    expect(await focusWhenCardWent()).toBe("composer-input");
    expect((await focused(page)).id).toBe("composer-input");
  });

  it("Escape closes the conversations list back to its button; a new conversation focuses the message box", async () => {
    await pressUntil(page, "Shift+Tab", (f) => f.name === "Conversations", 20);
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect((await focused(page)).name).toBe("+ New conversation");
    await page.keyboard.press("Escape");
    expect((await focused(page)).name).toBe("Conversations");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    expect((await focused(page)).id).toBe("composer-input");
    await page.getByText("Ask about your holdings across every linked account").waitFor();
  });
});
