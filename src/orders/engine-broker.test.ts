import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestPglite, type TestDatabase } from "../../test/helpers/databases.js";
import type { Logger } from "../core/logger.js";
import { brokerOrderOf, engineFor, fakeBroker, silentLogger } from "./test-support/engine.js";
import { newOrderProposal, orderSpec } from "./test-support/repository.js";

/** The engine with a broker behind it: approving, the early look at a working order, the reconciler, a direct cancel. */
describe("orders engine and the broker", () => {
  let db: TestDatabase;
  const api = (userId: string) => ({ userId, threadId: null, channel: "api" as const });

  beforeAll(async () => {
    db = await openTestPglite();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("a card another process stored under the same master key is approved and sent once", async () => {
    const { engine, broker, records } = engineFor(db);
    const card = await records.card(newOrderProposal(records.user()));
    const answer = await engine.decide(api(card.userId), card.id, { decision: "approve", hash: card.hash });
    expect(answer).toMatchObject({
      decision: "approve",
      outcome: {
        outcome: "submitted",
        order: { status: "filled", filledQuantity: 2, institution: "Alpaca" },
      },
      order: { confirmationId: card.id, status: "filled", filledAvgPrice: 100 },
    });
    expect(answer.order).not.toHaveProperty("userId");
    expect(broker.placed).toEqual([
      expect.objectContaining({ symbol: "NVDA", quantity: 2, clientOrderId: card.id }),
    ]);
  });

  it("a market order still working when the broker answers is looked at again within moments", async () => {
    const { engine, broker, records } = engineFor(db, fakeBroker({ placeAnswer: "accepted" }));
    const card = await records.card(newOrderProposal(records.user()));
    const { order } = await engine.decide(api(card.userId), card.id, {
      decision: "approve",
      hash: card.hash,
    });
    expect(order).toMatchObject({ status: "accepted", filledQuantity: 0 });
    // The broker fills it a moment later; no reconciler runs here, and no broker event arrives.
    const brokerOrderId = order!.brokerOrderId!;
    broker.orders.set(
      brokerOrderId,
      brokerOrderOf(broker.placed[0]!, brokerOrderId, "filled", { filledQuantity: 2, filledAvgPrice: 100.5 }),
    );
    await vi.waitFor(
      async () =>
        expect(await engine.getOrder(card.userId, order!.id)).toMatchObject({
          status: "filled",
          filledQuantity: 2,
          filledAvgPrice: 100.5,
        }),
      { timeout: 6_000, interval: 100 },
    );
  });

  it("an early look that fails is left to polling, and logged with the order", async () => {
    const debug = vi.fn();
    const logger = { ...silentLogger, debug } as unknown as Logger;
    const { engine, broker, records } = engineFor(db, fakeBroker({ placeAnswer: "accepted" }), { logger });
    const card = await records.card(newOrderProposal(records.user()));
    const { order } = await engine.decide(api(card.userId), card.id, {
      decision: "approve",
      hash: card.hash,
    });
    broker.failures.getOrder = new Error("broker unreachable");
    await vi.waitFor(
      () =>
        expect(debug).toHaveBeenCalledWith(
          expect.objectContaining({ orderId: order!.id }),
          expect.any(String),
        ),
      { timeout: 6_000, interval: 100 },
    );
    expect(await engine.getOrder(card.userId, order!.id)).toMatchObject({ status: "accepted" });
  });

  it("once started, the engine follows open orders to their end without being asked", async () => {
    const { engine, broker, records } = engineFor(db, fakeBroker(), {
      reconciler: { settleSeconds: 0, openPollSeconds: 0 },
    });
    const card = await records.card(newOrderProposal(records.user(), { spec: orderSpec({ symbol: "AMD" }) }));
    const order = await records.placed(card, { status: "accepted", brokerOrderId: "started-1" });
    broker.orders.set(
      "started-1",
      brokerOrderOf({ ...order, quantity: 2 }, "started-1", "filled", {
        filledQuantity: 2,
        filledAvgPrice: 99,
      }),
    );
    engine.start();
    try {
      await vi.waitFor(
        async () => expect(await engine.getOrder(card.userId, order.id)).toMatchObject({ status: "filled" }),
        { timeout: 5_000, interval: 100 },
      );
    } finally {
      await engine.stop();
    }
  });

  it("a direct cancel cancels at the broker, answers the order as it now stands and audits it", async () => {
    const { engine, broker, records } = engineFor(db);
    const card = await records.card(newOrderProposal(records.user()));
    const order = await records.placed(card, { status: "accepted", brokerOrderId: "cancel-me" });
    broker.orders.set("cancel-me", brokerOrderOf(order, "cancel-me", "accepted"));
    const cancelled = await engine.cancelOrder(card.userId, order.id);
    expect(cancelled).toMatchObject({ id: order.id, status: "cancelled" });
    expect(cancelled).not.toHaveProperty("leaseUntil");
    expect(broker.orders.get("cancel-me")?.status).toBe("cancelled");
    const trail = await engine.auditTrail(card.userId, { orderId: order.id });
    expect(trail.map((e) => e.type)).toEqual(["cancel_sent"]);
    expect(trail[0]!.data).toMatchObject({ brokerOrderId: "cancel-me", outcome: "cancelled" });
  });
});
