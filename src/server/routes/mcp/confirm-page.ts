import { fileURLToPath } from "node:url";

/** The approval page's own small bundle (the main app stays as it is). */
export const CONFIRM_PAGE_ENTRY = fileURLToPath(
  new URL("../../../../web/src/confirm/main.tsx", import.meta.url),
);
export const CONFIRM_ASSETS_PATH = "/confirm-assets";

/** The page that shows one card and lets the signed-in user approve or reject it (no inline script: CSP). */
export function renderConfirmHtml(bundle: { script: string; stylesheet: string | null }): string {
  const stylesheet = bundle.stylesheet
    ? `<link rel="stylesheet" href="${CONFIRM_ASSETS_PATH}/${bundle.stylesheet}">`
    : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>Confirm an order · Trading agent</title>
${stylesheet}
<script type="module" src="${CONFIRM_ASSETS_PATH}/${bundle.script}"></script>
</head>
<body>
<main id="app"><p>Loading…</p></main>
</body>
</html>
`;
}
