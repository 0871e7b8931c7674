import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { NotFoundError, UnauthorizedError } from "../../../core/errors.js";
import type { McpHttpSessions } from "../../../mcp/http-sessions.js";
import { decisionOutcomeSchema, pendingConfirmationSchema } from "../../../orders/contract/index.js";
import type { OrdersEngine } from "../../../orders/engine.js";
import type { RouteModule } from "../../app.js";
import { errorSchema } from "../error-schema.js";
import { invalidInput, signedInOnly, uuidPathParam } from "../openapi-parts.js";
import { lazyWebBundle, type WebBundle } from "../web/web-bundle.js";
import { CONFIRM_ASSETS_PATH, CONFIRM_PAGE_ENTRY, renderConfirmHtml } from "./confirm-page.js";
import { bearerChallenge, PROTECTED_RESOURCE_PATH, protectedResourceMetadata } from "./protected-resource.js";

export interface McpRouteOptions {
  sessions: McpHttpSessions;
  orders: OrdersEngine;
  /** The page bundle's entry (tests); default web/src/confirm/main.tsx. */
  confirmEntry?: string;
}

const security = [{ bearer: [] }];
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const proposalParams = z.object({ proposalId: uuidPathParam("proposalId") });

const cardRoute = createRoute({
  method: "get",
  path: "/api/mcp/confirmations/{proposalId}",
  tags: ["mcp"],
  summary: "A card prepared over MCP, for the approval page",
  security,
  request: { params: proposalParams },
  responses: {
    200: json(z.object({ confirmation: pendingConfirmationSchema, awaiting: z.boolean() }), "The card"),
    ...invalidInput,
    ...signedInOnly,
    404: json(errorSchema, "No such card for this user"),
  },
});

const decideRoute = createRoute({
  method: "post",
  path: "/api/mcp/confirmations/{proposalId}/decision",
  tags: ["mcp"],
  summary: "The signed-in user approves or rejects a card prepared over MCP (audited as channel mcp)",
  security,
  request: {
    params: proposalParams,
    body: {
      content: {
        "application/json": {
          schema: z.discriminatedUnion("decision", [
            z.object({ decision: z.literal("approve"), hash: z.string().min(1).max(200) }).strict(),
            z.object({ decision: z.literal("reject") }).strict(),
          ]),
        },
      },
      // Without it a request with no JSON body skips validation and reaches the engine empty.
      required: true,
    },
  },
  responses: {
    200: json(z.object({ outcome: decisionOutcomeSchema }), "What the decision did"),
    ...invalidInput,
    ...signedInOnly,
    404: json(errorSchema, "No such card for this user"),
    422: json(errorSchema, "Refused by a rule (limits, kill switch): nothing was sent"),
    429: json(errorSchema, "Too many requests"),
    409: json(errorSchema, "The card changed, or was already decided"),
    410: json(errorSchema, "The card expired"),
  },
});

/**
 * `/mcp` (Streamable HTTP, Supabase bearer tokens), its protected-resource metadata, and the web
 * app's approval page for cards prepared over MCP (`/confirm/<proposalId>`).
 */
export function mcpRoutes(options: McpRouteOptions): RouteModule {
  const bundle = lazyWebBundle(options.confirmEntry ?? CONFIRM_PAGE_ENTRY);
  return (app, deps) => {
    const supabaseUrl = deps.config.auth.supabaseUrl ?? "";
    const originOf = (c: Context) => deps.config.publicUrl ?? new URL(c.req.url).origin;

    const metadata = (c: Context) => c.json(protectedResourceMetadata(originOf(c), supabaseUrl));
    app.get(PROTECTED_RESOURCE_PATH, metadata);
    app.get(`${PROTECTED_RESOURCE_PATH}/mcp`, metadata);

    app.all("/mcp", async (c) => {
      const origin = originOf(c);
      const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
      let userId: string;
      try {
        if (!match) throw new UnauthorizedError();
        userId = (await deps.verifier.verify(match[1]!)).id;
      } catch (error) {
        if (!(error instanceof UnauthorizedError)) throw error;
        return c.json({ error: { code: error.code, message: error.message } }, 401, {
          "WWW-Authenticate": bearerChallenge(origin, match ? error.message : undefined),
        });
      }
      c.set("user", { id: userId, email: undefined });
      return options.sessions.handle(c.req.raw, userId, (id) => `${origin}/confirm/${id}`);
    });

    const withBundle = async (c: Context, answer: (built: WebBundle) => Response) => {
      try {
        return answer(await bundle());
      } catch (error) {
        deps.logger.error({ err: error }, "the approval page failed to build");
        return c.text("The approval page failed to build; see the server log.", 500);
      }
    };
    app.get("/confirm/:proposalId", (c) =>
      withBundle(c, (built) => {
        c.header("cache-control", "no-store");
        return c.html(renderConfirmHtml(built));
      }),
    );
    app.get(`${CONFIRM_ASSETS_PATH}/:name`, (c) =>
      withBundle(c, (built) => {
        const asset = built.assets.get(c.req.param("name"));
        if (!asset) return c.json({ error: { code: "not_found", message: "No such asset." } }, 404);
        c.header("content-type", asset.contentType);
        c.header("cache-control", "public, max-age=31536000, immutable");
        return c.body(asset.contents as Uint8Array<ArrayBuffer>);
      }),
    );

    app.openapi(cardRoute, async (c) => {
      const userId = c.get("user")!.id;
      const { proposalId } = c.req.valid("param");
      const confirmation = await options.orders.confirmation(userId, proposalId);
      if (!confirmation) throw new NotFoundError("Confirmation");
      return c.json({ confirmation, awaiting: await options.orders.isAwaiting(userId, proposalId) }, 200);
    });
    app.openapi(decideRoute, async (c) => {
      const userId = c.get("user")!.id;
      const { proposalId } = c.req.valid("param");
      if (!(await options.orders.confirmation(userId, proposalId))) throw new NotFoundError("Confirmation");
      const answer = await options.orders.decide({ userId, channel: "mcp" }, proposalId, c.req.valid("json"));
      if (answer.decision === "edit") throw new Error("an approve or reject answers with an outcome");
      return c.json({ outcome: answer.outcome }, 200);
    });
  };
}
