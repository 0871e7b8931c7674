import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";

/** Whether a card is pending is read from the proposal rows, never inferred from the conversation. */
describe("the card a thread shows is the database's", () => {
  let t: TestService;
  const chat = () => t.service.chat;
  const userId = () => t.demoUserId;

  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("a refused second order does not hide the first card: it can still be changed and approved", async () => {
    const thread = await chat().createThread(userId());
    const first = await chat().sendMessage(userId(), thread.id, "sell 2 shares of AAPL");
    const card = first.pendingConfirmation!;
    expect(card.order).toMatchObject({ symbol: "AAPL", quantity: 2 });

    const second = await chat().sendMessage(userId(), thread.id, "sell 2 shares of TSLA in Robinhood");
    expect(second.pendingConfirmation?.id).toBe(card.id);
    expect(second.messages.at(-1)?.content).toMatch(/already waiting|approve or reject/i);

    const edited = await chat().sendMessage(userId(), thread.id, "make it 3 shares");
    expect(edited.pendingConfirmation?.order).toMatchObject({ symbol: "AAPL", quantity: 3 });
    expect(edited.pendingConfirmation?.id).not.toBe(card.id);
    expect(edited.messages.map((m) => m.content).join(" ")).not.toMatch(/no order waiting/i);

    const done = await chat().sendMessage(userId(), thread.id, "yes");
    expect(done.pendingConfirmation).toBeNull();
    const order = await t.service.orders.orderForConfirmation(userId(), edited.pendingConfirmation!.id);
    const sent = (await t.sandboxOrders()).filter((o) => o.id === order?.brokerOrderId);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ symbol: "AAPL", quantity: 3 });
  });

  it("'cancel my last order' while a card waits offers to drop that card instead of refusing", async () => {
    const thread = await chat().createThread(userId());
    const asked = await chat().sendMessage(userId(), thread.id, "sell 1 share of AAPL");
    const card = asked.pendingConfirmation!;
    const reply = await chat().sendMessage(userId(), thread.id, "cancel my last order");
    expect(reply.pendingConfirmation?.id).toBe(card.id);
    const answer = reply.messages.at(-1)?.content ?? "";
    expect(answer).toMatch(/drop it|reject it/i);
    expect(answer).not.toMatch(/no open order/i);
    const dropped = await chat().sendMessage(userId(), thread.id, "no");
    expect(dropped.pendingConfirmation).toBeNull();
    expect(await t.service.orders.proposalStatus(userId(), card.id)).toBe("rejected");
  });

  it("a wrong hash on the card answers a conflict and leaves the card as it was; reject still works", async () => {
    const thread = await chat().createThread(userId());
    const asked = await chat().sendMessage(userId(), thread.id, "sell 1 share of AAPL");
    const card = asked.pendingConfirmation!;
    await expect(
      chat().decide(userId(), thread.id, card.id, { decision: "approve", hash: "AAAAAAAAAAAAAAAAAAAAAAAA" }),
    ).rejects.toMatchObject({ kind: "conflict", code: "confirmation_mismatch" });
    const view = await chat().getThread(userId(), thread.id);
    expect(view.pendingConfirmation?.id).toBe(card.id);
    const rejected = await chat().decide(userId(), thread.id, card.id, { decision: "reject" });
    expect(rejected.pendingConfirmation).toBeNull();
    expect(await t.service.orders.proposalStatus(userId(), card.id)).toBe("rejected");
    expect((await t.sandboxOrders()).filter((o) => o.clientOrderId === card.id)).toHaveLength(0);
  });
});
