import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPglite, type TestDatabase } from "../../test/helpers/databases.js";
import { proposalHash } from "./proposal-hash.js";
import { boundFields, proposalLifetimeMs } from "./proposal-store.js";
import { newCancelProposal, newOrderProposal, recordsIn } from "./test-support/repository.js";

/** Storing a card: what is stored, what it binds, and the audit event of what the user is shown. */
describe("proposal store", () => {
  let db: TestDatabase;
  let records: ReturnType<typeof recordsIn>;
  const hashKey = Buffer.alloc(32, 9);

  beforeAll(async () => {
    db = await openTestPglite();
    records = recordsIn(db, hashKey);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("an order card is stored awaiting, bound by its hash, and audited as shown to the user", async () => {
    const { audit, card, repo, user } = records;
    const now = new Date("2026-11-30T10:00:00.000Z");
    const stored = await card(
      newOrderProposal(user(), { threadId: "thread-1", warnings: ["The market is closed."] }),
      now,
    );
    expect(stored).toMatchObject({ status: "awaiting", expiresAt: "2026-11-30T10:05:00.000Z" });
    expect(Date.parse(stored.expiresAt) - now.getTime()).toBe(proposalLifetimeMs);
    expect(stored.hash).toBe(proposalHash(hashKey, boundFields(stored)));
    expect(await repo.getProposal(stored.userId, stored.id)).toEqual(stored);

    const events = await audit.list(stored.userId, { proposalId: stored.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: "model",
      type: "proposal_created",
      threadId: "thread-1",
      proposalId: stored.id,
      data: {
        cardText: stored.cardText,
        hash: stored.hash,
        accountId: "alpaca_live",
        spec: stored.storedSpec,
        estimate: stored.estimate,
        warnings: ["The market is closed."],
        routingReason: "You named Alpaca.",
        expiresAt: stored.expiresAt,
      },
    });
    expect(events[0]!.data.cardText).toContain("Buy 2 shares of NVDA");
  });

  it("a cancel card is audited as a cancel card, with the order it cancels", async () => {
    const { audit, card, placed, user } = records;
    const order = await placed(await card(newOrderProposal(user())), {
      status: "accepted",
      brokerOrderId: "b-1",
    });
    const cancel = await card(newCancelProposal(order));
    const events = await audit.list(cancel.userId, { proposalId: cancel.id });
    expect(events.map((e) => e.type)).toEqual(["cancel_proposal_created"]);
    expect(events[0]!.data).toMatchObject({
      cardText: cancel.cardText,
      hash: cancel.hash,
      spec: { orderId: order.id, brokerOrderId: "b-1" },
    });
  });
});
