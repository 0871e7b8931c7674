import { Command } from "@langchain/langgraph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../test/helpers/service.js";

describe("agent graph: confirmations through interrupt, on the real engine and sandbox", () => {
  let t: TestService;
  const chat = () => t.service.chat;
  const userId = () => t.demoUserId;

  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function pendingSell(text = "sell 2 shares of AAPL") {
    const thread = await chat().createThread(userId());
    const view = await chat().sendMessage(userId(), thread.id, text);
    expect(view.pendingConfirmation).not.toBeNull();
    return { threadId: thread.id, pending: view.pendingConfirmation! };
  }
  const ordersFor = async (proposalId: string) => {
    const ours = await t.service.orders.orderForConfirmation(userId(), proposalId);
    return (await t.sandboxOrders()).filter(
      (o) => o.clientOrderId === proposalId || o.id === ours?.brokerOrderId,
    );
  };

  it("approves through the interrupt: one order, and the answer reports its real status", async () => {
    const { threadId, pending } = await pendingSell();
    expect(pending.account.institution).toBe("Charles Schwab");
    expect(await ordersFor(pending.id)).toHaveLength(0);
    const result = await chat().decide(userId(), threadId, pending.id, {
      decision: "approve",
      hash: pending.hash,
    });
    expect(result.order?.status).toMatch(/filled|accepted/);
    expect(result.pendingConfirmation).toBeNull();
    const answer = result.messages.filter((m) => m.role === "assistant").at(-1)?.content ?? "";
    expect(answer).toMatch(/sell 2 AAPL/i);
    expect(answer).toMatch(result.order?.status === "filled" ? /filled/ : /accepted|not (yet )?filled/i);
    expect(await ordersFor(pending.id)).toHaveLength(1);
  });

  it("a second resume of the same approval sends nothing more (double click, retry)", async () => {
    const { threadId, pending } = await pendingSell();
    const first = await chat().decide(userId(), threadId, pending.id, { decision: "approve" });
    const second = await chat().decide(userId(), threadId, pending.id, { decision: "approve" });
    expect(second.order?.id).toBe(first.order?.id);
    expect(await ordersFor(pending.id)).toHaveLength(1);
  });

  it("a resume on a finished thread is a no-op", async () => {
    const { threadId, pending } = await pendingSell();
    await chat().decide(userId(), threadId, pending.id, { decision: "reject" });
    const config = { configurable: { thread_id: threadId, userId: userId() } };
    await t.service.graph.invoke(
      new Command({ resume: { decision: "approve", confirmationId: pending.id } }) as never,
      config,
    );
    expect(await ordersFor(pending.id)).toHaveLength(0);
    expect(await t.service.orders.proposalStatus(userId(), pending.id)).toBe("rejected");
  });

  it("rejects through the interrupt: nothing is sent and the answer says so", async () => {
    const { threadId, pending } = await pendingSell();
    const result = await chat().decide(userId(), threadId, pending.id, { decision: "reject" });
    expect(result.order).toBeNull();
    expect(result.pendingConfirmation).toBeNull();
    expect(result.messages.at(-1)?.content).toMatch(
      /not (placed|sent)|nothing was sent|won't|cancelled|rejected/i,
    );
    expect(await ordersFor(pending.id)).toHaveLength(0);
  });

  it("edits through the interrupt: a new card that needs its own approval", async () => {
    const { threadId, pending } = await pendingSell();
    const edited = await chat().decide(userId(), threadId, pending.id, {
      decision: "edit",
      changes: { quantity: 5 },
    });
    expect(edited.pendingConfirmation?.id).not.toBe(pending.id);
    expect(edited.pendingConfirmation?.order.quantity).toBe(5);
    expect(edited.order).toBeNull();
    await expect(chat().decide(userId(), threadId, pending.id, { decision: "approve" })).rejects.toThrow();
    const next = edited.pendingConfirmation!;
    const approved = await chat().decide(userId(), threadId, next.id, {
      decision: "approve",
      hash: next.hash,
    });
    expect(approved.order?.quantity).toBe(5);
    expect(await ordersFor(pending.id)).toHaveLength(0);
    expect(await ordersFor(next.id)).toHaveLength(1);
  });

  it("a bad resume value does not poison the thread", async () => {
    const { threadId, pending } = await pendingSell();
    const graph = t.service.graph;
    const config = { configurable: { thread_id: threadId, userId: userId() } };
    await expect(
      graph.invoke(new Command({ resume: { decision: "sell-everything" } }) as never, config),
    ).rejects.toThrow();
    const view = await chat().getThread(userId(), threadId);
    expect(view.pendingConfirmation?.id).toBe(pending.id);
    const result = await chat().decide(userId(), threadId, pending.id, { decision: "approve" });
    expect(result.order?.status).toMatch(/filled|accepted/);
    expect(await ordersFor(pending.id)).toHaveLength(1);
  });

  it("answers chat replies to a pending card: a question keeps it pending, an edit replaces it, yes approves", async () => {
    const { threadId, pending } = await pendingSell();
    const question = await chat().sendMessage(userId(), threadId, "what's my buying power?");
    expect(question.messages.at(-1)?.content).toMatch(/buying power/i);
    expect(question.pendingConfirmation?.id).toBe(pending.id);
    const edit = await chat().sendMessage(userId(), threadId, "make it 3 shares");
    expect(edit.pendingConfirmation?.order.quantity).toBe(3);
    const yes = await chat().sendMessage(userId(), threadId, "yes");
    expect(yes.pendingConfirmation).toBeNull();
    const proposalId = edit.pendingConfirmation!.id;
    expect(await ordersFor(proposalId)).toHaveLength(1);
    expect(await ordersFor(pending.id)).toHaveLength(0);
  });

  it("'no' in chat rejects; an unclear reply never approves", async () => {
    const { threadId, pending } = await pendingSell();
    const unclear = await chat().sendMessage(userId(), threadId, "yes but wait");
    expect(unclear.pendingConfirmation?.id).toBe(pending.id);
    const no = await chat().sendMessage(userId(), threadId, "no");
    expect(no.pendingConfirmation).toBeNull();
    expect(await t.service.orders.proposalStatus(userId(), pending.id)).toBe("rejected");
    expect(await ordersFor(pending.id)).toHaveLength(0);
  });

  it("never mixes up two pending confirmations in two threads", async () => {
    const a = await pendingSell("sell 1 share of AAPL");
    const b = await pendingSell("sell 1 share of TSLA");
    await expect(chat().decide(userId(), a.threadId, b.pending.id, { decision: "approve" })).rejects.toThrow(
      /not found/,
    );
    const ra = await chat().decide(userId(), a.threadId, a.pending.id, { decision: "approve" });
    const rb = await chat().decide(userId(), b.threadId, b.pending.id, { decision: "approve" });
    expect([ra.order?.symbol, rb.order?.symbol]).toEqual(["AAPL", "TSLA"]);
  });
});
