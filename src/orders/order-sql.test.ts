import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPglite, type TestDatabase } from "../../test/helpers/databases.js";
import { migrate } from "../core/db/migrate.js";
import { OrdersRepository } from "./repository.js";
import { claimedOrder } from "./test-support/submitter.js";

/** An order row's update: what each change moves, and what it leaves as it was. */
describe("updating an order row", () => {
  let db: TestDatabase;
  let repo: OrdersRepository;

  beforeAll(async () => {
    db = await openTestPglite();
    await migrate(db.pool);
    repo = new OrdersRepository(db.pool);
  });
  afterAll(async () => {
    await db?.close();
  });

  /** A sent order, its lease held by the replica sending it. */
  const leased = async () => {
    const { order } = await claimedOrder(db, repo);
    await repo.markSendAttempt(order.id, 60);
    const sent = (await repo.getOrder(order.userId, order.id))!;
    expect(sent.leaseUntil).not.toBeNull();
    return sent;
  };
  const lastCheckedAt = async (id: string) =>
    (
      await db.pool.query<{ at: Date | null }>(
        "select last_checked_at as at from trade_orders where id = $1",
        [id],
      )
    ).rows[0]!.at;

  it("a status change keeps the sender's lease and counts no check", async () => {
    const order = await leased();
    const updated = await repo.updateOrder(order.id, { status: "accepted", brokerOrderId: "brk-1" });
    expect(updated).toMatchObject({
      status: "accepted",
      brokerOrderId: "brk-1",
      leaseUntil: order.leaseUntil,
      checkAttempts: 0,
    });
    expect(await lastCheckedAt(order.id)).toBeNull();
  });

  it("releasing the lease clears it", async () => {
    const order = await leased();
    const updated = await repo.updateOrder(order.id, {
      status: "rejected",
      statusDetail: "no",
      releaseLease: true,
    });
    expect(updated).toMatchObject({ status: "rejected", statusDetail: "no", leaseUntil: null });
  });

  it("a look at the broker is counted and timed, and changes nothing else", async () => {
    const order = await leased();
    const once = await repo.updateOrder(order.id, { checked: true });
    const twice = await repo.updateOrder(order.id, { checked: true });
    expect(once.checkAttempts).toBe(1);
    expect(twice).toMatchObject({
      checkAttempts: 2,
      status: order.status,
      statusDetail: order.statusDetail,
      leaseUntil: order.leaseUntil,
      filledQuantity: 0,
    });
    expect(await lastCheckedAt(order.id)).not.toBeNull();
  });
});
