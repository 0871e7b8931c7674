import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";
import { formatExactMoney, formatShares } from "../core/format.js";

interface ChatRequest {
  model: string;
  stream?: boolean;
  tools?: Array<{ function: { name: string } }>;
  messages: Array<{ role: string; content: string | null; tool_calls?: unknown[]; tool_call_id?: string }>;
}

type ToolCall = { name: string; args: Record<string, unknown> };
type Reply = { toolCalls: ToolCall[] } | { text: string };

/**
 * A local OpenAI-compatible server: it answers each user message with scripted tool calls, and
 * tool results with a scripted text — enough to drive the same graph as the offline model.
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
      "toolCalls" in reply
        ? {
            role: "assistant",
            content: null,
            tool_calls: reply.toolCalls.map((call, index) => ({
              index,
              id: `call_${requests.length}_${index}`,
              type: "function",
              function: { name: call.name, arguments: JSON.stringify(call.args) },
            })),
          }
        : { role: "assistant", content: reply.text };
    const finish = "toolCalls" in reply ? "tool_calls" : "stop";
    if (!request.stream) {
      const message = "toolCalls" in reply ? { ...delta, tool_calls: delta.tool_calls } : delta;
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

/** What the scripted model says after an order tool: wrong on purpose, so the test sees who spoke. */
const MODEL_ON_CARD = "Please confirm: sell 20 AAPL at $1.00.";
const MODEL_ON_OUTCOME = "Your order was filled at $1.00.";
const MODEL_ON_CARD_AND_QUOTE = "AAPL is quoted; the order to sell 2 AAPL is on the card.";

const sellTwoApple: ToolCall = { name: "prepare_order", args: { symbol: "AAPL", side: "sell", quantity: 2 } };

