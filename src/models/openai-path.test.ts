import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";

interface ChatRequest {
  model: string;
  stream?: boolean;
  tools?: Array<{ function: { name: string } }>;
  messages: Array<{ role: string; content: string | null; tool_calls?: unknown[]; tool_call_id?: string }>;
}

type Reply = { toolCall: { name: string; args: Record<string, unknown> } } | { text: string };

/**
 * A local OpenAI-compatible server: it answers each user message with a scripted tool call, and
 * a tool result with a scripted text — enough to drive the same graph as the offline model.
 */
async function startFakeOpenAI(script: (request: ChatRequest) => Reply) {
  const requests: ChatRequest[] = [];

  const app = new Hono();
  app.post("/v1/chat/completions", async (c) => {
    const request = (await c.req.json()) as ChatRequest;
    requests.push(request);
    const reply = script(request);
    const base = {
      id: `chatcmpl-${requests.length}`,
      object: "chat.completion.chunk",
      created: 1,
      model: request.model,
    };
    const delta =
      "toolCall" in reply
        ? {
            role: "assistant",
            content: null,
            tool_calls: [
              {
                index: 0,
                id: `call_${requests.length}`,
                type: "function",
                function: { name: reply.toolCall.name, arguments: JSON.stringify(reply.toolCall.args) },
              },
            ],
          }
        : { role: "assistant", content: reply.text };
    const finish = "toolCall" in reply ? "tool_calls" : "stop";
    if (!request.stream) {
      const message = "toolCall" in reply ? { ...delta, tool_calls: delta.tool_calls } : delta;
      return c.json({
        ...base,
        object: "chat.completion",
        choices: [{ index: 0, message, finish_reason: finish }],
      });
    }
    return streamSSE(c, async (stream) => {
      await stream.writeSSE({
        data: JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: null }] }),
      });
      await stream.writeSSE({
        data: JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }] }),
      });
      await stream.writeSSE({ data: "[DONE]" });
    });
  });
  return new Promise<{ url: string; requests: ChatRequest[]; close: () => void }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}/v1`, requests, close: () => server.close() }),
    );
  });
}

function script(request: ChatRequest): Reply {
  const last = request.messages.at(-1)!;
  if (last.role === "tool") {
    const content = String(last.content);
    if (content.includes('"outcome":"submitted"')) return { text: "Your sell order was placed and filled." };
    if (content.includes("awaiting_confirmation")) return { text: "Please confirm the order on the card." };
    return { text: "You hold AAPL, TSLA and more." };
  }
  const said = String(last.content).toLowerCase();
  if (said.includes("sell"))
    return { toolCall: { name: "prepare_order", args: { symbol: "AAPL", side: "sell", quantity: 2 } } };
  return { toolCall: { name: "get_holdings", args: {} } };
}

describe("the ChatOpenAI path drives the same graph", () => {
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let t: TestService;
  beforeAll(async () => {
    fake = await startFakeOpenAI(script);
    t = await startTestService({
      env: { OPENAI_API_KEY: "sk-test-local", OPENAI_BASE_URL: fake.url, OPENAI_MODEL: "fake-model" },
    });
  });
  afterAll(async () => {
    await t?.close();
    fake?.close();
  });

  it("reports the openai model in /health", async () => {
    expect(await (await fetch(`${t.url}/health`)).json()).toMatchObject({ model: "openai" });
  });

  it("calls tools chosen by the model and answers from their results", async () => {
    const thread = await t.service.chat.createThread(t.demoUserId);
    const view = await t.service.chat.sendMessage(t.demoUserId, thread.id, "what do I hold?");
    expect(view.messages.at(-1)?.content).toBe("You hold AAPL, TSLA and more.");
    const second = fake.requests.at(-1)!;
    expect(second.model).toBe("fake-model");
    expect(second.tools?.map((tool) => tool.function.name)).toEqual(
      expect.arrayContaining(["get_holdings", "prepare_order"]),
    );
    expect(second.tools?.map((tool) => tool.function.name)).not.toContain("confirmation_result");
    const toolMessage = second.messages.find((m) => m.role === "tool");
    expect(String(toolMessage?.content)).toContain('"symbol":"AAPL"');
    expect(JSON.stringify(second.messages)).not.toContain(t.demoUserId);
  });

  it("a later turn gets the earlier turns from the message store; every answer stays in the transcript", async () => {
    const thread = await t.service.chat.createThread(t.demoUserId);
    await t.service.chat.sendMessage(t.demoUserId, thread.id, "what do I hold?");
    await t.service.chat.sendMessage(t.demoUserId, thread.id, "and what do I hold now?");
    const last = fake.requests.at(-1)!;
    const said = last.messages.filter((m) => m.role === "user").map((m) => m.content);
    expect(said).toEqual(["what do I hold?", "and what do I hold now?"]);
    const calls = last.messages
      .flatMap((m) => (m.tool_calls ?? []) as Array<{ id: string }>)
      .map((c) => c.id);
    const results = last.messages.filter((m) => m.role === "tool").map((m) => m.tool_call_id);
    expect(results).toEqual(calls);
    const view = await t.service.chat.getThread(t.demoUserId, thread.id);
    expect(view.messages.filter((m) => m.role === "assistant")).toHaveLength(2);
  });

  it("interrupts for confirmation and places exactly one order after approval", async () => {
    const thread = await t.service.chat.createThread(t.demoUserId);
    const asked = await t.service.chat.sendMessage(t.demoUserId, thread.id, "sell two apple");
    const pending = asked.pendingConfirmation!;
    expect(pending.order).toMatchObject({ symbol: "AAPL", side: "sell", quantity: 2 });
    const result = await t.service.chat.decide(t.demoUserId, thread.id, pending.id, { decision: "approve" });
    expect(result.messages.at(-1)?.content).toBe("Your sell order was placed and filled.");
    expect((await t.sandboxOrders()).filter((o) => o.id === result.order?.brokerOrderId)).toHaveLength(1);
  });
});
