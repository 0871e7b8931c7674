import { createRoute } from "@hono/zod-openapi";
import { defaultAccountUpdateSchema, defaultAccountViewSchema } from "../../../orders/contract/index.js";
import type { OrdersEngine } from "../../../orders/engine.js";
import { createApiApp } from "../../api-app.js";
import {
  errorResponse,
  invalidInput,
  jsonResponse,
  bearerSecurity as security,
  signedInOnly,
} from "../openapi-parts.js";

// The contract's schemas are plain zod: `.meta({ id })` names their OpenAPI components.
export const defaultAccountSchema = defaultAccountViewSchema.meta({ id: "DefaultAccount" });
const updateSchema = defaultAccountUpdateSchema.meta({ id: "DefaultAccountUpdate" });

const readRoute = createRoute({
  method: "get",
  path: "/api/settings/default-account",
  tags: ["orders"],
  summary: "The user's default trading account, and whether orders can use it now",
  description:
    "A buy of a symbol none of the user's tradeable accounts hold goes to this account. An account the user names, and the account that holds the symbol, come first. A default that can no longer trade is reported (`whyNot`) and buys fall back to the live account with the most buying power.",
  security,
  responses: { 200: jsonResponse("The default account setting", defaultAccountSchema), ...signedInOnly },
});

const updateRoute = createRoute({
  method: "put",
  path: "/api/settings/default-account",
  tags: ["orders"],
  summary: "Choose the default trading account (null goes back to the automatic default)",
  description:
    "Only one of the user's own accounts that can trade now may be chosen; a paper account may be chosen on purpose. Accepts an `Idempotency-Key` header.",
  security,
  request: {
    body: { required: true, content: { "application/json": { schema: updateSchema } } },
  },
  responses: {
    200: jsonResponse("The setting as it is now", defaultAccountSchema),
    ...invalidInput,
    ...signedInOnly,
    404: errorResponse("No such account for this user: nothing was changed"),
    409: errorResponse("A request with this Idempotency-Key is still running"),
    422: errorResponse("The account cannot trade (read-only or disconnected): nothing was changed"),
  },
});

/** GET and PUT /api/settings/default-account. */
export function defaultAccountRoutes(engine: OrdersEngine) {
  return createApiApp()
    .openapi(readRoute, async (c) => c.json(await engine.defaultAccount.view(c.get("user")!.id), 200))
    .openapi(updateRoute, async (c) => {
      const userId = c.get("user")!.id;
      const { accountId } = c.req.valid("json");
      const view =
        accountId === null
          ? await engine.defaultAccount.clear(userId)
          : await engine.defaultAccount.choose(userId, accountId);
      return c.json(view, 200);
    });
}