function script(request: ChatRequest): Reply {
  const last = request.messages.at(-1)!;
  if (last.role === "tool") {
    const callStep = request.messages.findLastIndex((m) => m.role === "assistant");
    const results = request.messages.slice(callStep + 1).map((m) => String(m.content));
    const card = results.some((r) => r.includes('"status":"awaiting_confirmation"'));
    if (results.some((r) => r.includes('"outcome"'))) return { text: MODEL_ON_OUTCOME };
    if (card) return { text: results.length > 1 ? MODEL_ON_CARD_AND_QUOTE : MODEL_ON_CARD };
    return { text: "You hold AAPL, TSLA and more." };
  }
  const said = String(last.content).toLowerCase();
  if (said.includes("quote"))
    return { toolCalls: [{ name: "get_quote", args: { symbol: "AAPL" } }, sellTwoApple] };
  if (said.includes("sell")) return { toolCalls: [sellTwoApple] };
  return { toolCalls: [{ name: "get_holdings", args: {} }] };
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

  it("a read tool's result from before the latest earlier turn reaches the model as a note, not as figures", async () => {
    const thread = await t.service.chat.createThread(t.demoUserId);
    for (const said of ["what do I hold?", "what do I hold today?"])
      await t.service.chat.sendMessage(t.demoUserId, thread.id, said);
    const before = fake.requests.length;
    await t.service.chat.sendMessage(t.demoUserId, thread.id, "and what do I hold now?");
    const [first] = fake.requests.slice(before);
    const results = first!.messages.filter((m) => m.role === "tool").map((m) => String(m.content));
    expect(results).toHaveLength(2);
    expect(results[0]).toMatch(/^Left out: the result get_holdings gave in an earlier turn\./);
    expect(results[0]).not.toContain('"symbol"');
    expect(JSON.parse(results[1]!)).toMatchObject({ positions: expect.any(Array) });
  });

  it("interrupts for confirmation and places exactly one order after approval", async () => {
    const thread = await t.service.chat.createThread(t.demoUserId);
    const asked = await t.service.chat.sendMessage(t.demoUserId, thread.id, "sell two apple");
    const pending = asked.pendingConfirmation!;
    expect(pending.order).toMatchObject({ symbol: "AAPL", side: "sell", quantity: 2 });
    const result = await t.service.chat.decide(t.demoUserId, thread.id, pending.id, { decision: "approve" });
    expect(result.order).toMatchObject({ symbol: "AAPL", side: "sell", quantity: 2 });
    expect((await t.sandboxOrders()).filter((o) => o.id === result.order?.brokerOrderId)).toHaveLength(1);
  });

  it("the words beside a card are written from the card, not by the model, and the model is not asked", async () => {
    const thread = await t.service.chat.createThread(t.demoUserId);
    const before = fake.requests.length;
    const asked = await t.service.chat.sendMessage(t.demoUserId, thread.id, "sell two apple");
    const pending = asked.pendingConfirmation!;
    // One model call (the tool call); none to restate the card.
    expect(fake.requests.length - before).toBe(1);
    const said = String(asked.messages.at(-1)?.content);
    expect(asked.messages.at(-1)?.role).toBe("assistant");
    expect(said).not.toContain(MODEL_ON_CARD);
    expect(said).toContain(`sell ${pending.order.quantity} AAPL`);
    expect(said).toContain(pending.account.institution);
    expect(said).toContain("Nothing is sent until you approve");
    await t.service.chat.decide(t.demoUserId, thread.id, pending.id, { decision: "reject" });
  });

  it("a decision's outcome is told from the order's row, not by the model, and the model is not asked", async () => {
    const thread = await t.service.chat.createThread(t.demoUserId);
    const pending = (await t.service.chat.sendMessage(t.demoUserId, thread.id, "sell two apple"))
      .pendingConfirmation!;
    const before = fake.requests.length;
    const result = await t.service.chat.decide(t.demoUserId, thread.id, pending.id, { decision: "approve" });
    expect(fake.requests.length).toBe(before);
    const told = String(result.messages.at(-1)?.content);
    expect(told).not.toContain(MODEL_ON_OUTCOME);
    expect(told).toContain("sell 2 AAPL");
    const order = result.order!;
    // The broker's real status and the fill's own figures (the sandbox's market is open by default,
    // so a market order fills at once), where the scripted model claimed a fill at $1.00.
    expect(order.status).toBe("filled");
    // Written from the row's figures in the app's exact formats (a price of $228.30 is the
    // number 228.3, and interpolating it would expect "$228.3").
    expect(told).toContain(
      `filled, ${formatShares(order.filledQuantity)} shares at ${formatExactMoney(order.filledAvgPrice!)}`,
    );
  });

  it("an edit on the card puts the new card before the user in the app's words; a reject is told likewise", async () => {
    const thread = await t.service.chat.createThread(t.demoUserId);
    const pending = (await t.service.chat.sendMessage(t.demoUserId, thread.id, "sell two apple"))
      .pendingConfirmation!;
    const before = fake.requests.length;
    const edited = await t.service.chat.decide(t.demoUserId, thread.id, pending.id, {
      decision: "edit",
      changes: { quantity: 1 },
    });
    const card = edited.pendingConfirmation!;
    expect(card.order.quantity).toBe(1);
    expect(String(edited.messages.at(-1)?.content)).toContain("Updated: ready to sell 1 AAPL");
    const rejected = await t.service.chat.decide(t.demoUserId, thread.id, card.id, { decision: "reject" });
    expect(rejected.messages.at(-1)?.content).toBe("OK, I didn't place it. Nothing was sent to your broker.");
    expect(fake.requests.length).toBe(before);
  });

  it("a card prepared beside another tool call still goes back to the model, which answers both", async () => {
    const thread = await t.service.chat.createThread(t.demoUserId);
    const asked = await t.service.chat.sendMessage(t.demoUserId, thread.id, "quote apple and sell two");
    expect(asked.pendingConfirmation?.order).toMatchObject({ symbol: "AAPL", quantity: 2 });
    expect(asked.messages.at(-1)?.content).toBe(MODEL_ON_CARD_AND_QUOTE);
    await t.service.chat.decide(t.demoUserId, thread.id, asked.pendingConfirmation!.id, {
      decision: "reject",
    });
  });
});
