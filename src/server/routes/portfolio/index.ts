import type { RouteModule } from "../../app.js";
import { registerHistoryRoutes } from "./history-routes.js";
import { registerHoldingsRoutes } from "./holdings-routes.js";
import { registerLinkingRoutes } from "./linking-routes.js";
import { registerPlaidWebhookRoute } from "./plaid-webhook-route.js";
import type { PortfolioRouteParts } from "./route-parts.js";
import { registerWebhookRoute } from "./webhook-route.js";

/** Reached without a bearer token: the brokers' webhooks, and the browser coming back from the portal. */
export const portfolioPublicApiPaths = [
  "/api/snaptrade/callback",
  "/api/snaptrade/webhook",
  "/api/plaid/webhook",
] as const;

export function portfolioRoutes(parts: PortfolioRouteParts): RouteModule {
  return (app) => {
    registerLinkingRoutes(app, parts);
    registerWebhookRoute(app, parts);
    registerPlaidWebhookRoute(app, parts);
    registerHoldingsRoutes(app, parts);
    registerHistoryRoutes(app, parts);
  };
}
