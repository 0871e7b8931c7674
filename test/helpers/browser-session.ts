import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM_PATH);
export const ARTIFACTS_DIR = path.resolve("test-artifacts/browser");

/** Prints why a browser suite does not run (it is not skipped silently). */
export function warnWithoutChromium(suite: string): void {
  if (!hasChromium) {
    console.warn(
      `[${suite}] ${CHROMIUM_PATH} not found: browser tests not run. Install it with: apt-get install -y chromium`,
    );
  }
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far (a test fails on any). */
  errors: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Headless Debian Chromium with a fresh profile; collects console errors from every page. */
export async function openBrowser(
  options: { width?: number; height?: number } = {},
): Promise<BrowserSession> {
  const profile = mkdtempSync(path.join(tmpdir(), "browser-test-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return {
    context,
    page,
    errors,
    async screenshot(name) {
      const file = path.join(ARTIFACTS_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      return file;
    },
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
