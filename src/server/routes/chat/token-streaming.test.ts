import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestService, type TestService } from "../../../../test/helpers/service.js";
import { OfflineChatModel } from "../../../models/offline/offline-chat-model.js";

/** Token streaming costs a callback per piece: it runs only when the client streams (SSE). */
describe("token streaming follows the client", () => {
  let t: TestService;
  let token: string;

  beforeAll(async () => {
    t = await startTestService();
    token = await t.signIn();
  });
  afterAll(async () => {
    await t?.close();
    vi.restoreAllMocks();
  });

  const newThread = async () => {
    const created = await t.api(token, "/api/threads", { method: "POST" });
    return ((await created.json()) as { threadId: string }).threadId;
  };

  it("a JSON request runs the model without streaming it", async () => {
    const streamed = vi.spyOn(OfflineChatModel.prototype, "_streamResponseChunks");
    const generated = vi.spyOn(OfflineChatModel.prototype, "_generate");
    try {
      const threadId = await newThread();
      const response = await t.api(token, `/api/threads/${threadId}/messages`, {
        body: { content: "what do I hold?" },
      });
      expect(response.status).toBe(200);
      const view = (await response.json()) as { messages: Array<{ role: string; content: string }> };
      expect(view.messages.some((m) => m.role === "assistant" && m.content.length > 0)).toBe(true);
      expect(generated).toHaveBeenCalled();
      expect(streamed).not.toHaveBeenCalled();
    } finally {
      streamed.mockRestore();
      generated.mockRestore();
    }
  });

  it("an SSE request gets the answer in a few token events that add up to the message", async () => {
    const threadId = await newThread();
    const response = await t.api(token, `/api/threads/${threadId}/messages`, {
      body: { content: "what do I hold?" },
      headers: { accept: "text/event-stream" },
    });
    expect(response.status).toBe(200);
    const events = (await response.text())
      .split("\n\n")
      .filter((block) => block.trim())
      .map((block) => ({
        event: /^event: (.+)$/m.exec(block)?.[1],
        data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "null") as Record<string, unknown>,
      }));
    const tokens = events.filter((e) => e.event === "token").map((e) => e.data.text as string);
    const answer = events
      .filter((e) => e.event === "message")
      .map((e) => e.data.message as { role: string; content: string })
      .filter((m) => m.role === "assistant")
      .at(-1);
    expect(answer?.content.split(/\s+/).length).toBeGreaterThan(10);
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.length).toBeLessThanOrEqual(4);
    expect(tokens.join("")).toBe(answer?.content);
    expect(events.at(-1)?.event).toBe("done");
  });
});
