import { createRoute, z } from "@hono/zod-openapi";
import { createApiApp } from "../../api-app.js";
import { bearerSecurity, jsonResponse } from "../openapi-parts.js";
import type { PortfolioRouteParts } from "./route-parts.js";
import { userIdOf } from "./route-parts.js";
import { errorResponses, historyPeriods, historySchema, transactionsSchema } from "./schemas.js";

const isoDate = z
  .string()
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}/.test(v) && Number.isFinite(Date.parse(v)),
    "must be an ISO date, e.g. 2025-01-31",
  )
  .openapi({
    format: "date",
    description: "An ISO date (a date and time is accepted too)",
    example: "2025-01-31",
  })
  .transform((v) => new Date(v));

const transactionsRoute = createRoute({
  method: "get",
  path: "/api/transactions",
  tags: ["portfolio"],
  summary: "Activities of the user's accounts (default: the last 90 days), newest first",
  security: bearerSecurity,
  request: {
    query: z.object({
      accountId: z.string().min(1).max(200).optional(),
      from: isoDate.optional(),
      to: isoDate.optional(),
    }),
  },
  responses: {
    200: jsonResponse("Transactions", transactionsSchema),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
  },
});

const historyRoute = createRoute({
  method: "get",
  path: "/api/portfolio/history",
  tags: ["portfolio"],
  summary: "Portfolio value over a period, with its change and time-weighted return",
  description:
    "`change` is the plain change in value. `gain` and `returnPct` leave out external flows (deposits, withdrawals, transfers and the value an account brings when it is linked): `returnPct` is a time-weighted return computed by linked Modified Dietz (see the field). The chat's performance answers use this same computation.",
  security: bearerSecurity,
  request: { query: z.object({ period: z.enum(historyPeriods).default("1M") }) },
  responses: {
    200: jsonResponse("Value history", historySchema),
    400: errorResponses[400],
    401: errorResponses[401],
  },
});

export function historyRoutes(parts: PortfolioRouteParts) {
  return createApiApp()
    .openapi(transactionsRoute, async (c) => {
      const query = c.req.valid("query");
      return c.json(await parts.reader.transactionsView(userIdOf(c), query), 200);
    })
    .openapi(historyRoute, async (c) => {
      const { period } = c.req.valid("query");
      return c.json(await parts.reader.history(userIdOf(c), period), 200);
    });
}
