/**
 * The HTTP contract's types, as clients (the web app, the terminal chat, the eval runner) see
 * them: every one is inferred from the schemas the routes validate and document with, or taken
 * from the route tree itself. Clients import this module with `import type` only, so no server
 * code reaches a browser bundle.
 */
import type { z } from "@hono/zod-openapi";
import type { TurnListener } from "../chat/turn-updates.js";
import type {
  decisionBody,
  decisionViewSchema,
  messageSchema,
  pendingConfirmationSchema,
  threadSummarySchema,
  threadViewSchema,
  transcriptViewSchema,
} from "./routes/chat/schemas.js";
import type { defaultAccountSchema } from "./routes/orders/default-account-routes.js";
import type { orderSchema } from "./routes/orders/schemas.js";
import type {
  accountSchema,
  historySchema,
  holdingSchema,
  holdingsSchema,
  modeSchema,
  warningSchema,
} from "./routes/portfolio/schemas.js";

export type { AppType } from "./api-routes.js";
export type { StreamError } from "./routes/chat/index.js";
export type { PortfolioStreamEvent as PortfolioTick } from "./routes/portfolio-stream/index.js";
export type { AppConfig } from "./routes/web/index.js";

export type Message = z.infer<typeof messageSchema>;
export type PendingConfirmation = z.infer<typeof pendingConfirmationSchema>;
export type ThreadView = z.infer<typeof threadViewSchema>;
export type ThreadTranscript = z.infer<typeof transcriptViewSchema>;
export type ThreadSummary = z.infer<typeof threadSummarySchema>;
export type Decision = z.input<typeof decisionBody>;
export type OrderChanges = Extract<Decision, { decision: "edit" }>["changes"];
export type DecisionView = z.infer<typeof decisionViewSchema>;
export type Order = z.infer<typeof orderSchema>;
export type OrderType = Order["orderType"];
export type OrderStatus = Order["status"];
export type TimeInForce = Order["timeInForce"];
export type RoutingAlternative = PendingConfirmation["routing"]["alternatives"][number];
export type Account = z.infer<typeof accountSchema>;
export type DefaultAccount = z.infer<typeof defaultAccountSchema>;
export type Provider = Account["provider"];
export type Holding = z.infer<typeof holdingSchema>;
export type HoldingsView = z.infer<typeof holdingsSchema>;
export type PortfolioWarning = z.infer<typeof warningSchema>;
export type PortfolioMode = z.infer<typeof modeSchema>;
export type PortfolioHistory = z.infer<typeof historySchema>;
export type HistoryPeriod = PortfolioHistory["period"];
/** A streamed turn's `tool` event. */
export type ToolActivity = Parameters<NonNullable<TurnListener["tool"]>>[0];
