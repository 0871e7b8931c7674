import type { WebBundle } from "./web-bundle.js";

/** A small inline icon, so the browser's favicon request does not end in a 404. */
const ICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%231d4ed8'/%3E%3Cpath d='M3 11l3-3 2 2 5-5' stroke='white' stroke-width='1.6' fill='none'/%3E%3C/svg%3E";

/** The app's only page: a mount point and the hashed assets (no inline script: the CSP forbids it). */
export function renderIndexHtml(bundle: Pick<WebBundle, "script" | "stylesheet">): string {
  const stylesheet = bundle.stylesheet ? `<link rel="stylesheet" href="/assets/${bundle.stylesheet}">` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>Trading agent</title>
<link rel="icon" href="${ICON}">
${stylesheet}
<script type="module" src="/assets/${bundle.script}"></script>
</head>
<body>
<div id="app"><p class="boot">Loading…</p></div>
</body>
</html>
`;
}
