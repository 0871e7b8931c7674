import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";
import { OrdersRepository } from "./repository.js";
import { decisionHelpers } from "./test-support/decisions.js";

/**
 * A second approval while the first is between its claim and its broker call waits (up to 2 s)
 * for the send to be attempted; once the broker has been called it answers at once, without
 * holding the user for the broker. Either way it answers with that one order and sends nothing more.
 */
describe("a second approval while the first is being sent", () => {
  let t: TestService;
  /** Holds the first approval after its claim, before its broker call, until released. */
  let held: Promise<void> | null = null;
  let reachedSend: (() => void) | null = null;
  /** Holds the first approval after the broker answered, before the answer is written. */
  let heldAfter: Promise<void> | null = null;
  let reachedAfter: (() => void) | null = null;
  const api = () => ({ userId: t.demoUserId, threadId: null, channel: "api" as const });
  const { typesOf, sentFor, only } = decisionHelpers(() => t);

  beforeAll(async () => {
    t = await startTestService({
      service: {
        orders: {
          hooks: {
            beforeSend: async () => {
              reachedSend?.();
              await held;
            },
            afterSend: async () => {
              reachedAfter?.();
              await heldAfter;
            },
          },
        },
      },
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    held = null;
    reachedSend = null;
    heldAfter = null;
    reachedAfter = null;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Starts an approval of a fresh card and returns once it holds the claim and waits to send. */
  const approvalHeldBeforeSend = async () => {
    const card = await t.service.orders.prepare(api(), { symbol: "NVDA", side: "sell", quantity: 1 });
    let release = () => {};
    held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const reached = new Promise<void>((resolve) => {
      reachedSend = resolve;
    });
    const first = t.service.orders.decide(api(), card.id, { decision: "approve", hash: card.hash });
    await reached;
    return { card, first, release };
  };

  it("waits for the first one's send, then answers with its order, after it was sent", async () => {
    const { card, first, release } = await approvalHeldBeforeSend();
    // The second approval looks for the order, finds it not yet sent, and looks again: only then
    // is the first let through, so an answer given without waiting would come before the send.
    const find = OrdersRepository.prototype.getOrderByProposal;
    let looks = 0;
    vi.spyOn(OrdersRepository.prototype, "getOrderByProposal").mockImplementation(async function (
      this: OrdersRepository,
      ...args
    ) {
      if (args[1] === card.id && ++looks === 2) release();
      return find.apply(this, args);
    });
    const second = await t.service.orders.decide(api(), card.id, { decision: "approve", hash: card.hash });
    release();
    const placed = await first;
    expect(second.order?.id).toBe(placed.order?.id);
    const types = await typesOf(card.id);
    expect(types.indexOf("duplicate_confirm")).toBeGreaterThan(types.indexOf("order_sent"));
    expect(await only(card.id, "decision_approve")).toMatchObject({ orderId: placed.order?.id });
    expect(await sentFor(card.id)).toBe(1);
  });

  it("when the first one never reaches its broker call, answers after its wait with the order as it stands", async () => {
    const { card, first, release } = await approvalHeldBeforeSend();
    const second = await t.service.orders.decide(api(), card.id, { decision: "approve", hash: card.hash });
    expect(second.order).toMatchObject({ clientOrderId: card.id, status: "submitting" });
    expect(second).toMatchObject({ outcome: { outcome: "unknown", orderId: second.order?.id } });
    expect(await only(card.id, "duplicate_confirm")).toMatchObject({ data: { status: "submitting" } });
    expect(await typesOf(card.id)).not.toContain("order_sent");
    release();
    await first;
    expect(await sentFor(card.id)).toBe(1);
  });

  it("once the broker has been called, answers at once with the order being confirmed", async () => {
    const card = await t.service.orders.prepare(api(), { symbol: "NVDA", side: "sell", quantity: 1 });
    let release = () => {};
    heldAfter = new Promise<void>((resolve) => {
      release = resolve;
    });
    const reached = new Promise<void>((resolve) => {
      reachedAfter = resolve;
    });
    const first = t.service.orders.decide(api(), card.id, { decision: "approve", hash: card.hash });
    await reached;
    // The second approval reads the order while the broker call is out; the first then finishes
    // before that read returns, so only an approval that looked again would see it accepted.
    const find = OrdersRepository.prototype.getOrderByProposal;
    let looks = 0;
    vi.spyOn(OrdersRepository.prototype, "getOrderByProposal").mockImplementation(async function (
      this: OrdersRepository,
      ...args
    ) {
      const found = await find.apply(this, args);
      if (args[1] === card.id && ++looks === 1) {
        release();
        await first;
      }
      return found;
    });
    const second = await t.service.orders.decide(api(), card.id, { decision: "approve", hash: card.hash });
    const placed = await first;
    expect(placed.order?.status).toMatch(/accepted|filled/);
    expect(second.order).toMatchObject({ id: placed.order?.id, status: "submitting" });
    expect(second).toMatchObject({ outcome: { outcome: "unknown", orderId: placed.order?.id } });
    expect(await only(card.id, "duplicate_confirm")).toMatchObject({ data: { status: "submitting" } });
    expect(await sentFor(card.id)).toBe(1);
  });
});
