import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPglite, type TestDatabase } from "../../test/helpers/databases.js";
import { ConnectionBroken, OrderRejected } from "../brokers/errors.js";
import { migrate } from "../core/db/migrate.js";
import { cancellationsFor } from "./test-support/cancellations.js";

/** Cancelling an open order: the card that asks the user, and the cancel itself (from a card or REST). */
describe("cancelling an order", () => {
  let db: TestDatabase;
  const world = () => cancellationsFor(db);

  beforeAll(async () => {
    db = await openTestPglite();
    await migrate(db.pool);
  });
  afterAll(async () => {
    await db?.close();
  });

  describe("the confirmation card", () => {
    it("binds the named order as it stands, in the account it was placed in, and moves no money", async () => {
      const w = world();
      const order = await w.addOrder({ orderType: "limit", limitPrice: 150, quantity: 10 });
      const card = await w.cancellations.prepare({ userId: w.userId, threadId: "chat-1" }, order.id);
      expect(card).toMatchObject({
        kind: "cancel",
        userId: w.userId,
        threadId: "chat-1",
        status: "awaiting",
        account: {
          id: w.account.id,
          provider: "snaptrade",
          institution: w.account.institution,
          name: w.account.name,
          numberMasked: w.account.numberMasked,
          isPaper: false,
        },
        request: null,
        basis: null,
        brokerPreview: null,
        warnings: [],
        routing: {
          reason: "The order is cancelled in the account it was placed in.",
          rule: "order_account",
          alternatives: [],
        },
      });
      expect(card.spec).toEqual({
        orderId: order.id,
        brokerOrderId: order.brokerOrderId,
        order: expect.objectContaining({
          symbol: "AAPL",
          side: "buy",
          quantity: 10,
          orderType: "limit",
          limitPrice: 150,
          stopPrice: null,
        }),
      });
      expect(card.estimate).toMatchObject({
        price: 150,
        priceSource: "the order's limit price",
        amount: null,
        fees: null,
        buyingPowerBefore: null,
        buyingPowerAfter: null,
        currency: "USD",
      });
      // Preparing a card sends nothing.
      expect(w.broker.cancelsSent).toEqual([]);
    });

    it.each([
      { orderType: "limit", limitPrice: 150, stopPrice: null, price: 150, source: "the order's limit price" },
      { orderType: "stop", limitPrice: null, stopPrice: 140, price: 140, source: "the order's stop price" },
      // A stop-limit fills at its limit or better: the limit is the price it restates.
      {
        orderType: "stop_limit",
        limitPrice: 150,
        stopPrice: 149,
        price: 150,
        source: "the order's limit price",
      },
      { orderType: "market", limitPrice: null, stopPrice: null, price: null, source: "market" },
    ] as const)("restates a $orderType order's own price ($source)", async (c) => {
      const w = world();
      const order = await w.addOrder({
        orderType: c.orderType,
        limitPrice: c.limitPrice,
        stopPrice: c.stopPrice,
      });
      const card = await w.cancellations.prepare({ userId: w.userId }, order.id);
      expect(card.estimate).toMatchObject({ price: c.price, priceSource: c.source });
      expect(card.threadId).toBeNull();
    });

    it.each([
      {
        filled: 2.5,
        quantity: 10,
        warning: "2.5 shares already filled and stay filled; 7.5 remain open and are cancelled.",
      },
      {
        filled: 0.1,
        quantity: 0.3,
        warning: "0.1 shares already filled and stay filled; 0.2 remain open and are cancelled.",
      },
      // A dollar order has no share count to take the fill from.
      { filled: 0.5, quantity: null, warning: "0.5 shares already filled and stay filled." },
    ])("warns that $filled shares of a partly filled order stay filled", async (c) => {
      const w = world();
      const order = await w.addOrder({
        status: "partially_filled",
        quantity: c.quantity,
        notional: c.quantity === null ? 500 : null,
        orderType: c.quantity === null ? "market" : "limit",
        limitPrice: c.quantity === null ? null : 150,
        filledQuantity: c.filled,
      });
      const card = await w.cancellations.prepare({ userId: w.userId }, order.id);
      expect(card.warnings).toEqual([c.warning]);
    });

    it("without a named order, takes the most recent open one", async () => {
      const w = world();
      await w.addOrder({ status: "accepted", createdAt: 0 });
      const latestOpen = await w.addOrder({ status: "partially_filled", filledQuantity: 1, createdAt: 10 });
      await w.addOrder({ status: "filled", createdAt: 20 });
      await w.addOrder({ status: "cancelled", createdAt: 30 });
      await w.addOrder({ status: "needs_review", createdAt: 40 });
      const card = await w.cancellations.prepare({ userId: w.userId });
      expect(card.kind === "cancel" && card.spec.orderId).toBe(latestOpen.id);
    });

    it("without a named order, finds an open one however many orders came after it", async () => {
      const w = world();
      const open = await w.addOrder({ status: "accepted", createdAt: 0 });
      for (let i = 1; i <= 25; i++) await w.addOrder({ status: "filled", createdAt: i });
      const card = await w.cancellations.prepare({ userId: w.userId });
      expect(card.kind === "cancel" && card.spec.orderId).toBe(open.id);
    });

    it("without a named order and none open, says there is none", async () => {
      const w = world();
      await w.addOrder({ status: "filled" });
      await w.addOrder({ status: "rejected" });
      await expect(w.cancellations.prepare({ userId: w.userId })).rejects.toMatchObject({
        code: "order_refused",
        message: "You have no open order to cancel.",
      });
      // Another user's open order is not this user's.
      await world().addOrder({ status: "accepted" });
      await expect(w.cancellations.prepare({ userId: w.userId })).rejects.toMatchObject({
        code: "order_refused",
      });
    });

    it.each([
      ["filled", "That order is filled; only open orders can be cancelled."],
      ["cancelled", "That order is cancelled; only open orders can be cancelled."],
      ["needs_review", "That order is needs review; only open orders can be cancelled."],
      ["submitting", "That order is submitting; only open orders can be cancelled."],
    ] as const)("refuses a card for an order that is %s", async (status, message) => {
      const w = world();
      const order = await w.addOrder({ status });
      await expect(w.cancellations.prepare({ userId: w.userId }, order.id)).rejects.toMatchObject({
        code: "order_refused",
        message,
      });
    });

    it("an order the user does not have, or whose account is gone, is not found", async () => {
      const w = world();
      await expect(w.cancellations.prepare({ userId: w.userId }, randomUUID())).rejects.toMatchObject({
        code: "not_found",
        message: "Order was not found.",
      });
      const someoneElses = await world().addOrder();
      await expect(w.cancellations.prepare({ userId: w.userId }, someoneElses.id)).rejects.toMatchObject({
        code: "not_found",
        message: "Order was not found.",
      });
      const inUnlinkedAccount = await w.addOrder({ accountId: "snaptrade_unlinked" });
      await expect(w.cancellations.prepare({ userId: w.userId }, inUnlinkedAccount.id)).rejects.toMatchObject(
        {
          code: "not_found",
          message: "Account was not found.",
        },
      );
    });
  });

  describe("the cancel", () => {
    it("sends the broker the order's id in its account and records the broker's answer", async () => {
      const w = world();
      const order = await w.addOrder({ threadId: "thread-of-order" });
      const cancelled = await w.cancellations.cancel(w.userId, order.id, {});
      expect(w.broker.cancelsSent).toEqual([{ accountId: w.account.id, brokerOrderId: order.brokerOrderId }]);
      expect(cancelled).toMatchObject({ id: order.id, status: "cancelled", filledQuantity: 0 });
      expect(await w.repo.getOrder(w.userId, order.id)).toMatchObject({ status: "cancelled" });
      const trail = await w.trail(order.id);
      expect(trail).toHaveLength(1);
      // Directly (REST): no card, and the order's own thread.
      expect(trail[0]).toMatchObject({
        type: "cancel_sent",
        actor: "user",
        threadId: "thread-of-order",
        proposalId: null,
        orderId: order.id,
        data: { brokerOrderId: order.brokerOrderId, outcome: "cancelled" },
      });
    });

    it("from a card, audits the card and its thread", async () => {
      const w = world();
      const order = await w.addOrder({ threadId: "thread-of-order" });
      const card = await w.cancellations.prepare({ userId: w.userId, threadId: "chat-2" }, order.id);
      await w.cancellations.cancel(w.userId, order.id, { proposalId: card.id, threadId: "chat-2" });
      const sent = (await w.trail(order.id)).filter((e) => e.type === "cancel_sent");
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ proposalId: card.id, threadId: "chat-2" });
    });

    it("keeps the fills the broker reports at the cancel", async () => {
      const w = world();
      const order = await w.addOrder({ status: "partially_filled", quantity: 10, filledQuantity: 2 });
      w.broker.answer = () => ({ status: "cancelled", filledQuantity: 4, filledAvgPrice: 149.5 });
      const cancelled = await w.cancellations.cancel(w.userId, order.id, {});
      expect(cancelled).toMatchObject({ status: "cancelled", filledQuantity: 4, filledAvgPrice: 149.5 });
      expect(await w.repo.getOrder(w.userId, order.id)).toMatchObject({
        status: "cancelled",
        filledQuantity: 4,
        filledAvgPrice: 149.5,
      });
    });

    it("records the broker's answer when the order filled before the cancel reached it", async () => {
      const w = world();
      const order = await w.addOrder({ quantity: 10 });
      w.broker.answer = () => ({ status: "filled", filledQuantity: 10, filledAvgPrice: 150 });
      const answer = await w.cancellations.cancel(w.userId, order.id, {});
      expect(answer).toMatchObject({ status: "filled", filledQuantity: 10 });
      expect((await w.trail(order.id))[0]!.data).toEqual({
        brokerOrderId: order.brokerOrderId,
        outcome: "filled",
      });
    });

    it("an order already cancelled is answered as it is, with nothing sent or audited", async () => {
      const w = world();
      const order = await w.addOrder({ status: "cancelled" });
      expect(await w.cancellations.cancel(w.userId, order.id, {})).toEqual(order);
      expect(w.broker.cancelsSent).toEqual([]);
      expect(await w.trail(order.id)).toEqual([]);
    });

    it.each([
      ["filled", "That order is filled; only open orders can be cancelled."],
      ["needs_review", "That order is needs review; only open orders can be cancelled."],
      ["rejected", "That order is rejected; only open orders can be cancelled."],
    ] as const)("refuses to cancel an order that is %s, sending nothing", async (status, message) => {
      const w = world();
      const order = await w.addOrder({ status });
      await expect(w.cancellations.cancel(w.userId, order.id, {})).rejects.toMatchObject({
        code: "not_cancellable",
        message,
      });
      expect(w.broker.cancelsSent).toEqual([]);
      expect(await w.trail(order.id)).toEqual([]);
      expect(await w.repo.getOrder(w.userId, order.id)).toMatchObject({ status });
    });

    it("an order the user does not have is not found, and nothing is sent", async () => {
      const w = world();
      const someoneElses = await world().addOrder();
      for (const id of [randomUUID(), someoneElses.id]) {
        await expect(w.cancellations.cancel(w.userId, id, {})).rejects.toMatchObject({
          code: "not_found",
          message: "Order was not found.",
        });
      }
      expect(w.broker.cancelsSent).toEqual([]);
    });

    it.each([
      [
        new OrderRejected("snaptrade", "the order is already being executed"),
        "the order is already being executed",
      ],
      [new ConnectionBroken("snaptrade", "conn-1", true), "the brokerage connection needs to be reconnected"],
    ])("a broker refusal leaves the order open, is audited and told to the user", async (error, reason) => {
      const w = world();
      const order = await w.addOrder();
      w.broker.failure = error;
      await expect(w.cancellations.cancel(w.userId, order.id, {})).rejects.toMatchObject({
        code: "order_refused",
        message: `The broker did not cancel the order: ${reason}`,
      });
      expect(await w.repo.getOrder(w.userId, order.id)).toMatchObject({ status: "accepted" });
      const trail = await w.trail(order.id);
      expect(trail.map((e) => [e.type, e.data])).toEqual([
        ["cancel_sent", { brokerOrderId: order.brokerOrderId, outcome: `refused: ${reason}` }],
      ]);
    });

    it("a cancel whose fate is unknown (the connection dropped) leaves the order as it was and audits why", async () => {
      const w = world();
      const order = await w.addOrder();
      w.broker.failure = new Error("socket hang up");
      const answer = await w.cancellations.cancel(w.userId, order.id, {});
      expect(answer).toMatchObject({ id: order.id, status: "accepted" });
      expect(await w.repo.getOrder(w.userId, order.id)).toMatchObject({ status: "accepted" });
      expect((await w.trail(order.id)).map((e) => e.data)).toEqual([
        { brokerOrderId: order.brokerOrderId, outcome: "unknown: socket hang up" },
      ]);
    });
  });
});
