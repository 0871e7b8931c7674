import { createRoute, z } from "@hono/zod-openapi";
import { createApiApp } from "../../api-app.js";
import { bearerSecurity, jsonResponse } from "../openapi-parts.js";
import type { PortfolioRouteParts } from "./route-parts.js";
import { userIdOf } from "./route-parts.js";
import { accountSchema, accountsSchema, errorResponses, refreshedSchema } from "./schemas.js";

const visibleAscii = /^[!-~]+$/;

const connectionUrlRoute = createRoute({
  method: "post",
  path: "/api/snaptrade/connection-url",
  tags: ["linking"],
  summary: "A SnapTrade connection portal URL (registers the SnapTrade user on first use)",
  security: bearerSecurity,
  request: {
    body: {
      content: {
        "application/json": {
          schema: z.object({
            connectionType: z.enum(["trade", "read"]).optional(),
            broker: z.string().trim().min(1).max(64).optional(),
            reconnect: z
              .string()
              .trim()
              .min(1)
              .max(200)
              .optional()
              .describe("Id of a disabled connection to repair"),
          }),
        },
      },
    },
  },
  responses: {
    200: jsonResponse("Portal URL", z.object({ redirectUrl: z.string() }).openapi("ConnectionUrl")),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
    503: errorResponses[503],
  },
});

const callbackRoute = createRoute({
  method: "get",
  path: "/api/snaptrade/callback",
  tags: ["linking"],
  summary: "Where the SnapTrade portal sends the browser back; syncs, then redirects to /",
  description:
    "No bearer token: the user is known from the signed, 15-minute `state` this service put in the URL.",
  request: {
    query: z.object({ state: z.string().max(1000).optional(), status: z.string().max(64).optional() }),
  },
  responses: { 302: { description: "Back to the app: /?linked=snaptrade" }, 400: errorResponses[400] },
});

const refreshRoute = createRoute({
  method: "post",
  path: "/api/snaptrade/refresh",
  tags: ["linking"],
  summary: "Refresh SnapTrade connections and sync every provider now",
  security: bearerSecurity,
  responses: { 200: jsonResponse("Accounts after the sync", refreshedSchema), 401: errorResponses[401] },
});

const alpacaRoute = createRoute({
  method: "post",
  path: "/api/alpaca/credentials",
  tags: ["linking"],
  summary: "Link an Alpaca account with API keys (checked with Alpaca before they are stored)",
  security: bearerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            // Keys travel in HTTP headers: visible ASCII only, refused here rather than by the socket.
            keyId: z
              .string()
              .trim()
              .min(8)
              .max(128)
              .regex(
                visibleAscii,
                "keyId must be letters, digits and symbols, without spaces or control characters",
              ),
            secret: z
              .string()
              .trim()
              .min(8)
              .max(256)
              .regex(
                visibleAscii,
                "secret must be letters, digits and symbols, without spaces or control characters",
              ),
            paper: z.literal(true).optional().describe("Only paper trading keys are accepted"),
          }),
        },
      },
    },
  },
  responses: {
    201: jsonResponse("Linked", z.object({ account: accountSchema })),
    400: errorResponses[400],
    401: errorResponses[401],
    409: errorResponses[409],
    503: errorResponses[503],
  },
});

const plaidRoute = createRoute({
  method: "post",
  path: "/api/plaid/exchange",
  tags: ["linking"],
  summary: "Link read-only accounts with a Plaid Link public token",
  security: bearerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: z.object({ publicToken: z.string().trim().min(8).max(256) }) },
      },
    },
  },
  responses: {
    201: jsonResponse("Linked", accountsSchema),
    400: errorResponses[400],
    401: errorResponses[401],
    409: errorResponses[409],
    503: errorResponses[503],
  },
});

export function linkingRoutes(parts: PortfolioRouteParts) {
  const { linking, reader } = parts;
  return createApiApp()
    .openapi(connectionUrlRoute, async (c) => {
      const body = c.req.valid("json");
      const redirectUrl = await linking.connectionUrl(userIdOf(c), body, new URL(c.req.url).origin);
      return c.json({ redirectUrl }, 200);
    })
    .openapi(callbackRoute, async (c) => {
      const { state, status } = c.req.valid("query");
      const { warnings } = await linking.completeCallback(state);
      const target = new URLSearchParams({ linked: "snaptrade" });
      if (status && status !== "SUCCESS") target.set("status", status);
      if (warnings.length > 0) target.set("warning", "sync_incomplete");
      return c.redirect(`/?${target}`, 302);
    })
    .openapi(refreshRoute, async (c) => {
      const userId = userIdOf(c);
      const warnings = await linking.refresh(userId);
      const snapshot = await reader.getSnapshot(userId);
      return c.json({ accounts: snapshot.accounts, warnings: [...warnings, ...snapshot.warnings] }, 200);
    })
    .openapi(alpacaRoute, async (c) => {
      const { keyId, secret } = c.req.valid("json");
      const account = await linking.linkAlpaca(userIdOf(c), { keyId, secret, paper: true });
      return c.json({ account }, 201);
    })
    .openapi(plaidRoute, async (c) => {
      const { publicToken } = c.req.valid("json");
      return c.json({ accounts: await linking.exchangePlaid(userIdOf(c), publicToken) }, 201);
    });
}
