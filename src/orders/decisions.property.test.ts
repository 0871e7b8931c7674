import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";

type Op =
  | { kind: "approve"; target: number }
  | { kind: "reject"; target: number }
  | { kind: "edit"; target: number; quantity: number }
  | { kind: "expire"; target: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("approve" as const), target: fc.nat(3) }),
  fc.record({ kind: fc.constant("reject" as const), target: fc.nat(3) }),
  fc.record({
    kind: fc.constant("edit" as const),
    target: fc.nat(3),
    quantity: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant("expire" as const), target: fc.nat(3) }),
);

/** Each step runs one or several decisions at once, as double clicks and replicas would. */
const steps = fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 });

describe("any interleaving of approve, reject, edit and expiry", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({
      env: { MAX_ORDER_NOTIONAL: "100000", MAX_DAILY_NOTIONAL: "10000000", MAX_ORDERS_PER_DAY: "100000" },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("yields at most one broker order per proposal, only for approved ones, and a valid audit chain", async () => {
    const user = { userId: t.demoUserId, threadId: null, channel: "api" as const };
    await fc.assert(
      fc.asyncProperty(steps, async (plan) => {
        const first = await t.service.orders.prepare(user, { symbol: "NVDA", side: "buy", quantity: 1 });
        const proposals = [first];
        /** Each edit that answered with a live card, and the proposal it replaced. */
        const edits: Array<{ from: string; to: string }> = [];
        const pick = (i: number) => proposals[i % proposals.length]!;
        for (const step of plan) {
          await Promise.allSettled(
            step.map(async (o) => {
              const p = pick(o.target);
              if (o.kind === "approve")
                await t.service.orders.decide(user, p.id, { decision: "approve", hash: p.hash });
              else if (o.kind === "reject") await t.service.orders.decide(user, p.id, { decision: "reject" });
              else if (o.kind === "edit") {
                const edited = await t.service.orders.decide(user, p.id, {
                  decision: "edit",
                  changes: { quantity: o.quantity },
                });
                if (edited.decision === "edit") {
                  proposals.push(edited.confirmation);
                  edits.push({ from: p.id, to: edited.confirmation.id });
                }
              } else {
                await t.service.db.pool.query(
                  "update trade_proposals set expires_at = now() - interval '1 second' where id = $1 and status = 'awaiting'",
                  [p.id],
                );
              }
            }),
          );
        }
        const sent = await t.sandboxOrders();
        for (const p of proposals) {
          const brokerOrders = sent.filter((o) => o.clientOrderId === p.id);
          const status = await t.service.orders.proposalStatus(t.demoUserId, p.id);
          expect(brokerOrders.length).toBeLessThanOrEqual(1);
          expect(brokerOrders.length).toBe(status === "submitted" ? 1 : 0);
        }
        // An edit supersedes its proposal, so a chain of edits is one intent: at most one of it is sent.
        expect(
          proposals.filter((p) => sent.some((o) => o.clientOrderId === p.id)).length,
        ).toBeLessThanOrEqual(1);
        // An edit that handed back a live card replaced a proposal that was never sent.
        for (const edit of edits) {
          expect(await t.service.orders.proposalStatus(t.demoUserId, edit.from)).toBe("superseded");
          expect(sent.some((o) => o.clientOrderId === edit.from)).toBe(false);
        }
        // The audit records a decision only where it took effect: no reject of a sent proposal,
        // exactly one approve per sent one.
        for (const p of proposals) {
          const status = await t.service.orders.proposalStatus(t.demoUserId, p.id);
          const types = (await t.service.orders.auditTrail(t.demoUserId, { proposalId: p.id })).map(
            (e) => e.type,
          );
          expect(types[0]).toBe("proposal_created");
          expect(types.filter((type) => type === "decision_reject")).toHaveLength(
            status === "rejected" ? 1 : 0,
          );
          expect(types.filter((type) => type === "decision_approve")).toHaveLength(
            status === "submitted" ? 1 : 0,
          );
          expect(types.filter((type) => type === "decision_edit")).toHaveLength(
            status === "superseded" ? 1 : 0,
          );
        }
        expect(await t.service.orders.verifyAudit(t.demoUserId)).toMatchObject({ ok: true });
      }),
      { numRuns: 12 },
    );
  });
});
