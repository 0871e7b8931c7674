import type { ChatService } from "../chat/chat-service.js";
import type { OrdersEngine } from "../orders/engine.js";
import type { PortfolioService } from "../portfolio/service.js";
import { createApiApp } from "./api-app.js";
import type { RateLimiter } from "./rate-limiter.js";
import { type ChatRouteOptions, chatRoutes } from "./routes/chat/index.js";
import { defaultAccountRoutes } from "./routes/orders/default-account-routes.js";
import { ordersRoutes } from "./routes/orders/index.js";
import { portfolioRoutes } from "./routes/portfolio/index.js";
import type { PortfolioRouteParts } from "./routes/portfolio/route-parts.js";
import { type PortfolioStreamOptions, portfolioStreamRoutes } from "./routes/portfolio-stream/index.js";

/** The services behind the `/api` routes. */
export interface ApiServices {
  portfolio: PortfolioRouteParts & { service: PortfolioService; stream?: PortfolioStreamOptions };
  orders: OrdersEngine;
  chat: ChatService;
  limiter: RateLimiter;
  chatLimits?: ChatRouteOptions;
}

/** Every `/api` route as one typed tree: its type is the contract the web app and the CLI compile against. */
export function apiRoutes(services: ApiServices) {
  return createApiApp()
    .route("/", portfolioRoutes(services.portfolio))
    .route("/", portfolioStreamRoutes(services.portfolio.service, services.portfolio.stream))
    .route("/", ordersRoutes(services.orders))
    .route("/", defaultAccountRoutes(services.orders))
    .route("/", chatRoutes(services.chat, services.limiter, services.chatLimits));
}

/** The API's type, for `hc<AppType>()` (hono/client). Import it with `import type` only. */
export type AppType = ReturnType<typeof apiRoutes>;
