import { createRoute } from "@hono/zod-openapi";
import { createApiApp } from "../../api-app.js";
import { bearerSecurity, jsonResponse } from "../openapi-parts.js";
import type { PortfolioRouteParts } from "./route-parts.js";
import { userIdOf } from "./route-parts.js";
import { accountsSchema, errorResponses, holdingsSchema, modeSchema } from "./schemas.js";

const accountsRoute = createRoute({
  method: "get",
  path: "/api/accounts",
  tags: ["portfolio"],
  summary: "The user's linked accounts (as last synced)",
  security: bearerSecurity,
  responses: { 200: jsonResponse("Accounts", accountsSchema), 401: errorResponses[401] },
});

const holdingsRoute = createRoute({
  method: "get",
  path: "/api/holdings",
  tags: ["portfolio"],
  summary: "Holdings aggregated by symbol across accounts; stale providers are synced first",
  description:
    "A provider that fails or times out does not fail the answer: its last synced rows are served and `warnings` says so.",
  security: bearerSecurity,
  responses: { 200: jsonResponse("Holdings", holdingsSchema), 401: errorResponses[401] },
});

const modeRoute = createRoute({
  method: "get",
  path: "/api/portfolio/mode",
  tags: ["portfolio"],
  summary: "Which kinds of accounts are linked, and which accounts can trade",
  security: bearerSecurity,
  responses: { 200: jsonResponse("Portfolio mode", modeSchema), 401: errorResponses[401] },
});

export function holdingsRoutes(parts: PortfolioRouteParts) {
  return createApiApp()
    .openapi(accountsRoute, async (c) =>
      c.json({ accounts: await parts.reader.listAccounts(userIdOf(c)) }, 200),
    )
    .openapi(holdingsRoute, async (c) => c.json(await parts.reader.getHoldings(userIdOf(c)), 200))
    .openapi(modeRoute, async (c) => c.json(await parts.reader.portfolioMode(userIdOf(c)), 200));
}
