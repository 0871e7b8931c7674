import { HumanMessage } from "@langchain/core/messages";
import { Command } from "@langchain/langgraph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../test/helpers/service.js";
import type { ApprovalRequest } from "./resume.js";

/** agent-chat-ui's contract on the service's compiled graph: interrupt value and `{decisions}` resume. */
describe("approval interrupt in agent-chat-ui's human-in-the-loop shape", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  }, 60_000);
  afterAll(() => t?.close());

  async function interruptedThread(text: string) {
    const thread = await t.service.chat.createThread(t.demoUserId);
    const config = { configurable: { thread_id: thread.id, userId: t.demoUserId } };
    await t.service.graph.invoke({ messages: [new HumanMessage(text)] } as never, config);
    const state = await t.service.graph.getState(config);
    const value = state.tasks.flatMap((task) => task.interrupts)[0]?.value as ApprovalRequest;
    return { config, value };
  }
  const resume = (config: object, value: unknown) =>
    t.service.graph.invoke(new Command({ resume: value }) as never, config);
  const ordersOf = async (proposalId: string) =>
    (await t.sandboxOrders()).filter((o) => o.clientOrderId === proposalId);

  it("carries the card as one action to review next to {schemaVersion, proposalId}", async () => {
    const { value } = await interruptedThread("buy 1 share of NVDA");
    const card = (await t.service.orders.confirmation(t.demoUserId, value.proposalId))!;
    expect(value).toMatchObject({
      schemaVersion: 1,
      proposalId: card.id,
      action_requests: [
        {
          name: "place_order",
          description: card.text,
          args: { proposalId: card.id, symbol: "NVDA", side: "buy", quantity: 1, accountId: card.account.id },
        },
      ],
      review_configs: [{ action_name: "place_order", allowed_decisions: ["approve", "edit", "reject"] }],
    });
  });

  it("an approve decision places exactly one order, as the card's own decision", async () => {
    const { config, value } = await interruptedThread("buy 1 share of NVDA");
    await resume(config, { decisions: [{ type: "approve" }] });
    expect(await ordersOf(value.proposalId)).toHaveLength(1);
    expect(await t.service.orders.proposalStatus(t.demoUserId, value.proposalId)).toBe("submitted");
  });

  it("a reject decision sends nothing", async () => {
    const { config, value } = await interruptedThread("buy 1 share of NVDA");
    await resume(config, { decisions: [{ type: "reject", message: "not now" }] });
    expect(await ordersOf(value.proposalId)).toHaveLength(0);
    expect(await t.service.orders.proposalStatus(t.demoUserId, value.proposalId)).toBe("rejected");
  });

  it("an edit decision replaces the card with the changed quantity, which waits for its own approval", async () => {
    const { config, value } = await interruptedThread("buy 1 share of NVDA");
    const args = value.action_requests[0]!.args;
    await resume(config, {
      decisions: [{ type: "edit", edited_action: { name: "place_order", args: { ...args, quantity: 2 } } }],
    });
    const state = await t.service.graph.getState(config);
    const next = state.tasks.flatMap((task) => task.interrupts)[0]?.value as ApprovalRequest;
    expect(next.proposalId).not.toBe(value.proposalId);
    expect(next.action_requests[0]!.args).toMatchObject({ quantity: 2, symbol: "NVDA" });
    expect(await t.service.orders.proposalStatus(t.demoUserId, value.proposalId)).toBe("superseded");
    expect(await ordersOf(next.proposalId)).toHaveLength(0);
  });

  it.each([
    ["two decisions", { decisions: [{ type: "approve" }, { type: "approve" }] }],
    ["an unknown decision type", { decisions: [{ type: "respond", message: "yes" }] }],
    [
      "an edit that changes nothing editable",
      { decisions: [{ type: "edit", edited_action: { name: "place_order", args: { symbol: "TSLA" } } }] },
    ],
  ])("refuses %s and leaves the card waiting, unsent", async (_label, bad) => {
    const { config, value } = await interruptedThread("buy 1 share of NVDA");
    await resume(config, bad).catch(() => undefined);
    expect(await ordersOf(value.proposalId)).toHaveLength(0);
    expect(await t.service.orders.proposalStatus(t.demoUserId, value.proposalId)).toBe("awaiting");
  });
});
