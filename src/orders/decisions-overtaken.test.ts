import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";
import { inRequest } from "../core/request-scope.js";
import { decisionHelpers } from "./test-support/decisions.js";

/**
 * A decision made from a card this request read earlier, which something else changed meanwhile
 * (another request, the clock): the guards in SQL refuse, and the answer is what stands now.
 */
describe("a decision overtaken between reading the card and acting on it", () => {
  let t: TestService;
  const api = () => ({ userId: t.demoUserId, threadId: null, channel: "api" as const });
  const helpers = decisionHelpers(() => t);
  const { only, typesOf, sentFor, status, expire } = helpers;
  const card = () => t.service.orders.prepare(api(), { symbol: "NVDA", side: "sell", quantity: 1 });
  /** Runs `decide` in one request that read the card as awaiting before `meanwhile` changed it. */
  const overtaken = <T>(proposalId: string, meanwhile: () => Promise<unknown>, decide: () => Promise<T>) =>
    inRequest(async () => {
      expect(await status(proposalId)).toBe("awaiting");
      await inRequest(meanwhile);
      return decide();
    });

  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("an approval of a card whose time ran out meanwhile answers gone (410), marks it expired and audits it", async () => {
    const shown = await card();
    let expiredAt = "";
    const approving = overtaken(
      shown.id,
      async () => {
        expiredAt = await expire(shown.id);
      },
      () => t.service.orders.decide(api(), shown.id, { decision: "approve", hash: shown.hash }),
    );
    await expect(approving).rejects.toMatchObject({ kind: "gone", code: "expired" });
    expect(await status(shown.id)).toBe("expired");
    expect(await only(shown.id, "decision_after_expiry")).toMatchObject({
      actor: "user",
      data: { expiresAt: expiredAt, channel: "api" },
    });
    expect(await typesOf(shown.id)).not.toContain("decision_approve");
    expect(await sentFor(shown.id)).toBe(0);
  });

  it("an approval of a card rejected meanwhile, whose time has also run out, says rejected, not expired", async () => {
    const shown = await card();
    const approving = overtaken(
      shown.id,
      async () => {
        await t.service.orders.decide(api(), shown.id, { decision: "reject" });
        await expire(shown.id);
      },
      () => t.service.orders.decide(api(), shown.id, { decision: "approve", hash: shown.hash }),
    );
    await expect(approving).rejects.toMatchObject({ kind: "conflict", code: "proposal_rejected" });
    expect(await status(shown.id)).toBe("rejected");
    expect(await typesOf(shown.id)).not.toContain("decision_after_expiry");
    expect(await sentFor(shown.id)).toBe(0);
  });

  it("an approval of a card sent meanwhile, whose time has since run out, answers with that order, never 'expired'", async () => {
    const shown = await card();
    let first: Awaited<ReturnType<typeof t.service.orders.decide>> | null = null;
    const again = await overtaken(
      shown.id,
      async () => {
        first = await t.service.orders.decide(api(), shown.id, { decision: "approve", hash: shown.hash });
        await expire(shown.id);
      },
      () => t.service.orders.decide(api(), shown.id, { decision: "approve", hash: shown.hash }),
    );
    expect(first!.order).not.toBeNull();
    expect(again.order?.id).toBe(first!.order!.id);
    expect(again).toMatchObject({ outcome: { outcome: "submitted" } });
    expect(await only(shown.id, "duplicate_confirm")).toMatchObject({ orderId: first!.order!.id });
    expect(await typesOf(shown.id)).not.toContain("decision_after_expiry");
    expect(await sentFor(shown.id)).toBe(1);
  });

  it("a reject of a card approved meanwhile is refused as sent, writes no reject event, and the order stands", async () => {
    const shown = await card();
    const rejecting = overtaken(
      shown.id,
      () => t.service.orders.decide(api(), shown.id, { decision: "approve", hash: shown.hash }),
      () => t.service.orders.decide(api(), shown.id, { decision: "reject" }),
    );
    await expect(rejecting).rejects.toMatchObject({ kind: "conflict", code: "proposal_submitted" });
    expect(await status(shown.id)).toBe("submitted");
    expect(await typesOf(shown.id)).not.toContain("decision_reject");
    expect(await sentFor(shown.id)).toBe(1);
  });

  it("a reject of a card rejected meanwhile answers rejected again and records one reject", async () => {
    const shown = await card();
    const answer = await overtaken(
      shown.id,
      () => t.service.orders.decide(api(), shown.id, { decision: "reject" }),
      () => t.service.orders.decide(api(), shown.id, { decision: "reject" }),
    );
    expect(answer).toMatchObject({ decision: "reject", outcome: { outcome: "rejected_by_user" } });
    expect(await status(shown.id)).toBe("rejected");
    await only(shown.id, "decision_reject");
  });

  it("a reject of a card that expired meanwhile answers gone (410)", async () => {
    const shown = await card();
    const rejecting = overtaken(
      shown.id,
      () =>
        t.service.db.pool.query("update trade_proposals set status = 'expired' where id = $1", [shown.id]),
      () => t.service.orders.decide(api(), shown.id, { decision: "reject" }),
    );
    await expect(rejecting).rejects.toMatchObject({ kind: "gone", code: "expired" });
    expect(await typesOf(shown.id)).toContain("decision_after_expiry");
    expect(await typesOf(shown.id)).not.toContain("decision_reject");
  });

  it("an approval of a card whose stored hash changed meanwhile is refused without claiming it was sent", async () => {
    const shown = await card();
    const approving = overtaken(
      shown.id,
      () => t.service.db.pool.query("update trade_proposals set hash = 'forged' where id = $1", [shown.id]),
      () => t.service.orders.decide(api(), shown.id, { decision: "approve", hash: shown.hash }),
    );
    await expect(approving).rejects.toMatchObject({
      kind: "conflict",
      code: "proposal_awaiting",
      message: "This confirmation can no longer be decided. Nothing was sent.",
    });
    expect(await typesOf(shown.id)).not.toContain("decision_approve");
    expect(await sentFor(shown.id)).toBe(0);
  });
});
