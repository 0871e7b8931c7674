import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Message, ThreadTranscript, ThreadView } from "../../src/server/api-types.js";
import { axeViolations } from "../helpers/axe.js";
import { startWebTestService, type WebTestService } from "../helpers/browser-app.js";
import {
  type BrowserSession,
  hasChromium,
  openBrowser,
  warnWithoutChromium,
} from "../helpers/browser-session.js";

warnWithoutChromium("browser: a long conversation's earlier messages");

/** A small page, so a thread of a few turns spans several (the service's default is far larger). */
const PAGE_SIZE = 4;

/** One element per message in the thread, as drawn: its kind and, for a bubble, the text it shows. */
interface Drawn {
  bubble: "user" | "assistant" | null;
  text: string;
  orderId: string | null;
}

const drawn = (page: Page): Promise<Drawn[]> =>
  page.locator(".conversation-scroll .messages > *").evaluateAll((elements) =>
    elements.map((element) => {
      const role = /\bbubble-(user|assistant)\b/.exec(element.className)?.[1] ?? null;
      // The bubble's text without its screen-reader label ("You said:", "Assistant:").
      const text = Array.from(element.childNodes)
        .filter((node) => !(node instanceof HTMLElement && node.classList.contains("sr-only")))
        .map((node) => node.textContent ?? "")
        .join("");
      return {
        bubble: role as "user" | "assistant" | null,
        text,
        orderId: element.getAttribute("data-order-id"),
      };
    }),
  );

/** What the thread must look like when `messages` are drawn, in order. */
const expectedDrawing = (messages: Message[]) =>
  messages.map((m) =>
    m.role === "tool" ? { bubble: null } : { bubble: m.role, text: m.content, orderId: null },
  );

const control = (page: Page) => page.getByTestId("earlier-messages");
const loadButton = (page: Page) => control(page).getByRole("button");
const scroller = (page: Page) => page.locator(".conversation-scroll");

type Marked = Window & { markedMessage?: Element | null };

/** Notes the first drawn message's element, and answers where it is on screen. */
const markFirstMessage = (page: Page) =>
  page.evaluate(() => {
    const first = document.querySelector(".conversation-scroll .messages > *");
    (window as Marked).markedMessage = first;
    return first?.getBoundingClientRect().top ?? Number.NaN;
  });

/** Where the noted element is on screen now (NaN once it is gone). */
const markedTop = (page: Page) =>
  page.evaluate(() => {
    const marked = (window as Marked).markedMessage;
    return marked?.isConnected ? marked.getBoundingClientRect().top : Number.NaN;
  });

