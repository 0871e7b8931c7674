import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";
import type { OrderChanges, PendingConfirmation } from "./contract/index.js";
import { Preparer } from "./prepare.js";
import { decisionHelpers } from "./test-support/decisions.js";

/**
 * What every decision on a card records and answers: the security events and the decision
 * events with their fields, the refusals with their codes, and the races between decisions.
 */
describe("decisions on a card", () => {
  let t: TestService;
  const threadId = "thread-decisions";
  const mcp = () => ({ userId: t.demoUserId, threadId, channel: "mcp" as const });
  const button = () => ({ userId: t.demoUserId, channel: "button" as const });
  const card = () => t.service.orders.prepare(mcp(), { symbol: "NVDA", side: "sell", quantity: 1 });
  const { eventsOf, only, sentFor, status, expire } = decisionHelpers(() => t);

  beforeAll(async () => {
    t = await startTestService();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe("security events", () => {
    it("a presented hash that is not the card's (same length or not) is refused, audited with who and where", async () => {
      const shown = await card();
      // A forged hash of exactly the card's length must fail the comparison too, not only a longer one.
      const forged = `${shown.hash.slice(0, -1)}${shown.hash.endsWith("A") ? "B" : "A"}`;
      for (const hash of [forged, `${shown.hash}x`, shown.hash.slice(1)]) {
        await expect(
          t.service.orders.decide(button(), shown.id, { decision: "approve", hash }),
        ).rejects.toMatchObject({
          kind: "conflict",
          code: "confirmation_mismatch",
          message:
            "This confirmation does not match the order on record (it may have changed). Nothing was sent.",
        });
      }
      const events = (await eventsOf(shown.id)).filter((e) => e.type === "security_hash_mismatch");
      expect(events).toHaveLength(3);
      expect(events[0]).toMatchObject({
        actor: "user",
        proposalId: shown.id,
        threadId,
        data: { channel: "button" },
      });
      expect((await eventsOf(shown.id)).map((e) => e.type)).not.toContain("decision_approve");
      expect(await status(shown.id)).toBe("awaiting");
      expect(await sentFor(shown.id)).toBe(0);
      // The right hash still approves: the mismatches changed nothing.
      const approved = await t.service.orders.decide(button(), shown.id, {
        decision: "approve",
        hash: shown.hash,
      });
      expect(approved.order?.clientOrderId).toBe(shown.id);
    });

    it("a decision on a card that is not there is refused and audited with the id asked for", async () => {
      const missing = randomUUID();
      for (const decision of [
        { decision: "approve" as const },
        { decision: "reject" as const },
        { decision: "edit" as const, changes: { quantity: 2 } },
      ]) {
        await expect(t.service.orders.decide(mcp(), missing, decision)).rejects.toMatchObject({
          kind: "not_found",
          message: "Confirmation was not found.",
        });
      }
      const events = (await t.service.orders.auditTrail(t.demoUserId)).filter(
        (e) => e.type === "security_unknown_proposal" && e.data?.proposalId === missing,
      );
      expect(events).toHaveLength(3);
      expect(events[0]).toMatchObject({
        actor: "user",
        threadId,
        data: { proposalId: missing, channel: "mcp" },
      });
    });

    it("a card whose stored order changed behind our back fails its integrity check, audited as the system's", async () => {
      const shown = await card();
      await t.service.db.pool.query(
        `update trade_proposals set order_spec = jsonb_set(order_spec, '{order,quantity}', '3') where id = $1`,
        [shown.id],
      );
      await expect(t.service.orders.decide(mcp(), shown.id, { decision: "approve" })).rejects.toMatchObject({
        kind: "conflict",
        code: "confirmation_mismatch",
        message: expect.stringMatching(/integrity check.*Nothing was sent/),
      });
      expect(await only(shown.id, "security_binding_broken")).toMatchObject({
        actor: "system",
        threadId,
        data: { channel: "mcp" },
      });
      expect(await status(shown.id)).toBe("awaiting");
      expect(await sentFor(shown.id)).toBe(0);
    });
  });

  describe("expiry", () => {
    it("an expired card answers gone (410), on every decision and again on a second approval, never 409", async () => {
      const shown = await card();
      const expiredAt = await expire(shown.id);
      const gone = {
        kind: "gone",
        code: "expired",
        message: expect.stringMatching(/expired.*Nothing was sent/),
      };
      await expect(
        t.service.orders.decide(mcp(), shown.id, { decision: "approve", hash: shown.hash }),
      ).rejects.toMatchObject(gone);
      expect(await status(shown.id)).toBe("expired");
      // Now its row says expired: approving, rejecting or editing again is still gone, not a conflict.
      await expect(
        t.service.orders.decide(mcp(), shown.id, { decision: "approve", hash: shown.hash }),
      ).rejects.toMatchObject(gone);
      await expect(t.service.orders.decide(mcp(), shown.id, { decision: "reject" })).rejects.toMatchObject(
        gone,
      );
      await expect(
        t.service.orders.decide(mcp(), shown.id, { decision: "edit", changes: { quantity: 2 } }),
      ).rejects.toMatchObject(gone);
      const events = (await eventsOf(shown.id)).filter((e) => e.type === "decision_after_expiry");
      expect(events).toHaveLength(4);
      expect(events[0]).toMatchObject({
        actor: "user",
        threadId,
        data: { expiresAt: expiredAt, channel: "mcp" },
      });
      expect(await sentFor(shown.id)).toBe(0);
    });

    it("a card past its time is refused even while its row still says awaiting: reject and edit too", async () => {
      for (const decision of [
        { decision: "reject" as const },
        { decision: "edit" as const, changes: { quantity: 2 } },
      ]) {
        const shown = await card();
        await expire(shown.id);
        await expect(t.service.orders.decide(mcp(), shown.id, decision)).rejects.toMatchObject({
          kind: "gone",
        });
        expect(await status(shown.id)).toBe("expired");
        expect((await eventsOf(shown.id)).map((e) => e.type)).not.toContain(`decision_${decision.decision}`);
      }
    });
  });

  describe("reject", () => {
    it("records the card it rejected, once; a second reject answers the same and records nothing", async () => {
      const shown = await card();
      const answer = await t.service.orders.decide(mcp(), shown.id, { decision: "reject" });
      expect(answer).toEqual({ decision: "reject", outcome: { outcome: "rejected_by_user" }, order: null });
      expect(await status(shown.id)).toBe("rejected");
      expect(await only(shown.id, "decision_reject")).toMatchObject({
        actor: "user",
        threadId,
        data: { kind: "order", cardText: shown.text, channel: "mcp" },
      });
      await t.service.orders.decide(mcp(), shown.id, { decision: "reject" });
      await only(shown.id, "decision_reject");
      await expect(
        t.service.orders.decide(mcp(), shown.id, { decision: "edit", changes: { quantity: 2 } }),
      ).rejects.toMatchObject({
        code: "proposal_rejected",
        message: expect.stringMatching(/already rejected/),
      });
      expect(await sentFor(shown.id)).toBe(0);
    });

    it("rejecting an approved card is refused, changes nothing and writes no reject event", async () => {
      const shown = await card();
      const approved = await t.service.orders.decide(mcp(), shown.id, {
        decision: "approve",
        hash: shown.hash,
      });
      await expect(t.service.orders.decide(mcp(), shown.id, { decision: "reject" })).rejects.toMatchObject({
        kind: "conflict",
        code: "proposal_submitted",
        message: "This confirmation was already approved and sent. Nothing was sent.",
      });
      expect(await status(shown.id)).toBe("submitted");
      expect((await eventsOf(shown.id)).map((e) => e.type)).not.toContain("decision_reject");
      expect(await t.service.orders.orderForConfirmation(t.demoUserId, shown.id)).toMatchObject({
        id: approved.order?.id,
      });
    });
  });

  describe("edit", () => {
    it("records what changed and the card that replaced it; the old card is superseded and cannot be edited again", async () => {
      const shown = await card();
      const changes = { quantity: 2 };
      const answer = await t.service.orders.decide(mcp(), shown.id, { decision: "edit", changes });
      if (answer.decision !== "edit") throw new Error("an edit answers with a card");
      const replacement = answer.confirmation;
      expect(replacement.order).toMatchObject({ symbol: "NVDA", side: "sell", quantity: 2 });
      expect(await status(shown.id)).toBe("superseded");
      expect(await status(replacement.id)).toBe("awaiting");
      expect(await only(shown.id, "decision_edit")).toMatchObject({
        actor: "user",
        threadId,
        data: { changes, replacedBy: replacement.id, channel: "mcp" },
      });
      await expect(
        t.service.orders.decide(mcp(), shown.id, { decision: "edit", changes: { quantity: 3 } }),
      ).rejects.toMatchObject({
        code: "proposal_superseded",
        message: expect.stringMatching(/replaced by an edited one/),
      });
      await expect(t.service.orders.decide(mcp(), shown.id, { decision: "reject" })).rejects.toMatchObject({
        code: "proposal_superseded",
      });
      expect((await eventsOf(shown.id)).map((e) => e.type)).not.toContain("decision_reject");
    });

    /** Runs `meanwhile` after the edit prepared its replacement and before it takes the old card's place. */
    const editRacing = async (shown: PendingConfirmation, meanwhile: () => Promise<unknown>) => {
      const prepare = Preparer.prototype.prepare;
      let replacementId: string | null = null;
      vi.spyOn(Preparer.prototype, "prepare").mockImplementationOnce(async function (
        this: Preparer,
        ...args
      ) {
        const replacement = await prepare.apply(this, args);
        replacementId = replacement.id;
        await meanwhile();
        return replacement;
      });
      const edited = t.service.orders.decide(mcp(), shown.id, { decision: "edit", changes: { quantity: 2 } });
      await edited.catch(() => undefined);
      expect(replacementId).not.toBeNull();
      return { edited, replacementId: replacementId! };
    };
    const neverLive = async (shown: PendingConfirmation, replacementId: string) => {
      expect(await status(replacementId)).toBe("superseded");
      expect(await t.service.orders.awaitingConfirmation(t.demoUserId, replacementId)).toBeNull();
      expect((await t.service.orders.pendingConfirmation(t.demoUserId, threadId))?.id).not.toBe(
        replacementId,
      );
      expect((await eventsOf(shown.id)).map((e) => e.type)).not.toContain("decision_edit");
      expect(await sentFor(replacementId)).toBe(0);
    };

    it("an edit racing an approval never hands back a live card for a card already sent", async () => {
      const shown = await card();
      const { edited, replacementId } = await editRacing(shown, () =>
        t.service.orders.decide(button(), shown.id, { decision: "approve", hash: shown.hash }),
      );
      await expect(edited).rejects.toMatchObject({ kind: "conflict", code: "proposal_submitted" });
      await neverLive(shown, replacementId);
      expect(await status(shown.id)).toBe("submitted");
      expect(await sentFor(shown.id)).toBe(1);
    });

    it("an edit racing a reject or an expiry leaves no live card either", async () => {
      const rejected = await card();
      const raceReject = await editRacing(rejected, () =>
        t.service.orders.decide(button(), rejected.id, { decision: "reject" }),
      );
      await expect(raceReject.edited).rejects.toMatchObject({ code: "proposal_rejected" });
      await neverLive(rejected, raceReject.replacementId);

      const expired = await card();
      const raceExpiry = await editRacing(expired, () =>
        t.service.db.pool.query("update trade_proposals set status = 'expired' where id = $1", [expired.id]),
      );
      await expect(raceExpiry.edited).rejects.toMatchObject({ kind: "gone", code: "expired" });
      await neverLive(expired, raceExpiry.replacementId);
    });
  });

  describe("approve", () => {
    it("records what was approved: the card's text, its hash and the client order id sent", async () => {
      const shown = await card();
      const { order } = await t.service.orders.decide(mcp(), shown.id, {
        decision: "approve",
        hash: shown.hash,
      });
      expect(await only(shown.id, "decision_approve")).toMatchObject({
        actor: "user",
        threadId,
        orderId: order?.id,
        data: {
          channel: "mcp",
          kind: "order",
          cardText: shown.text,
          hash: shown.hash,
          clientOrderId: shown.id,
        },
      });
      expect(await status(shown.id)).toBe("submitted");
    });

    it("the order placed is exactly the card's, in its account; a second approval is recorded as a duplicate", async () => {
      const shown = await t.service.orders.prepare(mcp(), {
        symbol: "AAPL",
        side: "sell",
        quantity: 1,
        orderType: "limit",
        limitPrice: 999,
        timeInForce: "gtc",
        account: "Robinhood",
      });
      const { order } = await t.service.orders.decide(mcp(), shown.id, {
        decision: "approve",
        hash: shown.hash,
      });
      expect(order).toMatchObject({
        confirmationId: shown.id,
        threadId,
        accountId: shown.account.id,
        provider: shown.account.provider,
        symbol: "AAPL",
        side: "sell",
        quantity: 1,
        notional: null,
        orderType: "limit",
        limitPrice: 999,
        stopPrice: null,
        timeInForce: "gtc",
        clientOrderId: shown.id,
        status: "accepted",
      });
      const again = await t.service.orders.decide(button(), shown.id, {
        decision: "approve",
        hash: shown.hash,
      });
      expect(again.order?.id).toBe(order?.id);
      expect(await only(shown.id, "duplicate_confirm")).toMatchObject({
        actor: "user",
        orderId: order?.id,
        data: { status: "accepted", channel: "button" },
      });
      await only(shown.id, "decision_approve");
    });

    it("a card of another user is not found, and the owner's card is left as it was", async () => {
      const shown = await card();
      const stranger = { userId: "00000000-0000-4000-8000-0000000000ee", channel: "api" as const };
      await expect(
        t.service.orders.decide(stranger, shown.id, { decision: "approve", hash: shown.hash }),
      ).rejects.toMatchObject({ kind: "not_found" });
      await expect(t.service.orders.decide(stranger, shown.id, { decision: "reject" })).rejects.toMatchObject(
        {
          kind: "not_found",
        },
      );
      expect(await status(shown.id)).toBe("awaiting");
      expect(await eventsOf(shown.id)).toEqual([expect.objectContaining({ type: "proposal_created" })]);
    });
  });
});

/** An edit is the old request with only the changes applied; a price given alone implies its type. */
describe("what an edit asks for", () => {
  let t: TestService;
  const api = () => ({ userId: t.demoUserId, threadId: null, channel: "api" as const });
  const edit = async (proposalId: string, changes: OrderChanges) => {
    const answer = await t.service.orders.decide(api(), proposalId, { decision: "edit", changes });
    if (answer.decision !== "edit") throw new Error("an edit answers with a card");
    return answer.confirmation;
  };
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("a limit price makes a market order a limit order and a stop order a stop-limit; a stop price the reverse", async () => {
    const market = await t.service.orders.prepare(api(), {
      symbol: "NVDA",
      side: "buy",
      quantity: 1,
      account: "Alpaca",
    });
    const price = market.estimate.price!;
    const below = Math.round(price * 0.9 * 100) / 100;
    const above = Math.round(price * 1.1 * 100) / 100;
    const limit = await edit(market.id, { limitPrice: below });
    expect(limit.order).toMatchObject({
      orderType: "limit",
      limitPrice: below,
      stopPrice: null,
      quantity: 1,
    });
    expect(limit.account.id).toBe(market.account.id);
    const stopLimitFromLimit = await edit(limit.id, { stopPrice: above });
    expect(stopLimitFromLimit.order).toMatchObject({
      orderType: "stop_limit",
      limitPrice: below,
      stopPrice: above,
      quantity: 1,
    });

    const market2 = await t.service.orders.prepare(api(), {
      symbol: "NVDA",
      side: "buy",
      quantity: 1,
      account: "Alpaca",
    });
    const stop = await edit(market2.id, { stopPrice: above });
    expect(stop.order).toMatchObject({ orderType: "stop", stopPrice: above, limitPrice: null });
    const higher = Math.round(price * 1.12 * 100) / 100;
    const stopLimitFromStop = await edit(stop.id, { limitPrice: higher });
    expect(stopLimitFromStop.order).toMatchObject({
      orderType: "stop_limit",
      limitPrice: higher,
      stopPrice: above,
    });
    // A new stop price on a stop order stays a stop order.
    const restopped = await edit(stopLimitFromStop.id, { orderType: "stop", stopPrice: higher });
    expect(restopped.order).toMatchObject({ orderType: "stop", stopPrice: higher, limitPrice: null });
  });

  it("an explicit type drops the prices it does not use; other fields are kept", async () => {
    const card = await t.service.orders.prepare(api(), {
      symbol: "NVDA",
      side: "buy",
      quantity: 2,
      account: "Alpaca",
    });
    const below = Math.round(card.estimate.price! * 0.9 * 100) / 100;
    const limit = await edit(card.id, { limitPrice: below });
    const gtc = await edit(limit.id, { timeInForce: "gtc" });
    expect(gtc.order).toMatchObject({
      orderType: "limit",
      limitPrice: below,
      quantity: 2,
      timeInForce: "gtc",
    });
    const market = await edit(gtc.id, { orderType: "market", timeInForce: "day" });
    expect(market.order).toMatchObject({
      orderType: "market",
      limitPrice: null,
      stopPrice: null,
      quantity: 2,
    });
    const dollars = await edit(market.id, { notional: 50 });
    expect(dollars.order).toMatchObject({ orderType: "market", notional: 50, quantity: null });
  });

  it("keeps the account picked before unless the edit names another, and a fraction unless the size changes", async () => {
    const card = await t.service.orders.prepare(api(), {
      symbol: "AAPL",
      side: "sell",
      fraction: 0.5,
      account: "Robinhood",
    });
    expect(card.account.institution).toBe("Robinhood");
    const half = card.order.quantity!;
    const limited = await edit(card.id, { limitPrice: 999 });
    expect(limited.account.institution).toBe("Robinhood");
    expect(limited.order).toMatchObject({ orderType: "limit", limitPrice: 999, quantity: half });
    expect(limited.basis).toMatch(/^half of the/);
    const resized = await edit(limited.id, { quantity: 1 });
    expect(resized.account.institution).toBe("Robinhood");
    expect(resized.order).toMatchObject({ quantity: 1, orderType: "limit", limitPrice: 999 });
    expect(resized.basis ?? "").not.toMatch(/half/);
  });
});
