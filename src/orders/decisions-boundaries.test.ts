import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";
import { decisionHelpers } from "./test-support/decisions.js";

/**
 * The edges of the approval path: the instant a card expires, a card decided again after its time
 * ran out, a card that cannot be edited, a card caught mid-submission, and what approving a
 * cancel card records.
 */
describe("decision boundaries", () => {
  let t: TestService;
  const api = () => ({ userId: t.demoUserId, threadId: null, channel: "api" as const });
  const helpers = decisionHelpers(() => t);
  const { only, typesOf, sentFor, status, expire } = helpers;
  const card = () => t.service.orders.prepare(api(), { symbol: "NVDA", side: "sell", quantity: 1 });

  beforeAll(async () => {
    t = await startTestService();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("a card is expired at the very instant its time is up, not a moment later", async () => {
    const shown = await card();
    const expiresAt = new Date(Date.now() - 1_000);
    await t.service.db.pool.query("update trade_proposals set expires_at = $2 where id = $1", [
      shown.id,
      expiresAt.toISOString(),
    ]);
    vi.spyOn(Date, "now").mockReturnValue(expiresAt.getTime());
    await expect(
      t.service.orders.decide(api(), shown.id, { decision: "approve", hash: shown.hash }),
    ).rejects.toMatchObject({ kind: "gone", code: "expired" });
    vi.restoreAllMocks();
    expect(await status(shown.id)).toBe("expired");
    expect(await sentFor(shown.id)).toBe(0);
  });

  it("rejecting or editing a sent card after its time ran out says it was sent, never that it expired", async () => {
    const shown = await card();
    await t.service.orders.decide(api(), shown.id, { decision: "approve", hash: shown.hash });
    await expire(shown.id);
    for (const decision of [
      { decision: "reject" as const },
      { decision: "edit" as const, changes: { quantity: 2 } },
    ]) {
      await expect(t.service.orders.decide(api(), shown.id, decision)).rejects.toMatchObject({
        kind: "conflict",
        code: "proposal_submitted",
        message: "This confirmation was already approved and sent. Nothing was sent.",
      });
    }
    // A double click after its time still answers with the order placed.
    const again = await t.service.orders.decide(api(), shown.id, { decision: "approve", hash: shown.hash });
    expect(again.order?.clientOrderId).toBe(shown.id);
    expect(await status(shown.id)).toBe("submitted");
    expect(await typesOf(shown.id)).not.toContain("decision_after_expiry");
    expect(await sentFor(shown.id)).toBe(1);
  });

  it("a card caught mid-submission cannot be rejected or edited: it is being sent", async () => {
    const shown = await card();
    // The claim moved it to submitting; the broker call has not answered yet.
    await t.service.db.pool.query("update trade_proposals set status = 'submitting' where id = $1", [
      shown.id,
    ]);
    for (const decision of [
      { decision: "reject" as const },
      { decision: "edit" as const, changes: { quantity: 2 } },
    ]) {
      await expect(t.service.orders.decide(api(), shown.id, decision)).rejects.toMatchObject({
        kind: "conflict",
        code: "proposal_submitting",
        message: "This confirmation was already approved and sent. Nothing was sent.",
      });
    }
    // No order row to answer a repeated approval with: it says so, and sends nothing.
    await expect(
      t.service.orders.decide(api(), shown.id, { decision: "approve", hash: shown.hash }),
    ).rejects.toMatchObject({
      kind: "conflict",
      code: "in_flight",
      message: "This order is being submitted right now.",
    });
    expect(await typesOf(shown.id)).toEqual(["proposal_created"]);
    expect(await sentFor(shown.id)).toBe(0);
  });

  it("a cancel card cannot be edited; its approval records the order it cancels", async () => {
    const order = await helpers.restingOrder(api());
    const cancel = await t.service.orders.prepareCancel(api(), order.id);
    await expect(
      t.service.orders.decide(api(), cancel.id, { decision: "edit", changes: { quantity: 2 } }),
    ).rejects.toMatchObject({
      kind: "conflict",
      code: "not_editable",
      message: "This confirmation cannot be edited; ask for a new one.",
    });
    expect(await status(cancel.id)).toBe("awaiting");
    await t.service.orders.decide(api(), cancel.id, { decision: "approve", hash: cancel.hash });
    const approved = await only(cancel.id, "decision_approve");
    expect(approved).toMatchObject({
      actor: "user",
      orderId: order.id,
      data: { channel: "api", kind: "cancel", cardText: cancel.text, hash: cancel.hash },
    });
    expect(approved.data).not.toHaveProperty("clientOrderId");
    expect(await status(cancel.id)).toBe("submitted");
    // The cancel sent to the broker is recorded against the card that asked for it.
    const cancelsSent = (await t.service.orders.auditTrail(t.demoUserId, { orderId: order.id })).filter(
      (e) => e.type === "cancel_sent",
    );
    expect(cancelsSent).toEqual([expect.objectContaining({ proposalId: cancel.id })]);
  });

  it("an edit of a card no longer awaiting prepares no new card: nothing is quoted, stored or audited", async () => {
    const shown = await card();
    await t.service.orders.decide(api(), shown.id, { decision: "reject" });
    const cardsMade = async () =>
      (await t.service.orders.auditTrail(t.demoUserId)).filter((e) => e.type === "proposal_created").length;
    const before = await cardsMade();
    await expect(
      t.service.orders.decide(api(), shown.id, { decision: "edit", changes: { quantity: 2 } }),
    ).rejects.toMatchObject({ kind: "conflict", code: "proposal_rejected" });
    expect(await cardsMade()).toBe(before);
  });
});
