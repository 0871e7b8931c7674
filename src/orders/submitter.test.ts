import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestPglite, type TestDatabase } from "../../test/helpers/databases.js";
import { OrderRejected } from "../brokers/errors.js";
import type { BrokerOrder, OrderPreview, OrderRequest } from "../brokers/model.js";
import { migrate } from "../core/db/migrate.js";
import { createLogger } from "../core/logger.js";
import type { PortfolioService } from "../portfolio/service.js";
import { AuditLog } from "./audit/audit-log.js";
import type { OrderRecord } from "./records.js";
import { OrdersRepository } from "./repository.js";
import { OrderSubmitter } from "./submitter.js";
import { brokerOrderOf, claimedOrder, type StoredOrderOptions } from "./test-support/submitter.js";

/**
 * The send step on its own: a claimed order goes to a fake broker whose answer each test sets,
 * and what the order row, its proposal, the audit trail and the post-trade hooks show after it.
 */
describe("the submitter sends a claimed order and records the broker's answer", () => {
  let db: TestDatabase;
  let repo: OrdersRepository;
  let audit: AuditLog;

  beforeAll(async () => {
    db = await openTestPglite();
    await migrate(db.pool);
    repo = new OrdersRepository(db.pool);
    audit = new AuditLog(db.pool);
  });
  afterAll(async () => {
    await db?.close();
  });

  type Answer = (order: OrderRecord) => BrokerOrder | Error;

  /** A submitter over a broker answering `answer`, recording what it was sent and what followed. */
  const submitterWith = (
    answer: Answer,
    refresh: () => Promise<void> = async () => {},
    afterSend?: (order: OrderRecord) => Promise<void>,
  ) => {
    const sent: Array<{ request: OrderRequest; preview: OrderPreview | null }> = [];
    const refreshed: Array<[string, string]> = [];
    const working: OrderRecord[] = [];
    const lines: Array<Record<string, unknown>> = [];
    const leaseDuringSend: Array<string | null> = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    let current: OrderRecord;
    const portfolio = {
      tradingSession: async () => ({
        placeOrder: async (request: OrderRequest, preview: OrderPreview | null) => {
          sent.push({ request, preview });
          leaseDuringSend.push((await repo.getOrder(current.userId, current.id))!.leaseUntil);
          const reply = answer(current);
          if (reply instanceof Error) throw reply;
          return reply;
        },
      }),
      refreshAccount: (userId: string, accountId: string) => {
        refreshed.push([userId, accountId]);
        return refresh();
      },
    } as unknown as PortfolioService;
    const submitter = new OrderSubmitter({
      repo,
      audit,
      portfolio,
      logger: createLogger({ level: "debug", destination }),
      leaseSeconds: 90,
      hooks: { afterSend },
      onWorkingMarketOrder: (order) => working.push(order),
    });
    return {
      sent,
      refreshed,
      working,
      lines,
      leaseDuringSend,
      /** Stores a claimed order and sends it as the user's approval. */
      async approve(options: StoredOrderOptions = {}) {
        const { order, proposal } = await claimedOrder(db, repo, options);
        current = order;
        const result = await submitter.sendApproved(order, proposal);
        return { ...result, before: order, stored: (await repo.getOrder(order.userId, order.id))! };
      },
      /** Stores a claimed order and sends it as the reconciler does (no decision of the user's). */
      async resend() {
        const { order, proposal } = await claimedOrder(db, repo);
        current = order;
        const result = await submitter.send(order, proposal, "reconciler");
        return { result, before: order, proposal };
      },
    };
  };

  const eventsOf = (order: OrderRecord) => audit.list(order.userId, { orderId: order.id });

  describe("placed", () => {
    it("a working market order: accepted, linked, lease released, both events, looked at again and refreshed", async () => {
      const preview: OrderPreview = {
        price: 410,
        priceSource: "quote",
        asOf: new Date().toISOString(),
        amount: 820,
        amountSource: "broker_preview",
        fees: null,
        buyingPowerBefore: 5_000,
        buyingPowerAfter: 4_180,
        currency: "USD",
      };
      let brokerOrderId = "";
      const s = submitterWith((order) => {
        const placed = brokerOrderOf(order);
        brokerOrderId = placed.brokerOrderId;
        return placed;
      });
      const { order, proposal, before, stored } = await s.approve({ brokerPreview: preview });

      // The broker was sent the order of record with the card's preview, once, under a lease.
      expect(s.sent).toEqual([
        {
          request: {
            symbol: "MSFT",
            side: "buy",
            quantity: 2,
            notional: null,
            orderType: "market",
            limitPrice: null,
            stopPrice: null,
            timeInForce: "day",
            accountId: before.accountId,
            clientOrderId: before.clientOrderId,
          },
          preview,
        },
      ]);
      expect(s.leaseDuringSend[0]).not.toBeNull();
      const leaseSeconds = (Date.parse(s.leaseDuringSend[0]!) - Date.parse(stored.sendAttemptedAt!)) / 1000;
      expect(leaseSeconds).toBeCloseTo(90, 0);

      expect(order).toMatchObject({
        status: "accepted",
        statusDetail: null,
        brokerOrderId,
        filledQuantity: 0,
        filledAvgPrice: null,
        leaseUntil: null,
      });
      expect(stored).toEqual(order);
      expect(stored.sendAttemptedAt).not.toBeNull();
      // The approval's proposal moved submitting → submitted in the same write, and is handed back.
      expect(proposal).toMatchObject({ id: before.confirmationId, status: "submitted" });
      expect((await repo.getProposal(before.userId, before.confirmationId))?.status).toBe("submitted");

      const events = await eventsOf(before);
      expect(events.map((e) => [e.actor, e.type])).toEqual([
        ["user", "order_sent"],
        ["broker", "broker_accepted"],
      ]);
      expect(events[0]).toMatchObject({
        threadId: "thread-s",
        proposalId: before.confirmationId,
        data: {
          provider: "alpaca",
          accountId: before.accountId,
          clientOrderId: before.clientOrderId,
          request: s.sent[0]!.request,
        },
      });
      expect(events[1]).toMatchObject({
        threadId: "thread-s",
        proposalId: before.confirmationId,
        data: {
          via: "user",
          status: "accepted",
          brokerOrderId,
          filledQuantity: 0,
          filledAvgPrice: null,
          reason: null,
        },
      });
      expect(await audit.verify(before.userId)).toMatchObject({ ok: true });

      expect(s.working).toEqual([order]);
      expect(s.refreshed).toEqual([[before.userId, before.accountId]]);
    });

    it("a market order filled at once: its fill is recorded and audited, and nothing looks again", async () => {
      const s = submitterWith((order) =>
        brokerOrderOf(order, { status: "filled", filledQuantity: 2, filledAvgPrice: 409.87 }),
      );
      const { order, before } = await s.approve();
      expect(order).toMatchObject({
        status: "filled",
        filledQuantity: 2,
        filledAvgPrice: 409.87,
        leaseUntil: null,
      });
      const answered = (await eventsOf(before)).filter((e) => e.type === "broker_accepted");
      expect(answered).toHaveLength(1);
      expect(answered[0]!.data).toMatchObject({
        status: "filled",
        filledQuantity: 2,
        filledAvgPrice: 409.87,
      });
      expect(s.working).toEqual([]);
      expect(s.refreshed).toEqual([[before.userId, before.accountId]]);
    });

    it("a limit order resting at the broker is left to the reconciler's polls", async () => {
      const s = submitterWith((order) => brokerOrderOf(order));
      const { order, before } = await s.approve({ orderType: "limit" });
      expect(order).toMatchObject({ status: "accepted", orderType: "limit", limitPrice: 410.5 });
      expect(s.sent[0]!.request).toMatchObject({ orderType: "limit", limitPrice: 410.5 });
      expect(s.working).toEqual([]);
      expect(s.refreshed).toEqual([[before.userId, before.accountId]]);
    });

    it("a post-trade refresh that fails is logged at debug and never fails the send", async () => {
      const s = submitterWith(
        (order) => brokerOrderOf(order),
        async () => {
          throw new Error("holdings unavailable");
        },
      );
      const { order, before } = await s.approve();
      expect(order.status).toBe("accepted");
      await vi.waitFor(() => {
        expect(s.lines).toContainEqual(
          expect.objectContaining({
            level: 20,
            accountId: before.accountId,
            err: expect.objectContaining({ message: "holdings unavailable" }),
          }),
        );
      });
    });
  });

  it("a row written by someone else while the broker answered still gets the answer, audited once as it then stands", async () => {
    let brokerOrderId = "";
    const s = submitterWith(
      (order) => {
        const placed = brokerOrderOf(order, { status: "filled", filledQuantity: 2, filledAvgPrice: 410.25 });
        brokerOrderId = placed.brokerOrderId;
        return placed;
      },
      undefined,
      // Another replica, its lease run out, found the order at the broker and linked it meanwhile.
      async (order) => {
        await repo.updateOrder(order.id, { status: "accepted", brokerOrderId, checked: true });
      },
    );
    const { order, proposal, before } = await s.approve();
    expect(order).toMatchObject({
      status: "filled",
      brokerOrderId,
      filledQuantity: 2,
      filledAvgPrice: 410.25,
      leaseUntil: null,
      checkAttempts: 1,
    });
    // Not settled in the same write: the approval's caller moves the card.
    expect(proposal).toBeNull();
    const events = await eventsOf(before);
    expect(events.map((e) => e.type)).toEqual(["order_sent", "broker_accepted"]);
    expect(events[1]!.data).toEqual({
      via: "user",
      status: "filled",
      brokerOrderId,
      filledQuantity: 2,
      filledAvgPrice: 410.25,
      reason: null,
    });
    expect(await audit.verify(before.userId)).toMatchObject({ ok: true });
  });

  it("a send whose mark cannot be stored never reaches the broker", async () => {
    const broker = submitterWith(() => new Error("the broker must not be called"));
    const query = db.pool.query.bind(db.pool);
    const failing = vi
      .spyOn(db.pool, "query")
      .mockImplementation(((text: unknown, params?: unknown[]) =>
        typeof text === "string" && text.includes("set send_attempted_at = now()")
          ? Promise.reject(new Error("the database went away"))
          : query(text as string, params)) as typeof db.pool.query);
    try {
      await expect(broker.approve()).rejects.toThrow("the database went away");
    } finally {
      failing.mockRestore();
    }
    expect(broker.sent).toEqual([]);
  });

  it("refused by the broker: rejected with the broker's reason, lease released, no refresh", async () => {
    const reason = "insufficient buying power for 2 MSFT";
    const s = submitterWith(() => new OrderRejected("alpaca", reason));
    const { order, before, stored } = await s.approve();
    expect(order).toMatchObject({
      status: "rejected",
      statusDetail: reason,
      brokerOrderId: null,
      leaseUntil: null,
    });
    expect(stored).toEqual(order);
    const events = await eventsOf(before);
    expect(events.map((e) => [e.actor, e.type])).toEqual([
      ["user", "order_sent"],
      ["broker", "broker_refused"],
    ]);
    expect(events[1]!.data).toEqual({
      via: "user",
      status: "rejected",
      brokerOrderId: null,
      filledQuantity: 0,
      filledAvgPrice: null,
      reason,
    });
    expect(s.working).toEqual([]);
    expect(s.refreshed).toEqual([]);
  });

  it("no readable answer: unknown for the reconciler, lease released, the cause audited, no refresh", async () => {
    const s = submitterWith(() => new Error("socket hang up"));
    const { order, before } = await s.approve();
    expect(order).toMatchObject({
      status: "unknown",
      statusDetail: "Sent; confirming with the broker. We will update this order as soon as it answers.",
      brokerOrderId: null,
      leaseUntil: null,
    });
    const events = await eventsOf(before);
    expect(events.map((e) => [e.actor, e.type])).toEqual([
      ["user", "order_sent"],
      ["broker", "broker_outcome_unknown"],
    ]);
    expect(events[1]!.data).toEqual({
      via: "user",
      status: "unknown",
      brokerOrderId: null,
      filledQuantity: 0,
      filledAvgPrice: null,
      reason: "socket hang up",
    });
    expect(s.working).toEqual([]);
    expect(s.refreshed).toEqual([]);
  });

  it("the reconciler's send records the answer as its own and leaves the card to its caller", async () => {
    const s = submitterWith((order) =>
      brokerOrderOf(order, { status: "filled", filledQuantity: 2, filledAvgPrice: 410 }),
    );
    const { result, before } = await s.resend();
    expect(result).toMatchObject({ id: before.id, status: "filled", leaseUntil: null });
    const events = await eventsOf(before);
    expect(events.map((e) => [e.actor, e.type])).toEqual([
      ["reconciler", "order_sent"],
      ["broker", "broker_accepted"],
    ]);
    expect(events[1]!.data).toMatchObject({ via: "reconciler", status: "filled" });
    // Only a user's approval settles its card in the same write.
    expect((await repo.getProposal(before.userId, before.confirmationId))?.status).toBe("submitting");
  });
});
