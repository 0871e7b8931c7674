import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestPglite, type TestDatabase } from "../../test/helpers/databases.js";
import { NotFoundError } from "../core/errors.js";
import type { OrdersEngine } from "./engine.js";
import { engineFor } from "./test-support/engine.js";
import { newCancelProposal, newOrderProposal, orderSpec, type recordsIn } from "./test-support/repository.js";

/**
 * What the engine reads back for the routes, the chat and the graph: a card rendered from its row,
 * whether it can still be decided, the card waiting in a thread, the order a card acted on.
 */
describe("orders engine reads", () => {
  let db: TestDatabase;
  let engine: OrdersEngine;
  let records: ReturnType<typeof recordsIn>;
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
  /** Runs `read` with the clock at `instant` (only the engine's own clock reads move). */
  const at = async <T>(instant: number, read: () => Promise<T>): Promise<T> => {
    const clock = vi.spyOn(Date, "now").mockReturnValue(instant);
    try {
      return await read();
    } finally {
      clock.mockRestore();
    }
  };

  beforeAll(async () => {
    db = await openTestPglite();
    ({ engine, records } = engineFor(db));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("renders a card from its row; a cancel card with the order it cancels as it stands now", async () => {
    const { card, placed, user } = records;
    const userId = user();
    const buy = await card(newOrderProposal(userId, { spec: orderSpec({ quantity: 5 }) }));
    expect(await engine.confirmation(userId, buy.id)).toMatchObject({
      id: buy.id,
      kind: "order",
      order: { symbol: "NVDA", quantity: 5 },
      cancel: null,
      text: buy.cardText,
      hash: buy.hash,
    });
    const order = await placed(buy, { status: "partially_filled", brokerOrderId: "b-2", filledQuantity: 2 });
    const cancel = await card(newCancelProposal(order));
    expect(await engine.confirmation(userId, cancel.id)).toMatchObject({
      kind: "cancel",
      cancel: { orderId: order.id, status: "partially_filled", filledQuantity: 2, remainingQuantity: 3 },
    });
    expect(await engine.confirmation(user(), cancel.id)).toBeNull();
  });

  it("a cancel card whose order is gone answers not found, not a server error", async () => {
    const { card, placed, user } = records;
    const order = await placed(await card(newOrderProposal(user())), {
      status: "accepted",
      brokerOrderId: "b-3",
    });
    const cancel = await card(newCancelProposal(order));
    await db.pool.query("delete from trade_orders where id = $1", [order.id]);
    const read = engine.confirmation(order.userId, cancel.id);
    await expect(read).rejects.toBeInstanceOf(NotFoundError);
    await expect(read).rejects.toThrow("Order was not found.");
  });

  it("a card can be decided while it is awaiting and before its expiry instant, not at it", async () => {
    const { card, moveCard, user } = records;
    const userId = user();
    const open = await card(newOrderProposal(userId));
    expect(await engine.isAwaiting(userId, open.id)).toBe(true);
    expect((await engine.awaitingConfirmation(userId, open.id))?.id).toBe(open.id);

    const expiry = Date.parse(open.expiresAt);
    expect(await at(expiry - 1, () => engine.isAwaiting(userId, open.id))).toBe(true);
    expect(await at(expiry, () => engine.isAwaiting(userId, open.id))).toBe(false);
    expect(await at(expiry, () => engine.awaitingConfirmation(userId, open.id))).toBeNull();

    // Made ten minutes ago: expired, though no one has marked it so yet.
    const stale = await card(newOrderProposal(userId), minutesAgo(10));
    expect(await engine.isAwaiting(userId, stale.id)).toBe(false);
    const rejected = await moveCard(await card(newOrderProposal(userId)), "rejected");
    expect(await engine.isAwaiting(userId, rejected.id)).toBe(false);
    expect(await engine.awaitingConfirmation(userId, rejected.id)).toBeNull();
    expect(await engine.isAwaiting(user(), open.id)).toBe(false);
  });

  it("the card waiting in a thread is its newest unexpired awaiting one", async () => {
    const { card, user } = records;
    const userId = user();
    const older = await card(newOrderProposal(userId, { threadId: "t-wait" }), minutesAgo(2));
    // Newer, but made long enough ago to have expired.
    await card(newOrderProposal(userId, { threadId: "t-wait" }), minutesAgo(1));
    await db.pool.query(
      "update trade_proposals set expires_at = now() - interval '1 second' where user_id = $1 and id <> $2",
      [userId, older.id],
    );
    expect((await engine.pendingConfirmation(userId, "t-wait"))?.id).toBe(older.id);
    expect(await engine.pendingConfirmation(userId, "t-empty")).toBeNull();
    expect(await engine.pendingConfirmation(user(), "t-wait")).toBeNull();

    const expiry = Date.parse(older.expiresAt);
    expect((await at(expiry - 1, () => engine.pendingConfirmation(userId, "t-wait")))?.id).toBe(older.id);
    expect(await at(expiry, () => engine.pendingConfirmation(userId, "t-wait"))).toBeNull();
  });

  it("a card belongs to the thread it was made in only", async () => {
    const { card, user } = records;
    const userId = user();
    const made = await card(newOrderProposal(userId, { threadId: "t-home" }));
    expect(await engine.belongsToThread(userId, made.id, "t-home")).toBe(true);
    expect(await engine.belongsToThread(userId, made.id, "t-other")).toBe(false);
    expect(await engine.belongsToThread(user(), made.id, "t-home")).toBe(false);
  });

  it("the order an approved card acted on: the order it placed, or the order it cancelled; none before", async () => {
    const { card, moveCard, placed, user } = records;
    const userId = user();
    const buy = await card(newOrderProposal(userId));
    expect(await engine.orderForConfirmation(userId, buy.id)).toBeNull();
    const order = await placed(buy, { status: "accepted", brokerOrderId: "b-4" });
    const acted = await engine.orderForConfirmation(userId, buy.id);
    expect(acted).toMatchObject({ id: order.id, confirmationId: buy.id, status: "accepted" });
    // The public shape: none of the engine's bookkeeping.
    expect(acted).not.toHaveProperty("userId");
    expect(acted).not.toHaveProperty("leaseUntil");

    const cancel = await card(newCancelProposal(order));
    // Awaiting: it has acted on nothing yet, though it names an order.
    expect(await engine.orderForConfirmation(userId, cancel.id)).toBeNull();
    await moveCard(cancel, "submitted");
    expect((await engine.orderForConfirmation(userId, cancel.id))?.id).toBe(order.id);
    expect(await engine.orderForConfirmation(userId, "00000000-0000-4000-8000-00000000dead")).toBeNull();
    expect(await engine.orderForConfirmation(user(), buy.id)).toBeNull();
  });

  it("lists and reads a user's orders in their public shape", async () => {
    const { card, placed, user } = records;
    const userId = user();
    const nvda = await placed(await card(newOrderProposal(userId)), { status: "filled", filledQuantity: 2 });
    const aapl = await placed(await card(newOrderProposal(userId, { spec: orderSpec({ symbol: "AAPL" }) })));
    const listed = await engine.listOrders(userId);
    expect(listed.map((o) => o.id).sort()).toEqual([nvda.id, aapl.id].sort());
    expect((await engine.listOrders(userId, { symbol: "AAPL" })).map((o) => o.id)).toEqual([aapl.id]);
    for (const order of listed) expect(order).not.toHaveProperty("riskNotional");
    expect(await engine.getOrder(userId, nvda.id)).toMatchObject({ status: "filled", filledQuantity: 2 });
    expect(await engine.getOrder(user(), nvda.id)).toBeNull();
    expect(await engine.proposalStatus(userId, nvda.confirmationId)).toBe("submitted");
    expect(await engine.proposalStatus(user(), nvda.confirmationId)).toBeNull();
  });
});
