import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { ChatService, ThreadView } from "../../../chat/chat-service.js";
import type { TurnListener } from "../../../chat/turn-updates.js";
import { parseConfirmationReply } from "../../../orders/confirmation-reply.js";
import { createApiApp } from "../../api-app.js";
import type { RouteRef } from "../../auth/middleware.js";
import { errorAnswer } from "../../error-handler.js";
import type { RateLimiter, RateLimitRule } from "../../rate-limiter.js";
import {
  errorResponse,
  invalidInput,
  jsonResponse,
  bearerSecurity as security,
  signedInOnly,
} from "../openapi-parts.js";
import {
  confirmationParams,
  decisionBody,
  decisionViewSchema,
  newThreadSchema,
  sendMessageBody,
  type streamErrorSchema,
  threadParams,
  threadSummarySchema,
  threadViewSchema,
  transcriptQuery,
  transcriptViewSchema,
} from "./schemas.js";

const createThreadRoute = createRoute({
  method: "post",
  path: "/api/threads",
  tags: ["chat"],
  summary: "Start a conversation",
  security,
  responses: { 201: jsonResponse("The new thread", newThreadSchema), ...signedInOnly },
});

const listThreadsRoute = createRoute({
  method: "get",
  path: "/api/threads",
  tags: ["chat"],
  summary: "The user's conversations, most recent first",
  security,
  responses: {
    200: jsonResponse("Threads", z.object({ threads: z.array(threadSummarySchema) }).openapi("Threads")),
    ...signedInOnly,
  },
});

const getThreadRoute = createRoute({
  method: "get",
  path: "/api/threads/{threadId}",
  tags: ["chat"],
  summary: "A conversation (its latest messages, or the page before `before`) with its pending confirmation",
  security,
  request: { params: threadParams, query: transcriptQuery },
  responses: {
    200: jsonResponse("The thread", transcriptViewSchema),
    ...invalidInput,
    ...signedInOnly,
    404: errorResponse("No such thread for this user"),
  },
});

const sendMessageRoute = createRoute({
  method: "post",
  path: "/api/threads/{threadId}/messages",
  tags: ["chat"],
  summary:
    "Send a message; with Accept: text/event-stream the answer streams as token, tool, confirmation, message, done and error events",
  security,
  request: {
    params: threadParams,
    body: { content: { "application/json": { schema: sendMessageBody } }, required: true },
  },
  responses: {
    200: {
      description: "The new messages and the pending confirmation (or an SSE stream)",
      content: {
        "application/json": { schema: threadViewSchema },
        "text/event-stream": { schema: z.string() },
      },
    },
    ...invalidInput,
    ...signedInOnly,
    404: errorResponse("No such thread for this user"),
    409: errorResponse("The thread is still answering"),
    429: errorResponse("Too many messages"),
    502: errorResponse("The chat model answered wrongly; nothing was sent"),
    503: errorResponse("The chat model or the database cannot answer now; nothing was sent"),
  },
});

const decideRoute = createRoute({
  method: "post",
  path: "/api/threads/{threadId}/confirmations/{confirmationId}",
  tags: ["chat"],
  summary: "Approve, reject or edit a pending confirmation",
  security,
  request: {
    params: confirmationParams,
    body: { content: { "application/json": { schema: decisionBody } }, required: true },
  },
  responses: {
    200: jsonResponse("What happened", decisionViewSchema),
    ...invalidInput,
    ...signedInOnly,
    404: errorResponse("No such confirmation for this user"),
    409: errorResponse(
      "Wrong hash, already decided, superseded or in flight: the card stays as it was and can still be rejected",
    ),
    410: errorResponse("Expired: nothing was sent"),
    422: errorResponse("Refused by a rule (limits, kill switch) or by the broker"),
    429: errorResponse("Too many decisions"),
    503: errorResponse("The database or the chat model cannot answer now; nothing was sent"),
  },
});

export interface ChatRouteOptions {
  messages?: RateLimitRule;
  confirmations?: RateLimitRule;
}

export type StreamError = z.infer<typeof streamErrorSchema>;

