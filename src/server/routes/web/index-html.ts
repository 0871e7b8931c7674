import type { WebBundle } from "./web-bundle.js";

/** A small inline icon, so the browser's favicon request does not end in a 404. */
const ICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%231d4ed8'/%3E%3Cpath d='M3 11l3-3 2 2 5-5' stroke='white' stroke-width='1.6' fill='none'/%3E%3C/svg%3E";

const escapeAttribute = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The app's only page: a mount point, the hashed script, and — to save round trips on a slow
 * network — the stylesheet inlined (no render-blocking request) and the app configuration in a
 * meta tag (the app does not wait for /app-config.json). No inline script: the CSP forbids it.
 */
export function renderIndexHtml(
  bundle: Pick<WebBundle, "script" | "stylesheet" | "assets">,
  config?: unknown,
): string {
  const css = bundle.stylesheet ? bundle.assets.get(bundle.stylesheet) : undefined;
  const cssText = css ? new TextDecoder().decode(css.contents) : "";
  if (cssText.includes("</")) throw new Error("the stylesheet cannot be inlined: it contains '</'");
  const style = cssText ? `<style>${cssText}</style>` : "";
  const configMeta =
    config === undefined
      ? ""
      : `<meta name="app-config" content="${escapeAttribute(JSON.stringify(config))}">`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>Trading agent</title>
<link rel="icon" href="${ICON}">
${configMeta}
${style}
<script type="module" src="/assets/${bundle.script}"></script>
</head>
<body>
<div id="app"><p class="boot">Loading…</p></div>
</body>
</html>
`;
}
