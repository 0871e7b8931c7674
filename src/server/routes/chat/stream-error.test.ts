import { describe, expect, it } from "vitest";
import { buildTestApp } from "../../../../test/helpers/app.js";
import type { ChatService } from "../../../chat/chat-service.js";
import type { Database } from "../../../core/db/database.js";
import { ConflictError } from "../../../core/errors.js";
import type { RateLimiter } from "../../rate-limiter.js";
import { chatRoutes } from "./index.js";

const threadId = "0f8fad5b-d9cb-469f-a165-70867728950e";

/** The chat routes over a service whose turn fails after the stream has opened. */
function appFailingWith(error: Error) {
  const chat = {
    assertOwned: async () => {},
    sendMessage: async (
      _user: string,
      _thread: string,
      _content: string,
      listener: { token?(t: string): void },
    ) => {
      listener.token?.("Checking");
      throw error;
    },
  } as unknown as ChatService;
  const limiter = { consume: async () => {} } as unknown as RateLimiter;
  return buildTestApp({
    db: {} as Database,
    verifier: { verify: async () => ({ id: "user-1", email: undefined }) },
    app: { routes: [chatRoutes(chat, limiter)] },
  }).app;
}

describe("a streamed turn that fails", () => {
  it("ends with an error event carrying the code and the status the edge map gives its kind", async () => {
    const app = appFailingWith(new ConflictError("This thread is still answering.", "thread_busy"));
    const response = await app.request(`/api/threads/${threadId}/messages`, {
      method: "POST",
      headers: { authorization: "Bearer t", "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ content: "hi" }),
    });
    const text = await response.text();
    expect(text).toContain("event: token");
    const error = /event: error\ndata: (.+)\n/.exec(text)?.[1];
    expect(JSON.parse(error!)).toEqual({
      code: "thread_busy",
      message: "This thread is still answering.",
      status: 409,
    });
  });

  it("says nothing of an unexpected error's cause", async () => {
    const app = appFailingWith(new Error("connection string postgres://secret"));
    const response = await app.request(`/api/threads/${threadId}/messages`, {
      method: "POST",
      headers: { authorization: "Bearer t", "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ content: "hi" }),
    });
    const text = await response.text();
    const error = JSON.parse(/event: error\ndata: (.+)\n/.exec(text)![1]!);
    expect(error).toMatchObject({ code: "internal_error", status: 500 });
    expect(text).not.toContain("secret");
  });
});
