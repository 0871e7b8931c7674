import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { ApiApp } from "../api-app.js";

// Served from the installed package: the docs page needs no network.
const swaggerDir = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const assets: Record<string, { file: string; type: string }> = {
  "swagger-ui.css": { file: "swagger-ui.css", type: "text/css; charset=utf-8" },
  "swagger-ui-bundle.js": { file: "swagger-ui-bundle.js", type: "text/javascript; charset=utf-8" },
};

const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Trading agent API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script></body></html>`;

const init = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });`;

type OpenApiDocument = ReturnType<ApiApp["getOpenAPI31Document"]>;

/**
 * The edge refuses a body before any route sees it: one over the size limit (413) on any write,
 * including those that read their body raw (the webhooks), and one not sent as JSON (415) where
 * a JSON body is declared. Both carry the error body the operation's 400 documents.
 */
function withBodyRefusals(document: OpenApiDocument): OpenApiDocument {
  for (const methods of Object.values(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(methods as Record<string, unknown>)) {
      const op = operation as {
        requestBody?: unknown;
        responses?: Record<string, { description: string; content?: unknown }>;
      };
      if (!["post", "put", "patch"].includes(method) || !op.responses) continue;
      const content = op.responses["400"]?.content;
      op.responses["413"] ??= { description: "The body is too large: nothing was changed", content };
      if (op.requestBody) {
        op.responses["415"] ??= { description: "The body is not JSON: nothing was changed", content };
      }
    }
  }
  return document;
}

/** `GET /openapi.json` documents every route registered with a schema; `/docs` renders it offline. */
export function registerDocsRoutes(app: ApiApp): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "Supabase access token (JWT)",
  });
  // OpenAPI 3.1: its schemas are JSON Schema, so `null` is a type of its own (3.0 has no null type).
  let document: OpenApiDocument | undefined;
  app.get("/openapi.json", (c) => {
    document ??= withBodyRefusals(
      app.getOpenAPI31Document({
        openapi: "3.1.0",
        info: {
          title: "Trading agent API",
          version: "1.0.0",
          description:
            "Portfolio questions and human-confirmed trades across SnapTrade, Alpaca and Plaid accounts.",
        },
      }),
    );
    return c.json(document);
  });
  app.get("/docs", (c) => c.html(page));
  app.get("/docs/assets/init.js", (c) =>
    c.body(init, 200, { "content-type": "text/javascript; charset=utf-8" }),
  );
  const cache = new Map<string, Buffer>();
  app.get("/docs/assets/:name", (c) => {
    const asset = assets[c.req.param("name")];
    if (!asset) return c.notFound();
    let content = cache.get(asset.file);
    if (!content) {
      content = readFileSync(path.join(swaggerDir, asset.file));
      cache.set(asset.file, content);
    }
    return c.body(new Uint8Array(content), 200, {
      "content-type": asset.type,
      "cache-control": "public, max-age=86400",
    });
  });
}