describe.runIf(hasChromium)(
  "a long conversation's earlier messages in the browser",
  { timeout: 180_000 },
  () => {
    let app: WebTestService;
    let browser: BrowserSession;
    let page: Page;
    let token: string;
    let threadId: string;
    /** The whole thread, from the API in one page. */
    let thread: Message[];
    let orderId: string;

    const send = async (content: string) => {
      const response = await app.api(token, `/api/threads/${threadId}/messages`, { body: { content } });
      expect(response.status).toBe(200);
      return (await response.json()) as ThreadView;
    };

    beforeAll(async () => {
      app = await startWebTestService({ service: { transcriptPageSize: PAGE_SIZE } });
      token = await app.signIn();
      threadId = (
        (await (await app.api(token, "/api/threads", { method: "POST" })).json()) as { threadId: string }
      ).threadId;
      // The thread opens with a trade, so its card and order are in the earliest pages.
      const asked = await send("buy 1 share of KO");
      const card = asked.pendingConfirmation!;
      const approved = await app.api(token, `/api/threads/${threadId}/confirmations/${card.id}`, {
        body: { decision: "approve", hash: card.hash },
      });
      expect(approved.status).toBe(200);
      orderId = ((await approved.json()) as { order: { id: string } }).order.id;
      for (const question of [
        "What do I hold?",
        "How much cash do I have?",
        "What is my AAPL position worth?",
      ])
        await send(question);
      const whole = (await (
        await app.api(token, `/api/threads/${threadId}?limit=500`)
      ).json()) as ThreadTranscript;
      expect(whole.earlierBefore).toBeNull();
      thread = whole.messages;
      // At least three pages, the first one short, so loading stops at the thread's real start.
      expect(thread.length).toBeGreaterThan(2 * PAGE_SIZE);

      browser = await openBrowser({ width: 1280, height: 900 });
      page = browser.page;
      await page.goto(app.webUrl);
      await page.getByRole("button", { name: "Fill in the demo account" }).click();
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByTestId("total-value").filter({ hasText: "$" }).waitFor();
      await page.getByRole("button", { name: "Conversations" }).click();
      await page.getByRole("button", { name: /buy 1 share of KO/ }).click();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    afterEach(() => {
      expect(browser.errors).toEqual([]);
    });

    it("shows the latest page, without the thread's start, and says plainly that earlier messages exist", async () => {
      await loadButton(page).waitFor();
      await expect.poll(() => drawn(page).then((d) => d.length)).toBe(PAGE_SIZE);
      expect(await drawn(page)).toMatchObject(expectedDrawing(thread.slice(-PAGE_SIZE)));
      expect(await page.locator(".bubble-user", { hasText: "buy 1 share of KO" }).count()).toBe(0);
      expect(await page.locator(`[data-order-id="${orderId}"]`).count()).toBe(0);
      expect(await control(page).textContent()).toContain(
        "Earlier messages in this conversation are not shown.",
      );
      expect(await loadButton(page).textContent()).toBe("Load earlier messages");
      expect(await axeViolations(page)).toEqual([]);
      await browser.screenshot("60-earlier-messages-control");
    });

    it("loads earlier pages first in the thread, in order, without duplicates, the view held still, until the start", async () => {
      let loads = 0;
      while ((await control(page).count()) > 0) {
        const shown = (await drawn(page)).length;
        // The reader is at the top of the thread, where the control is.
        await scroller(page).evaluate((element) => {
          element.scrollTop = 0;
        });
        const topBefore = await markFirstMessage(page);
        // The first page by mouse; the others with the keyboard, focus staying on the button.
        if (loads === 0) await loadButton(page).click();
        else {
          expect(await loadButton(page).evaluate((button) => button === document.activeElement)).toBe(true);
          await page.keyboard.press("Enter");
        }
        loads += 1;
        await expect
          .poll(() => drawn(page).then((d) => d.length))
          .toBe(Math.min(shown + PAGE_SIZE, thread.length));
        // What was first on screen has not moved: the earlier messages went above it.
        expect(Math.abs((await markedTop(page)) - topBefore)).toBeLessThanOrEqual(1);
        expect(await drawn(page)).toMatchObject(expectedDrawing(thread.slice(-(shown + PAGE_SIZE))));
        expect(loads).toBeLessThanOrEqual(Math.ceil(thread.length / PAGE_SIZE));
      }
      expect(loads).toBe(Math.ceil(thread.length / PAGE_SIZE) - 1);
      // The whole thread, each message once, in order; the order placed in the first page is drawn as an order.
      const whole = await drawn(page);
      expect(whole).toHaveLength(thread.length);
      expect(whole).toMatchObject(expectedDrawing(thread));
      await page.locator(`[data-order-id="${orderId}"]`).waitFor();
      expect(await page.locator(".bubble-user", { hasText: "buy 1 share of KO" }).count()).toBe(1);
      // The button is gone with the thread's start: focus is on the conversation, not lost.
      expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(
        "Conversation",
      );
      await expect
        .poll(() => page.getByTestId("announcer").textContent())
        .toContain("This is the start of the conversation.");
      await browser.screenshot("61-earlier-messages-loaded");
    });

    it("says when earlier messages could not be loaded, and loads them on Try again", async () => {
      await page.reload();
      await loadButton(page).waitFor();
      await expect.poll(() => drawn(page).then((d) => d.length)).toBe(PAGE_SIZE);
      const earlierPage = (url: URL) =>
        url.pathname.startsWith("/api/threads/") && url.searchParams.has("before");
      await page.route(earlierPage, (route) =>
        route.fulfill({
          status: 503,
          contentType: "application/json",
          body: JSON.stringify({ error: { code: "unavailable", message: "The database is busy." } }),
        }),
      );
      await loadButton(page).click();
      await control(page).getByRole("alert").filter({ hasText: "could not be loaded" }).waitFor();
      expect(await control(page).getByRole("alert").textContent()).toContain("The database is busy.");
      expect(await loadButton(page).textContent()).toBe("Try again");
      expect((await drawn(page)).length).toBe(PAGE_SIZE);
      expect(await axeViolations(page)).toEqual([]);
      await browser.screenshot("62-earlier-messages-failed");

      await page.unroute(earlierPage);
      await loadButton(page).click();
      await expect.poll(() => drawn(page).then((d) => d.length)).toBe(2 * PAGE_SIZE);
      expect(await drawn(page)).toMatchObject(expectedDrawing(thread.slice(-2 * PAGE_SIZE)));
      expect(await control(page).getByRole("alert").count()).toBe(0);
      expect(await loadButton(page).textContent()).toBe("Load earlier messages");
      // The failed request's own console line is the only error expected here.
      const failures = browser.errors.splice(0);
      expect(failures.every((error) => error.includes("status of 503"))).toBe(true);
    });
  },
);
