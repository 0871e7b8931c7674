import type { Context } from "hono";
import { UnauthorizedError } from "../../../core/errors.js";
import type { PortfolioLinking } from "../../../portfolio/linking/portfolio-linking.js";
import type { PortfolioReader } from "../../../portfolio/portfolio-reader.js";
import type { PlaidWebhookHandler } from "../../../portfolio/webhooks/plaid-webhook-handler.js";
import type { SnaptradeWebhookHandler } from "../../../portfolio/webhooks/snaptrade-webhook-handler.js";
import type { ApiEnv } from "../../api-app.js";

/** What the portfolio routes call. */
export interface PortfolioRouteParts {
  reader: PortfolioReader;
  linking: PortfolioLinking;
  webhooks: SnaptradeWebhookHandler;
  plaidWebhooks: PlaidWebhookHandler;
}

/** The signed-in user's id (the auth middleware guarantees one on non-public /api paths). */
export function userIdOf(c: Context<ApiEnv>): string {
  const user = c.get("user");
  if (!user) throw new UnauthorizedError();
  return user.id;
}
