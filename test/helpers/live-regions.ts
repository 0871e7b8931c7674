import type { Page } from "playwright-core";

/**
 * Records what the page's live regions would make a screen reader say: text added to, or
 * changed inside, an `aria-live` (not "off"), `status`, `alert` or `log` region, and any such
 * region inserted with text already in it. Installed before the page's own scripts run.
 */
export async function recordAnnouncements(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const LIVE = '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]';
    const said: string[] = [];
    (window as unknown as { __announcements: string[] }).__announcements = said;
    const regionOf = (node: Node): Element | null => {
      const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
      return element?.closest(LIVE) ?? null;
    };
    const record = (text: string | null | undefined) => {
      const clean = (text ?? "").replace(/\s+/g, " ").trim();
      if (clean) said.push(clean);
    };
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        if (mutation.type === "characterData") {
          if (regionOf(mutation.target)) record(mutation.target.textContent);
          continue;
        }
        for (const added of Array.from(mutation.addedNodes)) {
          if (regionOf(mutation.target)) {
            record(added.textContent);
          } else if (added instanceof Element) {
            const regions = added.matches(LIVE) ? [added] : Array.from(added.querySelectorAll(LIVE));
            for (const region of regions) record(region.textContent);
          }
        }
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

/** What has been announced since the page loaded (or since the last `clearAnnouncements`). */
export const announcements = (page: Page): Promise<string[]> =>
  page.evaluate(() => [...(window as unknown as { __announcements: string[] }).__announcements]);

export const clearAnnouncements = (page: Page): Promise<void> =>
  page.evaluate(() => {
    (window as unknown as { __announcements: string[] }).__announcements.length = 0;
  });
