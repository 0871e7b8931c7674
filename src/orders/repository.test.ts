import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPglite, type TestDatabase } from "../../test/helpers/databases.js";
import type { OrderPreview } from "../brokers/model.js";
import type { PoolLike } from "../core/db/queryable.js";
import { inRequest } from "../core/request-scope.js";
import { OrdersRepository } from "./repository.js";
import { newOrderProposal, orderSpec, recordsIn } from "./test-support/repository.js";

/** The orders repository over a migrated database: what each read returns and what each write leaves. */
describe("orders repository", () => {
  let db: TestDatabase;
  let records: ReturnType<typeof recordsIn>;
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

  beforeAll(async () => {
    db = await openTestPglite();
    records = recordsIn(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("a card inserted reads back exactly, the broker's preview (SnapTrade's trade id) included", async () => {
    const { repo, card, user } = records;
    const stored = await card(newOrderProposal(user()));
    const preview: OrderPreview = {
      price: 101.5,
      priceSource: "snaptrade impact",
      asOf: "2026-11-30T09:00:00.000Z",
      amount: 203,
      amountSource: "broker_preview",
      fees: 0.02,
      buyingPowerBefore: 10_000,
      buyingPowerAfter: 9_796.98,
      currency: "USD",
      tradeId: "trade-123",
    } as OrderPreview;
    const copy = { ...stored, id: randomUUID(), brokerPreview: preview };
    await repo.insertProposal(repo.pool, copy);
    expect(await repo.getProposal(copy.userId, copy.id)).toEqual(copy);
    // Scoped to its user: another user's read finds nothing.
    expect(await repo.getProposal(user(), copy.id)).toBeNull();
  });

  it("an edited card records the card that replaced it", async () => {
    const { repo, card, user } = records;
    const old = await card(newOrderProposal(user()));
    const replacement = await card(newOrderProposal(old.userId, { spec: orderSpec({ quantity: 3 }) }));
    const moved = await repo.transitionProposal(
      repo.pool,
      old.userId,
      old.id,
      "awaiting",
      "superseded",
      replacement.id,
    );
    expect(moved).toMatchObject({ status: "superseded", supersededBy: replacement.id });
    expect((await repo.getProposal(old.userId, old.id))?.supersededBy).toBe(replacement.id);
    expect((await repo.getProposal(old.userId, replacement.id))?.supersededBy).toBeNull();
  });

  it("an order reads back with its decimals as stored and its unknowns as null, never 0", async () => {
    const { repo, card, placed, user } = records;
    const limitBuy = await card(
      newOrderProposal(user(), {
        spec: orderSpec({ quantity: 0.5, orderType: "limit", limitPrice: 101.25 }),
      }),
    );
    const order = await placed(limitBuy, { checked: true });
    const read = await repo.getOrder(order.userId, order.id);
    expect(read).toEqual(order);
    expect(read).toMatchObject({
      quantity: 0.5,
      notional: null,
      limitPrice: 101.25,
      stopPrice: null,
      status: "submitting",
      brokerOrderId: null,
      filledQuantity: 0,
      filledAvgPrice: null,
      // What the daily limit counts: the shares at the limit price (the quote was 101.25 too).
      riskNotional: 50.625,
      sendAttemptedAt: null,
      checkAttempts: 1,
    });
    expect(await repo.getOrder(user(), order.id)).toBeNull();
  });

  it("a fill reads back at the broker's figures", async () => {
    const { repo, card, placed, user } = records;
    const order = await placed(await card(newOrderProposal(user())), {
      status: "filled",
      brokerOrderId: "alp-1",
      filledQuantity: 2,
      filledAvgPrice: 100.37,
    });
    expect(await repo.getOrder(order.userId, order.id)).toMatchObject({
      status: "filled",
      brokerOrderId: "alp-1",
      filledQuantity: 2,
      filledAvgPrice: 100.37,
    });
    expect(await repo.findByBrokerOrderId("alpaca", "alp-1")).toMatchObject({ id: order.id });
    expect(await repo.findByBrokerOrderId("snaptrade", "alp-1")).toBeNull();
  });

  it("lists a user's orders newest first, of one symbol when asked, at most `limit`", async () => {
    const { repo, card, placed, user } = records;
    const userId = user();
    const nvdaOld = await placed(await card(newOrderProposal(userId)), {}, hoursAgo(3));
    const aapl = await placed(
      await card(newOrderProposal(userId, { spec: orderSpec({ symbol: "AAPL" }) })),
      {},
      hoursAgo(2),
    );
    const nvdaNew = await placed(await card(newOrderProposal(userId)), {}, hoursAgo(1));
    const ids = (orders: Array<{ id: string }>) => orders.map((o) => o.id);
    expect(ids(await repo.listOrders(userId))).toEqual([nvdaNew.id, aapl.id, nvdaOld.id]);
    expect(ids(await repo.listOrders(userId, { symbol: "NVDA" }))).toEqual([nvdaNew.id, nvdaOld.id]);
    expect(ids(await repo.listOrders(userId, { symbol: "MSFT" }))).toEqual([]);
    expect(ids(await repo.listOrders(userId, { limit: 2 }))).toEqual([nvdaNew.id, aapl.id]);
    expect(ids(await repo.listOrders(userId, { symbol: "NVDA", limit: 1 }))).toEqual([nvdaNew.id]);
    expect(await repo.listOrders(user())).toEqual([]);
  });

  it("a thread's waiting cards (newest first, expired ones too) come with today's usage", async () => {
    const { repo, card, moveCard, placed, user } = records;
    const userId = user();
    const older = await card(newOrderProposal(userId, { threadId: "t1" }), minutesAgo(20));
    const newerExpired = await card(newOrderProposal(userId, { threadId: "t1" }), minutesAgo(10));
    const fresh = await card(newOrderProposal(userId, { threadId: "t1" }), minutesAgo(1));
    await moveCard(await card(newOrderProposal(userId, { threadId: "t1" })), "rejected");
    await card(newOrderProposal(userId, { threadId: "t2" }));
    await card(newOrderProposal(user(), { threadId: "t1" }));
    // Two orders today: one at 2 x 100, one (a limit buy) at 3 x 120; yesterday's does not count.
    await placed(await card(newOrderProposal(userId, { threadId: "t1" })));
    await placed(
      await card(
        newOrderProposal(userId, { spec: orderSpec({ quantity: 3, orderType: "limit", limitPrice: 120 }) }),
      ),
    );
    await placed(await card(newOrderProposal(userId)), {}, hoursAgo(30));

    const { waiting, usage } = await repo.waitingCardsAndUsage(userId, "t1");
    expect(waiting.map((p) => p.id)).toEqual([fresh.id, newerExpired.id, older.id]);
    expect(waiting[0]).toEqual(fresh);
    expect(usage).toEqual({ notional: 560, orders: 2 });
    expect(await repo.waitingCardsAndUsage(user(), "t1")).toEqual({
      waiting: [],
      usage: { notional: 0, orders: 0 },
    });
  });

  it("marking the send attempt records when and holds the order for the lease", async () => {
    const { repo, card, placed, user } = records;
    const order = await placed(await card(newOrderProposal(user())));
    await repo.markSendAttempt(order.id, 45);
    const marked = (await repo.getOrder(order.userId, order.id))!;
    expect(marked.sendAttemptedAt).not.toBeNull();
    expect(Math.abs(Date.parse(marked.sendAttemptedAt!) - Date.now())).toBeLessThan(60_000);
    expect(Date.parse(marked.leaseUntil!) - Date.parse(marked.sendAttemptedAt!)).toBe(45_000);
  });

  it("within a request, each card and each order is remembered under its own id", async () => {
    const { repo, card, placed, user } = records;
    const userId = user();
    const first = await card(newOrderProposal(userId));
    const second = await card(newOrderProposal(userId, { spec: orderSpec({ symbol: "AAPL" }) }));
    const firstOrder = await placed(first);
    await inRequest(async () => {
      expect((await repo.recentProposal(userId, first.id))?.id).toBe(first.id);
      expect((await repo.recentProposal(userId, second.id))?.id).toBe(second.id);
      expect(await repo.recentProposal(user(), first.id)).toBeNull();
      expect((await repo.recentOrderOfProposal(userId, first.id))?.id).toBe(firstOrder.id);
      expect(await repo.recentOrderOfProposal(userId, second.id)).toBeNull();
    });
  });

  it("which broker orders of an account are linked already; none asked costs no query", async () => {
    const { repo, card, placed, user } = records;
    await placed(await card(newOrderProposal(user())), { status: "accepted", brokerOrderId: "alp-linked" });
    expect(await repo.linkedBrokerOrderIds("alpaca", "alpaca_live", ["alp-linked", "alp-other"])).toEqual(
      new Set(["alp-linked"]),
    );
    expect(await repo.linkedBrokerOrderIds("alpaca", "another_account", ["alp-linked"])).toEqual(new Set());
    const noDatabase = new OrdersRepository({
      query: () => Promise.reject(new Error("no query expected")),
    } as unknown as PoolLike);
    expect(await noDatabase.linkedBrokerOrderIds("alpaca", "alpaca_live", [])).toEqual(new Set());
  });
});
