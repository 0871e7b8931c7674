import { createRoute, z } from "@hono/zod-openapi";
import { createApiApp } from "../../api-app.js";
import { errorResponse, jsonResponse } from "../openapi-parts.js";
import type { PortfolioRouteParts } from "./route-parts.js";
import { errorResponses } from "./schemas.js";

const plaidWebhookRoute = createRoute({
  method: "post",
  path: "/api/plaid/webhook",
  tags: ["linking"],
  summary: "Plaid webhook deliveries",
  description:
    "Public. `Plaid-Verification` must be an ES256 JWT signed with the key `/webhook_verification_key/get` serves for its `kid`, " +
    "issued within 5 minutes, whose `request_body_sha256` is the SHA-256 of the body. Handles HOLDINGS DEFAULT_UPDATE, " +
    "ITEM ERROR and ITEM PENDING_EXPIRATION; other events are acknowledged and ignored.",
  responses: {
    200: jsonResponse(
      "Processed, already processed, or ignored",
      z.object({ status: z.enum(["processed", "duplicate", "ignored"]) }).openapi("PlaidWebhookResult"),
    ),
    400: errorResponses[400],
    401: errorResponse("Missing, invalid or stale Plaid-Verification"),
    503: errorResponses[503],
  },
});

export function plaidWebhookRoutes(parts: PortfolioRouteParts) {
  return createApiApp().openapi(plaidWebhookRoute, async (c) => {
    // The signature covers the exact body bytes: read it raw, before any parsing.
    const status = await parts.plaidWebhooks.handle(await c.req.text(), c.req.header("plaid-verification"));
    return c.json({ status }, 200);
  });
}
