import { createApiApp } from "../../api-app.js";
import { historyRoutes } from "./history-routes.js";
import { holdingsRoutes } from "./holdings-routes.js";
import { linkingRoutes } from "./linking-routes.js";
import { plaidWebhookRoutes } from "./plaid-webhook-route.js";
import type { PortfolioRouteParts } from "./route-parts.js";
import { webhookRoutes } from "./webhook-route.js";

/** Reached without a bearer token: the brokers' webhooks, and the browser coming back from the portal. */
export const portfolioPublicApiPaths = [
  "/api/snaptrade/callback",
  "/api/snaptrade/webhook",
  "/api/plaid/webhook",
] as const;

/** Linking, the SnapTrade and Plaid webhooks, holdings and history, as one typed route tree. */
export function portfolioRoutes(parts: PortfolioRouteParts) {
  return createApiApp()
    .route("/", linkingRoutes(parts))
    .route("/", webhookRoutes(parts))
    .route("/", plaidWebhookRoutes(parts))
    .route("/", holdingsRoutes(parts))
    .route("/", historyRoutes(parts));
}
