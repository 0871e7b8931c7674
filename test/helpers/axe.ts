import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource: string = (require("axe-core") as { source: string }).source;

/**
 * Runs axe-core (every rule it enables by default: WCAG 2.x A/AA and best practices) on the page
 * as it is now; answers one line per violation ("rule (impact): nodes"), empty when clean.
 * Injected through the DevTools protocol, so the page's CSP does not have to allow it.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }
    ).axe;
    interface AxeResult {
      violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
    }
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
  });
}
