import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { ChatService, TurnListener } from "../../../chat/chat-service.js";
import { AppError } from "../../../core/errors.js";
import type { RouteModule } from "../../app.js";
import { statusOf } from "../../error-handler.js";
import type { RateLimiter, RateLimitRule } from "../../rate-limiter.js";
import { errorSchema } from "../error-schema.js";
import {
  confirmationParams,
  decisionBody,
  decisionViewSchema,
  sendMessageBody,
  threadParams,
  threadSummarySchema,
  threadViewSchema,
} from "./schemas.js";

const security = [{ bearer: [] }];
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const createThreadRoute = createRoute({
  method: "post",
  path: "/api/threads",
  tags: ["chat"],
  summary: "Start a conversation",
  security,
  responses: { 201: json(z.object({ threadId: z.string().uuid() }), "The new thread") },
});

const listThreadsRoute = createRoute({
  method: "get",
  path: "/api/threads",
  tags: ["chat"],
  summary: "The user's conversations, most recent first",
  security,
  responses: { 200: json(z.object({ threads: z.array(threadSummarySchema) }), "Threads") },
});

const getThreadRoute = createRoute({
  method: "get",
  path: "/api/threads/{threadId}",
  tags: ["chat"],
  summary: "A conversation with its pending confirmation",
  security,
  request: { params: threadParams },
  responses: {
    200: json(threadViewSchema, "The thread"),
    404: json(errorSchema, "No such thread for this user"),
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
    404: json(errorSchema, "No such thread for this user"),
    409: json(errorSchema, "The thread is still answering"),
    429: json(errorSchema, "Too many messages"),
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
    200: json(decisionViewSchema, "What happened"),
    404: json(errorSchema, "No such confirmation for this user"),
    409: json(errorSchema, "Already decided, in flight, or changed"),
    410: json(errorSchema, "Expired: nothing was sent"),
    422: json(errorSchema, "Refused by a rule (limits, kill switch)"),
    429: json(errorSchema, "Too many decisions"),
  },
});

export interface ChatRouteOptions {
  messages?: RateLimitRule;
  confirmations?: RateLimitRule;
}

/** Streams one turn as server-sent events. Errors become an `error` event, then the stream ends. */
function streamTurn(c: Context, run: (listener: TurnListener) => Promise<unknown>) {
  return streamSSE(c, async (stream) => {
    const send = (event: string, data: unknown) => stream.writeSSE({ event, data: JSON.stringify(data) });
    const pending: Promise<void>[] = [];
    const queue = (event: string, data: unknown) => pending.push(send(event, data));
    try {
      const view = (await run({
        token: (text) => queue("token", { text }),
        tool: (event) => queue("tool", event),
        confirmation: (p) => queue("confirmation", { pendingConfirmation: p }),
        message: (m) => queue("message", { message: m }),
      })) as { threadId: string; pendingConfirmation: unknown };
      await Promise.all(pending);
      await send("done", { threadId: view.threadId, pendingConfirmation: view.pendingConfirmation });
    } catch (error) {
      await Promise.all(pending);
      const body =
        error instanceof AppError
          ? { code: error.code, message: error.message, status: statusOf(error) }
          : { code: "internal_error", message: "Something went wrong; nothing was sent.", status: 500 };
      await send("error", body);
    }
  });
}

export function chatRoutes(
  chat: ChatService,
  limiter: RateLimiter,
  options: ChatRouteOptions = {},
): RouteModule {
  const messageRule = options.messages ?? { limit: 30, windowSeconds: 60 };
  const confirmationRule = options.confirmations ?? { limit: 20, windowSeconds: 60 };
  return (app) => {
    app.openapi(createThreadRoute, async (c) => {
      const thread = await chat.createThread(c.get("user")!.id);
      return c.json({ threadId: thread.id }, 201);
    });
    app.openapi(listThreadsRoute, async (c) => {
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
    });
    app.openapi(getThreadRoute, async (c) => {
      return c.json(await chat.getThread(c.get("user")!.id, c.req.valid("param").threadId), 200);
    });
    app.openapi(sendMessageRoute, (async (c: Context) => {
      const userId = c.get("user")!.id as string;
      const { threadId } = (c.req as unknown as { valid(k: "param"): { threadId: string } }).valid("param");
      const { content } = (c.req as unknown as { valid(k: "json"): { content: string } }).valid("json");
      await limiter.consume(`messages:${userId}`, messageRule);
      if ((c.req.header("accept") ?? "").includes("text/event-stream")) {
        // Ownership is checked before the stream opens, so a foreign thread still answers 404.
        await chat.getThread(userId, threadId);
        return streamTurn(c, (listener) => chat.sendMessage(userId, threadId, content, listener));
      }
      return c.json(await chat.sendMessage(userId, threadId, content), 200);
    }) as never);
    app.openapi(decideRoute, async (c) => {
      const userId = c.get("user")!.id;
      const { threadId, confirmationId } = c.req.valid("param");
      await limiter.consume(`confirmations:${userId}`, confirmationRule);
      return c.json(await chat.decide(userId, threadId, confirmationId, c.req.valid("json")), 200);
    });
  };
}
