import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openTestPglite, type TestDatabase } from "../../test/helpers/databases.js";
import type { BrokerOrder, OrderRequest } from "../brokers/model.js";
import type { OrderLookup, TradingSession } from "../brokers/session.js";
import { migrate } from "../core/db/migrate.js";
import { createLogger } from "../core/logger.js";
import type { PortfolioService } from "../portfolio/service.js";
import { AuditLog } from "./audit/audit-log.js";
import { Reconciler, type ReconcilerOptions } from "./reconciler.js";
import type { OrderRecord, ProposalRecord } from "./records.js";
import { OrdersRepository } from "./repository.js";
import type { OrderSubmitter } from "./submitter.js";
import { insertCardAndOrder } from "./test-support/order-rows.js";

/**
 * The reconciler one order at a time, against a broker whose answers each test sets and a clock
 * each test moves (only Date is faked; the database keeps real time). Every test makes its own
 * user and account, so none depends on what another left behind.
 */
describe("the reconciler settles one order", () => {
  let db: TestDatabase;
  let repo: OrdersRepository;
  let audit: AuditLog;
  /** What the fake broker answers, and what it was asked. */
  let broker: {
    lookup: OrderLookup;
    current: BrokerOrder | null;
    asked: Array<{ request: OrderRequest; placedAfter: Date }>;
    reads: string[];
    /** Runs while the broker is being asked: what another replica does meanwhile. */
    duringLookup?: () => Promise<unknown>;
  };
  let resent: Array<{ orderId: string; proposalId: string | null; by: string }>;
  const sentAt = Date.parse("2026-06-01T14:00:00.000Z");

  beforeAll(async () => {
    db = await openTestPglite();
    await migrate(db.pool);
    repo = new OrdersRepository(db.pool);
    audit = new AuditLog(db.pool);
  });
  beforeEach(() => {
    broker = { lookup: { kind: "absent" }, current: null, asked: [], reads: [] };
    resent = [];
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(sentAt + 1_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await db?.close();
  });

  const session = {
    findOrder: async (request: OrderRequest, placedAfter: Date) => {
      broker.asked.push({ request, placedAfter });
      await broker.duringLookup?.();
      return broker.lookup;
    },
    getOrder: async (_accountId: string, brokerOrderId: string) => {
      broker.reads.push(brokerOrderId);
      if (!broker.current) throw new Error("no such order");
      return broker.current;
    },
  } as unknown as TradingSession;

  const reconciler = (options: ReconcilerOptions = {}, logger = createLogger({ level: "silent" })) =>
    new Reconciler(
      {
        db,
        repo,
        audit,
        portfolio: { tradingSession: async () => session } as unknown as PortfolioService,
        submitter: {
          send: async (order: OrderRecord, proposal: ProposalRecord | null, by: string) => {
            resent.push({ orderId: order.id, proposalId: proposal?.id ?? null, by });
            return order;
          },
        } as unknown as OrderSubmitter,
        logger,
      },
      options,
    );

  interface NewOrder {
    provider?: "snaptrade" | "alpaca";
    status?: OrderRecord["status"];
    quantity?: number;
    /** When the send was attempted (ms); null: never attempted. */
    attemptedAt?: number | null;
    brokerOrderId?: string | null;
    leaseUntil?: number | null;
    filledQuantity?: number;
  }

  /** One user's account: orders stored the way the engine stores them. */
  const account = () => {
    const userId = randomUUID();
    const accountId = `acct_${randomUUID()}`;
    const add = async (o: NewOrder = {}): Promise<OrderRecord> => {
      const spec = {
        symbol: "GOOGL",
        description: "Alphabet",
        side: "buy" as const,
        quantity: o.quantity ?? 1,
        notional: null,
        orderType: "market" as const,
        limitPrice: null,
        stopPrice: null,
        timeInForce: "day" as const,
      };
      const { order } = await insertCardAndOrder(repo, db.pool, {
        userId,
        accountId,
        spec,
        at: new Date(sentAt).toISOString(),
        provider: o.provider ?? "snaptrade",
        threadId: "thread-r",
        cardText: "Buy 1 GOOGL",
        riskNotional: 100,
      });
      const id = order.id;
      const attemptedAt = o.attemptedAt === undefined ? sentAt : o.attemptedAt;
      await db.pool.query(
        `update trade_orders set status = $2, send_attempted_at = $3, broker_order_id = $4, lease_until = $5,
           filled_quantity = $6 where id = $1`,
        [
          id,
          o.status ?? "unknown",
          attemptedAt === null ? null : new Date(attemptedAt).toISOString(),
          o.brokerOrderId ?? null,
          o.leaseUntil == null ? null : new Date(o.leaseUntil).toISOString(),
          o.filledQuantity ?? 0,
        ],
      );
      return (await repo.getOrder(userId, id))!;
    };
    const brokerOrder = (o: Partial<BrokerOrder> = {}): BrokerOrder => ({
      brokerOrderId: randomUUID(),
      clientOrderId: null,
      accountId,
      symbol: "GOOGL",
      side: "buy",
      quantity: 1,
      notional: null,
      orderType: "market",
      limitPrice: null,
      stopPrice: null,
      timeInForce: "day",
      status: "filled",
      filledQuantity: 1,
      filledAvgPrice: 101.5,
      submittedAt: new Date(sentAt + 500).toISOString(),
      updatedAt: null,
      statusReason: null,
      ...o,
    });
    const reread = async (order: OrderRecord) => (await repo.getOrder(userId, order.id))!;
    const events = async (order: OrderRecord) => audit.list(userId, { orderId: order.id });
    return { userId, accountId, add, brokerOrder, reread, events };
  };

  describe("a SnapTrade order the broker does not show", () => {
    it("waits out the 120 s grace (to the millisecond) before handing it to a person, never resending", async () => {
      const a = account();
      const order = await a.add();
      const r = reconciler();
      for (const [looks, elapsed] of [1_000, 119_999, 120_000].entries()) {
        vi.setSystemTime(sentAt + elapsed);
        expect(await r.settle(await a.reread(order))).toBe(false);
        // Still unknown, and each look is counted on the order.
        expect(await a.reread(order)).toMatchObject({ status: "unknown", checkAttempts: looks + 1 });
      }
      expect(await a.events(order)).toEqual([]);
      vi.setSystemTime(sentAt + 120_001);
      expect(await r.settle(await a.reread(order))).toBe(true);
      const after = await a.reread(order);
      expect(after).toMatchObject({ status: "needs_review", brokerOrderId: null });
      expect(after.statusDetail).toBe(
        "The broker shows no such order. It was not resent automatically; please check your brokerage.",
      );
      const events = await a.events(order);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        actor: "reconciler",
        type: "reconciled_absent",
        proposalId: order.confirmationId,
        threadId: "thread-r",
        data: { from: "unknown", to: "needs_review", brokerOrderId: null, detail: after.statusDetail },
      });
      expect(resent).toEqual([]);
      // The broker was asked for this order's request, placed after its send.
      expect(broker.asked.at(-1)).toEqual({
        request: {
          symbol: "GOOGL",
          side: "buy",
          quantity: 1,
          notional: null,
          orderType: "market",
          limitPrice: null,
          stopPrice: null,
          timeInForce: "day",
          accountId: a.accountId,
          clientOrderId: order.clientOrderId,
        },
        placedAfter: new Date(sentAt),
      });
    });

    it("uses the configured grace instead when one is set", async () => {
      const a = account();
      const order = await a.add();
      const r = reconciler({ snaptradeReviewAfterSeconds: 30 });
      vi.setSystemTime(sentAt + 30_000);
      expect(await r.settle(order)).toBe(false);
      vi.setSystemTime(sentAt + 30_001);
      expect(await r.settle(order)).toBe(true);
      expect((await a.reread(order)).status).toBe("needs_review");
    });

    it("counts the grace from the send, not from when the row was made", async () => {
      const a = account();
      const order = await a.add({ attemptedAt: sentAt + 60_000 });
      vi.setSystemTime(sentAt + 170_000);
      expect(await reconciler().settle(order)).toBe(false);
      expect(broker.asked[0]?.placedAfter).toEqual(new Date(sentAt + 60_000));
      vi.setSystemTime(sentAt + 180_001);
      expect(await reconciler().settle(order)).toBe(true);
    });
  });

  it("an Alpaca order the broker does not show is resent by the reconciler (same client order id)", async () => {
    const a = account();
    const order = await a.add({ provider: "alpaca" });
    expect(await reconciler().settle(order)).toBe(true);
    expect(resent).toEqual([{ orderId: order.id, proposalId: null, by: "reconciler" }]);
  });

  it("an order claimed but never sent (no send attempt) is sent now, with its card", async () => {
    const a = account();
    const order = await a.add({ status: "submitting", attemptedAt: null });
    expect(await reconciler().settle(order)).toBe(true);
    expect(resent).toEqual([{ orderId: order.id, proposalId: order.confirmationId, by: "reconciler" }]);
    expect(broker.asked).toEqual([]);
  });

  it("an order whose send was attempted but never answered (still submitting, lease run out) is looked up, not resent", async () => {
    const a = account();
    const order = await a.add({ status: "submitting", leaseUntil: sentAt + 500 });
    const found = a.brokerOrder();
    broker.lookup = { kind: "found", order: found };
    expect(await reconciler().settle(order)).toBe(true);
    expect(resent).toEqual([]);
    expect(await a.reread(order)).toMatchObject({ status: "filled", brokerOrderId: found.brokerOrderId });
    expect((await a.events(order)).map((e) => [e.type, e.data?.from])).toEqual([
      ["reconciled_found", "submitting"],
    ]);
  });

  it("an unknown order with no recorded send attempt (a row from before attempts were recorded) is looked up, not resent", async () => {
    const a = account();
    const order = await a.add({ attemptedAt: null });
    const found = a.brokerOrder();
    broker.lookup = { kind: "found", order: found };
    expect(await reconciler().settle(order)).toBe(true);
    expect(resent).toEqual([]);
    expect(broker.asked[0]?.placedAfter).toEqual(new Date(order.createdAt));
    expect(await a.reread(order)).toMatchObject({ status: "filled", brokerOrderId: found.brokerOrderId });
  });

  describe("matching a broker order to ours", () => {
    it("links the one fitting broker order, recording what the broker says", async () => {
      const a = account();
      const order = await a.add();
      const found = a.brokerOrder();
      broker.lookup = { kind: "found", order: found };
      expect(await reconciler().settle(order)).toBe(true);
      const after = await a.reread(order);
      expect(after).toMatchObject({
        status: "filled",
        brokerOrderId: found.brokerOrderId,
        filledQuantity: 1,
        filledAvgPrice: 101.5,
        statusDetail: null,
      });
      const events = await a.events(order);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        actor: "reconciler",
        type: "reconciled_found",
        data: {
          from: "unknown",
          to: "filled",
          brokerOrderId: found.brokerOrderId,
          filledQuantity: 1,
          filledAvgPrice: 101.5,
          detail: null,
        },
      });
    });

    it("several fitting broker orders go to review naming them all; none is linked", async () => {
      const a = account();
      const order = await a.add();
      const candidates = [
        a.brokerOrder(),
        a.brokerOrder({ submittedAt: new Date(sentAt + 900).toISOString() }),
      ];
      broker.lookup = { kind: "ambiguous", candidates };
      expect(await reconciler().settle(order)).toBe(true);
      const after = await a.reread(order);
      expect(after.status).toBe("needs_review");
      expect(after.brokerOrderId).toBeNull();
      expect(after.statusDetail).toBe(
        `Several orders at the broker could be this one (${candidates[0]!.brokerOrderId}, ${candidates[1]!.brokerOrderId}); none was linked to it. A person must check.`,
      );
      expect((await a.events(order)).map((e) => e.type)).toEqual(["reconciled_ambiguous"]);
    });

    it("two broker orders carrying our client order id go to review too", async () => {
      const a = account();
      const order = await a.add();
      broker.lookup = {
        kind: "ambiguous",
        candidates: [
          a.brokerOrder({ clientOrderId: order.clientOrderId }),
          a.brokerOrder({ clientOrderId: order.clientOrderId }),
        ],
      };
      await reconciler().settle(order);
      expect(await a.reread(order)).toMatchObject({ status: "needs_review", brokerOrderId: null });
    });

    it("a broker order carrying our client order id is ours even outside the landing window", async () => {
      const a = account();
      const order = await a.add();
      const named = a.brokerOrder({
        clientOrderId: order.clientOrderId,
        submittedAt: new Date(sentAt + 3_600_000).toISOString(),
      });
      // A look-alike without our id beside it does not make it ambiguous.
      broker.lookup = { kind: "ambiguous", candidates: [a.brokerOrder(), named] };
      await reconciler().settle(order);
      expect((await a.reread(order)).brokerOrderId).toBe(named.brokerOrderId);
    });

    it("a broker order already linked to another of our orders is not taken again", async () => {
      const a = account();
      const taken = a.brokerOrder();
      await a.add({ status: "filled", brokerOrderId: taken.brokerOrderId });
      const order = await a.add();
      broker.lookup = { kind: "found", order: taken };
      expect(await reconciler().settle(order)).toBe(false);
      expect(await a.reread(order)).toMatchObject({ status: "unknown", brokerOrderId: null });
      // Nor when it carries our client order id: it is someone else's already.
      broker.lookup = { kind: "found", order: { ...taken, clientOrderId: order.clientOrderId } };
      expect(await reconciler().settle(order)).toBe(false);
      expect((await a.reread(order)).brokerOrderId).toBeNull();
    });

    it("of two broker orders carrying our client order id, one already linked elsewhere, the other is ours", async () => {
      const a = account();
      const order = await a.add();
      const taken = a.brokerOrder({ clientOrderId: order.clientOrderId });
      await a.add({ status: "filled", brokerOrderId: taken.brokerOrderId });
      const free = a.brokerOrder({
        clientOrderId: order.clientOrderId,
        status: "accepted",
        filledQuantity: 0,
      });
      broker.lookup = { kind: "ambiguous", candidates: [taken, free] };
      expect(await reconciler().settle(order)).toBe(true);
      expect(await a.reread(order)).toMatchObject({ status: "accepted", brokerOrderId: free.brokerOrderId });
    });

    it("a look-alike broker order carrying another client order id is someone else's, never ours", async () => {
      const a = account();
      const order = await a.add();
      broker.lookup = { kind: "found", order: a.brokerOrder({ clientOrderId: randomUUID() }) };
      expect(await reconciler().settle(order)).toBe(false);
      expect(await a.reread(order)).toMatchObject({ status: "unknown", brokerOrderId: null });
      expect(await a.events(order)).toEqual([]);
    });

    it("an order settled by someone else while the broker was asked is left as they settled it", async () => {
      const a = account();
      const order = await a.add();
      const settledAs = randomUUID();
      broker.lookup = { kind: "found", order: a.brokerOrder() };
      broker.duringLookup = () =>
        repo.updateOrder(order.id, { status: "accepted", brokerOrderId: settledAs });
      expect(await reconciler().settle(order)).toBe(false);
      // Not linked over the other settlement; the look is counted, nothing is audited by us.
      expect(await a.reread(order)).toMatchObject({
        status: "accepted",
        brokerOrderId: settledAs,
        checkAttempts: 1,
      });
      expect(await a.events(order)).toEqual([]);
    });

    it("takes a broker order placed up to the landing window after the send, not a millisecond later", async () => {
      for (const [window, options] of [
        [300_000, {}],
        [60_000, { landingWindowSeconds: 60 }],
      ] as const) {
        const a = account();
        const late = await a.add();
        broker.lookup = {
          kind: "found",
          order: a.brokerOrder({ submittedAt: new Date(sentAt + window + 1).toISOString() }),
        };
        vi.setSystemTime(sentAt + 1_000);
        expect(await reconciler(options).settle(late)).toBe(false);
        expect((await a.reread(late)).brokerOrderId).toBeNull();
        const onTime = a.brokerOrder({ submittedAt: new Date(sentAt + window).toISOString() });
        broker.lookup = { kind: "found", order: onTime };
        expect(await reconciler(options).settle(late)).toBe(true);
        expect((await a.reread(late)).brokerOrderId).toBe(onTime.brokerOrderId);
      }
    });

    it("a broker order with no placement time cannot be attributed by its look", async () => {
      const a = account();
      const order = await a.add();
      broker.lookup = { kind: "found", order: a.brokerOrder({ submittedAt: null }) };
      expect(await reconciler().settle(order)).toBe(false);
      expect((await a.reread(order)).brokerOrderId).toBeNull();
    });
  });

  describe("twins: another of our orders that could have sent the same broker order", () => {
    it("a twin of the same size sent in the window: both go to review naming the broker order", async () => {
      const a = account();
      const order = await a.add();
      const twin = await a.add({ attemptedAt: sentAt + 2_000 });
      const candidate = a.brokerOrder({ submittedAt: new Date(sentAt + 2_500).toISOString() });
      broker.lookup = { kind: "found", order: candidate };
      expect(await reconciler().settle(order)).toBe(true);
      const detail =
        `Broker order ${candidate.brokerOrderId} (buy 1 GOOGL, placed ${candidate.submittedAt}) could have been ` +
        "sent by this order or by 1 other order(s) sent at about the same time; it was linked to none of them. " +
        "Please check your brokerage.";
      for (const o of [order, twin]) {
        expect(await a.reread(o)).toMatchObject({
          status: "needs_review",
          brokerOrderId: null,
          statusDetail: detail,
        });
        expect((await a.events(o)).map((e) => e.type)).toEqual(["reconciled_contested"]);
      }
    });

    it("a dollar-sized broker order is named by its amount", async () => {
      const a = account();
      const order = await a.add();
      await a.add({ attemptedAt: sentAt + 2_000 });
      broker.lookup = { kind: "found", order: a.brokerOrder({ quantity: null, notional: 250 }) };
      await reconciler().settle(order);
      expect((await a.reread(order)).statusDetail).toMatch(/\(buy \$250 GOOGL, placed/);
    });

    it("a twin of another size is no rival: the broker order is linked", async () => {
      const a = account();
      const order = await a.add({ quantity: 1 });
      await a.add({ quantity: 2, attemptedAt: sentAt + 2_000 });
      const candidate = a.brokerOrder();
      broker.lookup = { kind: "found", order: candidate };
      await reconciler().settle(order);
      expect((await a.reread(order)).brokerOrderId).toBe(candidate.brokerOrderId);
    });

    it("sizes within a millionth match; a larger difference does not", async () => {
      // The tolerance is a millionth of our size (at least of 1 share), so large sizes get a wider one.
      for (const [ourSize, twinSize, contested] of [
        [1, 1.0000009, true],
        [1, 1.00001, false],
        [1000, 1000.0009, true],
        [1000, 1000.002, false],
        [0.5, 0.5000009, true],
        [0.5, 0.500002, false],
        // Exactly a millionth of the twin's million shares apart (exact in floating point): still a match.
        [1_000_001, 1_000_000, true],
        [999_999, 1_000_000, true],
        [1_000_002, 1_000_000, false],
      ] as const) {
        const a = account();
        const order = await a.add({ quantity: ourSize });
        await a.add({ quantity: twinSize, attemptedAt: sentAt + 2_000 });
        broker.lookup = {
          kind: "found",
          order: a.brokerOrder({ quantity: ourSize, filledQuantity: ourSize }),
        };
        await reconciler().settle(order);
        expect((await a.reread(order)).status).toBe(contested ? "needs_review" : "filled");
      }
    });

    it("a twin sent up to 5 s after the broker's placement time is a rival (its clock may lag), not later", async () => {
      for (const [gap, contested] of [
        [5_000, true],
        [5_001, false],
      ] as const) {
        const a = account();
        const order = await a.add();
        const placed = sentAt + 2_000;
        await a.add({ attemptedAt: placed + gap });
        broker.lookup = {
          kind: "found",
          order: a.brokerOrder({ submittedAt: new Date(placed).toISOString() }),
        };
        vi.setSystemTime(sentAt + 60_000);
        await reconciler().settle(order);
        expect((await a.reread(order)).status).toBe(contested ? "needs_review" : "filled");
      }
    });

    it("a twin sent more than the landing window before the placement is no rival", async () => {
      for (const [before, contested] of [
        [60_000, true],
        [60_001, false],
      ] as const) {
        const a = account();
        const placed = sentAt + 200_000;
        await a.add({ attemptedAt: placed - before });
        const order = await a.add({ attemptedAt: sentAt + 190_000 });
        broker.lookup = {
          kind: "found",
          order: a.brokerOrder({ submittedAt: new Date(placed).toISOString() }),
        };
        vi.setSystemTime(placed + 1_000);
        await reconciler({ landingWindowSeconds: 60 }).settle(order);
        expect((await a.reread(order)).status).toBe(contested ? "needs_review" : "filled");
      }
    });

    it("waits while a twin still holds its send lease, and decides once the lease has run out", async () => {
      const a = account();
      const order = await a.add();
      const now = sentAt + 10_000;
      const twin = await a.add({ status: "submitting", attemptedAt: sentAt + 2_000, leaseUntil: now + 1 });
      broker.lookup = { kind: "found", order: a.brokerOrder() };
      vi.setSystemTime(now);
      expect(await reconciler().settle(order)).toBe(false);
      expect(await a.reread(order)).toMatchObject({ status: "unknown", brokerOrderId: null });
      expect(await a.events(order)).toEqual([]);
      expect((await a.reread(order)).checkAttempts).toBe(1);
      vi.setSystemTime(now + 1);
      expect(await reconciler().settle(order)).toBe(true);
      expect((await a.reread(order)).status).toBe("needs_review");
      expect((await a.reread(twin)).status).toBe("needs_review");
    });
  });

  describe("twins still being sent", () => {
    /** Our order sent 200 s ago (past the grace) and a twin whose send started 10 s ago. */
    const withTwinInFlight = async (twin: { status: OrderRecord["status"]; leaseUntil: number | null }) => {
      const a = account();
      const now = sentAt + 200_000;
      const order = await a.add();
      const sibling = await a.add({ ...twin, attemptedAt: now - 10_000 });
      const candidate = a.brokerOrder({ submittedAt: new Date(now - 9_500).toISOString() });
      broker.lookup = { kind: "found", order: candidate };
      vi.setSystemTime(now);
      return { a, order, sibling, candidate, now };
    };

    it("past the grace, a twin still holding its send lease is waited for: no review, no resend", async () => {
      const { a, order, now } = await withTwinInFlight({
        status: "submitting",
        leaseUntil: sentAt + 230_000,
      });
      expect(await reconciler().settle(order)).toBe(false);
      expect(await a.reread(order)).toMatchObject({
        status: "unknown",
        brokerOrderId: null,
        checkAttempts: 1,
      });
      expect(await a.events(order)).toEqual([]);
      expect(resent).toEqual([]);
      expect(now - sentAt).toBeGreaterThan(120_000);
    });

    it("one twin in flight among several is enough to wait", async () => {
      const { a, order } = await withTwinInFlight({ status: "submitting", leaseUntil: sentAt + 230_000 });
      await a.add({ attemptedAt: sentAt + 195_000 });
      expect(await reconciler().settle(order)).toBe(false);
      expect((await a.reread(order)).status).toBe("unknown");
    });

    it("a twin whose resend is in flight (unknown, lease held) is waited for too: the lease marks a send", async () => {
      const { a, order } = await withTwinInFlight({ status: "unknown", leaseUntil: sentAt + 230_000 });
      expect(await reconciler().settle(order)).toBe(false);
      expect((await a.reread(order)).status).toBe("unknown");
    });
  });

  describe("an open order, polled", () => {
    it("writes an event only when the broker's status or fill changed, never on an unchanged poll", async () => {
      const a = account();
      const brokerOrderId = randomUUID();
      const order = await a.add({ status: "accepted", brokerOrderId, quantity: 4 });
      const r = reconciler();
      const at = (o: Partial<BrokerOrder>) => a.brokerOrder({ brokerOrderId, quantity: 4, ...o });
      broker.current = at({ status: "accepted", filledQuantity: 0, filledAvgPrice: null });
      expect(await r.settle(await a.reread(order))).toBe(false);
      expect(await r.settle(await a.reread(order))).toBe(false);
      expect(await a.events(order)).toEqual([]);
      expect(broker.reads).toEqual([brokerOrderId, brokerOrderId]);

      broker.current = at({ status: "partially_filled", filledQuantity: 1, filledAvgPrice: 100 });
      expect(await r.settle(await a.reread(order))).toBe(true);
      expect(await r.settle(await a.reread(order))).toBe(false);
      broker.current = at({ status: "partially_filled", filledQuantity: 3, filledAvgPrice: 100 });
      expect(await r.settle(await a.reread(order))).toBe(true);
      broker.current = at({ status: "filled", filledQuantity: 4, filledAvgPrice: 100.25 });
      expect(await r.settle(await a.reread(order))).toBe(true);
      expect(await r.settle(await a.reread(order))).toBe(false);

      const events = await a.events(order);
      expect(events.map((e) => [e.type, e.data?.from, e.data?.to, e.data?.filledQuantity])).toEqual([
        ["status_changed", "accepted", "partially_filled", 1],
        ["status_changed", "partially_filled", "partially_filled", 3],
        ["status_changed", "partially_filled", "filled", 4],
      ]);
      expect(await a.reread(order)).toMatchObject({
        status: "filled",
        filledQuantity: 4,
        filledAvgPrice: 100.25,
      });
    });

    // The broker's own words when it gives them, else a sentence saying whose status it is.
    it.each([
      ["rejected", "insufficient buying power", "insufficient buying power"],
      ["rejected", null, "rejected by the broker"],
      ["needs_review", "held for compliance", "held for compliance"],
      ["needs_review", null, "the broker's status needs a person to check it"],
    ] as const)(
      "a broker status %s with reason %s is recorded as %s",
      async (status, statusReason, detail) => {
        const a = account();
        const brokerOrderId = randomUUID();
        const order = await a.add({ status: "accepted", brokerOrderId });
        broker.current = a.brokerOrder({ brokerOrderId, status, filledQuantity: 0, statusReason });
        await reconciler().settle(order);
        expect(await a.reread(order)).toMatchObject({ status, statusDetail: detail });
      },
    );

    it("a broker answer about another order is refused: our link and status stay, nothing is audited", async () => {
      const a = account();
      const brokerOrderId = randomUUID();
      const order = await a.add({ status: "accepted", brokerOrderId });
      const other = a.brokerOrder({ status: "accepted", filledQuantity: 0, filledAvgPrice: null });
      broker.current = other;
      await expect(reconciler().settle(order)).rejects.toMatchObject({
        code: "broker_bad_answer",
        message: "The broker answered about another order than the one asked.",
        details: { asked: brokerOrderId, answered: other.brokerOrderId },
      });
      expect(await a.reread(order)).toMatchObject({ status: "accepted", brokerOrderId, filledQuantity: 0 });
      expect(await a.events(order)).toEqual([]);
    });

    it("an accepted order with no broker id is left alone", async () => {
      const a = account();
      const order = await a.add({ status: "accepted" });
      expect(await reconciler().settle(order)).toBe(false);
      expect(broker.reads).toEqual([]);
      expect(broker.asked).toEqual([]);
    });
  });

  it("a pass settles what is due, counts what changed, and marks an order it could not read as checked", async () => {
    vi.useRealTimers();
    await db.pool.query("delete from trade_orders");
    const a = account();
    const open = await a.add({ status: "accepted", brokerOrderId: randomUUID() });
    const alpaca = await a.add({ provider: "alpaca" });
    await db.pool.query("update trade_orders set updated_at = now() - interval '1 minute'");
    // The open order's read fails (no broker order set): it is checked, logged, the pass goes on.
    const logger = createLogger({ level: "silent" });
    const warn = vi.spyOn(logger, "warn");
    const report = await reconciler({ settleSeconds: 0, openPollSeconds: 0 }, logger).runOnce();
    expect(report).toEqual({ ran: true, checked: 2, changed: 1 });
    expect(resent.map((r) => r.orderId)).toEqual([alpaca.id]);
    expect((await a.reread(open)).checkAttempts).toBe(1);
    expect(warn).toHaveBeenCalledWith(
      { err: expect.objectContaining({ message: "no such order" }), orderId: open.id },
      "could not reconcile order yet",
    );
  });

  it("an open order read unchanged is not read again before its poll interval", async () => {
    vi.useRealTimers();
    await db.pool.query("delete from trade_orders");
    const a = account();
    const brokerOrderId = randomUUID();
    const open = await a.add({ status: "accepted", brokerOrderId });
    await db.pool.query(
      "update trade_orders set updated_at = now() - interval '1 minute', created_at = now() - interval '1 minute'",
    );
    broker.current = a.brokerOrder({
      brokerOrderId,
      status: "accepted",
      filledQuantity: 0,
      filledAvgPrice: null,
    });
    const r = reconciler({ settleSeconds: 0, openPollSeconds: 15 });
    expect(await r.runOnce()).toEqual({ ran: true, checked: 1, changed: 0 });
    expect(await r.runOnce()).toEqual({ ran: true, checked: 0, changed: 0 });
    expect(broker.reads).toEqual([brokerOrderId]);
    expect((await a.reread(open)).checkAttempts).toBe(1);
  });
});