/** Streams one turn as server-sent events. Errors become an `error` event, then the stream ends. */
function streamTurn(c: Context, run: (listener: TurnListener) => Promise<ThreadView>) {
  return streamSSE(c, async (stream) => {
    const send = (event: string, data: unknown) => stream.writeSSE({ event, data: JSON.stringify(data) });
    const pending: Promise<void>[] = [];
    const queue = (event: string, data: unknown) => pending.push(send(event, data));
    try {
      const view = await run({
        token: (text) => queue("token", { text }),
        tool: (event) => queue("tool", event),
        confirmation: (p) => queue("confirmation", { pendingConfirmation: p }),
        message: (m) => queue("message", { message: m }),
      });
      await Promise.all(pending);
      await send("done", { threadId: view.threadId, pendingConfirmation: view.pendingConfirmation });
    } catch (error) {
      await Promise.all(pending);
      // The same edge map as a plain answer: the status it would have had, and its code.
      const { status, body } = errorAnswer(error);
      const event: StreamError = { code: body.error.code, message: body.error.message, status };
      await send("error", event);
    }
  });
}

/**
 * The chat writes whose routes ask the auth server themselves, only when the request can decide a
 * card (a decision; a message that is a clear yes or no), and alongside their rate limit.
 */
export const chatWritesCheckedByRoute: RouteRef[] = [
  { method: "POST", path: "/api/threads/:threadId/messages" },
  { method: "POST", path: "/api/threads/:threadId/confirmations/:confirmationId" },
];

/** A request's gates run together; the first one listed that refuses answers, whichever finished first. */
async function passGates(...gates: Array<Promise<void> | null>): Promise<void> {
  for (const result of await Promise.allSettled(gates)) if (result.status === "rejected") throw result.reason;
}

export function chatRoutes(chat: ChatService, limiter: RateLimiter, options: ChatRouteOptions = {}) {
  const messageRule = options.messages ?? { limit: 30, windowSeconds: 60 };
  const confirmationRule = options.confirmations ?? { limit: 20, windowSeconds: 60 };
  return createApiApp()
    .openapi(createThreadRoute, async (c) => {
      const thread = await chat.createThread(c.get("user")!.id);
      return c.json({ threadId: thread.id }, 201);
    })
    .openapi(listThreadsRoute, async (c) => {
      const threads = await chat.listThreads(c.get("user")!.id);
      return c.json(
        {
          threads: threads.map((t) => ({
            threadId: t.id,
            title: t.title,
            createdAt: t.createdAt,
            updatedAt: t.updatedAt,
          })),
        },
        200,
      );
    })
    .openapi(getThreadRoute, async (c) => {
      const { limit, before } = c.req.valid("query");
      return c.json(
        await chat.getThread(c.get("user")!.id, c.req.valid("param").threadId, { limit, before }),
        200,
      );
    })
    .openapi(sendMessageRoute, async (c) => {
      const userId = c.get("user")!.id;
      const { threadId } = c.req.valid("param");
      const { content } = c.req.valid("json");
      // Only a clear yes or no can decide a card: it needs the session confirmed alive now.
      const canDecide = parseConfirmationReply(content) !== null;
      const budget = `messages:${userId}`;
      if ((c.req.header("accept") ?? "").includes("text/event-stream")) {
        // The budget and ownership are checked before the stream opens, so they answer 429 and 404.
        await passGates(
          canDecide ? c.get("confirmSessionNow")!() : null,
          limiter.consume(budget, messageRule),
        );
        await chat.assertOwned(userId, threadId);
        return streamTurn(c, (listener) => chat.sendMessage(userId, threadId, content, listener));
      }
      if (canDecide) await c.get("confirmSessionNow")!();
      // The budget is counted by the statement that opens the turn.
      return c.json(
        await chat.sendMessage(userId, threadId, content, {}, limiter.admission(budget, messageRule)),
        200,
      );
    })
    .openapi(decideRoute, async (c) => {
      const userId = c.get("user")!.id;
      const { threadId, confirmationId } = c.req.valid("param");
      // The card is read while the gates are asked; nothing is written or decided before they pass.
      const gates = passGates(
        c.get("confirmSessionNow")!(),
        limiter.consume(`confirmations:${userId}`, confirmationRule),
      );
      return c.json(await chat.decide(userId, threadId, confirmationId, c.req.valid("json"), { gates }), 200);
    });
}
