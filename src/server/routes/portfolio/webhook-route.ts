import { createRoute, z } from "@hono/zod-openapi";
import { createApiApp } from "../../api-app.js";
import { errorResponse, jsonResponse } from "../openapi-parts.js";
import type { PortfolioRouteParts } from "./route-parts.js";
import { errorResponses } from "./schemas.js";

const webhookRoute = createRoute({
  method: "post",
  path: "/api/snaptrade/webhook",
  tags: ["linking"],
  summary: "SnapTrade webhook deliveries",
  description:
    "Public. `Signature` must be base64(HMAC-SHA256(consumer key, canonical JSON of the body)) and `eventTimestamp` within 5 minutes; " +
    "deliveries are de-duplicated by `webhookId`. A non-2xx answer makes SnapTrade deliver again.",
  responses: {
    200: jsonResponse(
      "Processed, or already processed",
      z.object({ status: z.enum(["processed", "duplicate", "ignored"]) }).openapi("WebhookResult"),
    ),
    400: errorResponses[400],
    401: errorResponse("Bad signature or stale event"),
    503: errorResponses[503],
  },
});

export function webhookRoutes(parts: PortfolioRouteParts) {
  return createApiApp().openapi(webhookRoute, async (c) => {
    // The signature covers the body as SnapTrade serialized it: read it raw, before any parsing.
    const status = await parts.webhooks.handle(await c.req.text(), c.req.header("signature"));
    return c.json({ status }, 200);
  });
}
