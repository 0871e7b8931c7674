import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";
import { createLogger } from "../core/logger.js";
import { type DecisionAnswer, OrdersEngine } from "./engine.js";
import type { SubmissionHooks } from "./submitter.js";

class SimulatedCrash extends Error {}

/** What the user is told an approval did. */
const outcomeOf = (answer: DecisionAnswer) => (answer.decision === "edit" ? null : answer.outcome);

describe("unknown outcomes, crashes and reconciliation (sandbox faults, real SDKs)", () => {
  let t: TestService;
  const user = () => ({ userId: t.demoUserId, threadId: null, channel: "api" as const });

  beforeAll(async () => {
    t = await startTestService({
      env: { MAX_ORDER_NOTIONAL: "100000", MAX_DAILY_NOTIONAL: "1000000" },
      service: {
        orders: { reconciler: { settleSeconds: 0, openPollSeconds: 0, snaptradeReviewAfterSeconds: 0 } },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const brokerOrdersOf = async (proposalId: string) => {
    const ours = await t.service.orders.orderForConfirmation(t.demoUserId, proposalId);
    return (await t.sandboxOrders()).filter(
      (o) => o.clientOrderId === proposalId || (ours?.brokerOrderId !== null && o.id === ours?.brokerOrderId),
    );
  };
  const fault = (target: string, mode: string, count = 1) =>
    t.admin("/__sandbox/faults", { target, mode, count });
  /** Time passes: the submitting replica's lease runs out. */
  const expireLeases = () =>
    t.service.db.pool.query("update trade_orders set lease_until = now() - interval '1 second'");
  const settle = async () => {
    await expireLeases();
    return t.service.orders.reconciler.runOnce();
  };
  /** The same service restarted with a crash point: a new engine over the same database. */
  const crashingEngine = (hooks: SubmissionHooks) =>
    new OrdersEngine({
      config: t.service.config,
      logger: createLogger({ level: "silent" }),
      db: t.service.db,
      keyring: t.service.keyring,
      portfolio: t.service.portfolio.service,
      hooks,
    });

  it("a placed order is told as submitted, with the account it went to", async () => {
    const proposal = await t.service.orders.prepare(user(), {
      symbol: "AAPL",
      side: "sell",
      quantity: 2,
      account: "Robinhood",
    });
    const answer = await t.service.orders.decide(user(), proposal.id, {
      decision: "approve",
      hash: proposal.hash,
    });
    expect(outcomeOf(answer)).toEqual({
      outcome: "submitted",
      order: {
        id: answer.order!.id,
        status: answer.order!.status,
        symbol: "AAPL",
        side: "sell",
        quantity: 2,
        notional: null,
        filledQuantity: answer.order!.filledQuantity,
        filledAvgPrice: answer.order!.filledAvgPrice,
        institution: "Robinhood",
        accountName: proposal.account.name,
        isPaper: proposal.account.isPaper,
      },
    });
    expect(answer.order!.status).toMatch(/accepted|filled/);
  });

  it("Alpaca accepts but the answer is lost: unknown, then reconciled to the one order, no resend", async () => {
    const proposal = await t.service.orders.prepare(user(), { symbol: "NVDA", side: "buy", quantity: 1 });
    await fault("alpaca.createOrder", "acceptThenTimeout");
    const { order } = await t.service.orders.decide(user(), proposal.id, {
      decision: "approve",
      hash: proposal.hash,
    });
    expect(order?.status).toBe("unknown");
    expect(await brokerOrdersOf(proposal.id)).toHaveLength(1);
    await settle();
    const after = await t.service.orders.getOrder(t.demoUserId, order!.id);
    expect(after?.status).toMatch(/accepted|filled/);
    expect(after?.brokerOrderId).toBe((await brokerOrdersOf(proposal.id))[0]?.id);
    expect(await brokerOrdersOf(proposal.id)).toHaveLength(1);
  });

  it("Alpaca answers 500: unknown, then the reconciler finds nothing and resends once with the same id", async () => {
    const proposal = await t.service.orders.prepare(user(), { symbol: "NVDA", side: "buy", quantity: 1 });
    await fault("alpaca.createOrder", "error500");
    const answer = await t.service.orders.decide(user(), proposal.id, {
      decision: "approve",
      hash: proposal.hash,
    });
    const { order } = answer;
    expect(order?.status).toBe("unknown");
    // The user is told it is being confirmed, not that it failed or was placed.
    expect(outcomeOf(answer)).toEqual({
      outcome: "unknown",
      orderId: order!.id,
      message: "Sent; confirming with the broker. We will update this order as soon as it answers.",
    });
    await settle();
    await settle();
    const sent = await brokerOrdersOf(proposal.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.clientOrderId).toBe(proposal.id);
    expect((await t.service.orders.getOrder(t.demoUserId, order!.id))?.status).toMatch(/accepted|filled/);
  });

  it("the process dies between the claim and the broker call: after restart it is sent exactly once", async () => {
    const proposal = await t.service.orders.prepare(user(), { symbol: "NVDA", side: "buy", quantity: 1 });
    const doomed = crashingEngine({
      beforeSend: () => {
        throw new SimulatedCrash("killed after the claim");
      },
    });
    await expect(
      doomed.decide(user(), proposal.id, { decision: "approve", hash: proposal.hash }),
    ).rejects.toBeInstanceOf(SimulatedCrash);
    const stuck = await t.service.orders.orderForConfirmation(t.demoUserId, proposal.id);
    expect(stuck).toMatchObject({ status: "submitting", brokerOrderId: null });
    expect(await brokerOrdersOf(proposal.id)).toHaveLength(0);
    // A double click meanwhile returns the same order and sends nothing.
    const again = await t.service.orders.decide(user(), proposal.id, {
      decision: "approve",
      hash: proposal.hash,
    });
    expect(again.order?.id).toBe(stuck?.id);
    await settle();
    await settle();
    expect(await brokerOrdersOf(proposal.id)).toHaveLength(1);
    expect((await t.service.orders.getOrder(t.demoUserId, stuck!.id))?.status).toMatch(/accepted|filled/);
  });

  it("the process dies after the broker accepted, before recording it: reconciled, not resent", async () => {
    const proposal = await t.service.orders.prepare(user(), { symbol: "NVDA", side: "buy", quantity: 1 });
    const doomed = crashingEngine({
      afterSend: () => {
        throw new SimulatedCrash("killed after the broker call");
      },
    });
    await expect(
      doomed.decide(user(), proposal.id, { decision: "approve", hash: proposal.hash }),
    ).rejects.toBeInstanceOf(SimulatedCrash);
    expect(await brokerOrdersOf(proposal.id)).toHaveLength(1);
    await settle();
    const order = await t.service.orders.orderForConfirmation(t.demoUserId, proposal.id);
    expect(order?.status).toMatch(/accepted|filled/);
    expect(await brokerOrdersOf(proposal.id)).toHaveLength(1);
  });

  it("SnapTrade accepts but the answer is lost: unknown, then matched among recent orders", async () => {
    const proposal = await t.service.orders.prepare(user(), {
      symbol: "AAPL",
      side: "sell",
      quantity: 1,
      account: "Robinhood",
    });
    await fault("snaptrade.placeOrder", "acceptThenTimeout");
    const earlier = new Set((await t.sandboxOrders()).map((o) => o.id));
    const { order } = await t.service.orders.decide(user(), proposal.id, {
      decision: "approve",
      hash: proposal.hash,
    });
    expect(order?.status).toBe("unknown");
    // The one broker order this approval placed: the reconciler must link exactly it, whatever
    // earlier tests left at the broker.
    const placed = (await t.sandboxOrders()).filter((o) => !earlier.has(o.id));
    expect(placed).toHaveLength(1);
    const before = (await t.sandboxOrders()).length;
    await settle();
    const after = await t.service.orders.getOrder(t.demoUserId, order!.id);
    expect(after?.status).toMatch(/accepted|filled/);
    expect(after?.brokerOrderId).toBe(placed[0]!.id);
    expect((await t.sandboxOrders()).length).toBe(before);
  });

  it("SnapTrade answers 500 and has no such order: never resent, handed to a person", async () => {
    const proposal = await t.service.orders.prepare(user(), {
      symbol: "AAPL",
      side: "sell",
      quantity: 1,
      account: "Robinhood",
    });
    await fault("snaptrade.placeOrder", "error500");
    const before = (await t.sandboxOrders()).length;
    const { order } = await t.service.orders.decide(user(), proposal.id, {
      decision: "approve",
      hash: proposal.hash,
    });
    expect(order?.status).toBe("unknown");
    await settle();
    const after = await t.service.orders.getOrder(t.demoUserId, order!.id);
    expect(after?.status).toBe("needs_review");
    expect(after?.statusDetail).toMatch(/not resent/);
    expect((await t.sandboxOrders()).length).toBe(before);
  });

  it("two identical SnapTrade buys, one failed (500) and one placed with its answer lost: neither takes the other's order", async () => {
    const buyGoogl = () =>
      t.service.orders.prepare(user(), { symbol: "GOOGL", side: "buy", quantity: 1, account: "Robinhood" });
    const first = await buyGoogl();
    await fault("snaptrade.placeOrder", "error500");
    const failed = (
      await t.service.orders.decide(user(), first.id, { decision: "approve", hash: first.hash })
    ).order;
    const second = await buyGoogl();
    await fault("snaptrade.placeOrder", "acceptThenTimeout");
    const lost = (
      await t.service.orders.decide(user(), second.id, { decision: "approve", hash: second.hash })
    ).order;
    expect([failed?.status, lost?.status]).toEqual(["unknown", "unknown"]);
    const placed = (await t.sandboxOrders()).filter((o) => o.symbol === "GOOGL" && o.side === "buy");
    expect(placed).toHaveLength(1);
    await settle();
    await settle();
    const [a, b] = await Promise.all([
      t.service.orders.getOrder(t.demoUserId, failed!.id),
      t.service.orders.getOrder(t.demoUserId, lost!.id),
    ]);
    // The first order was never placed: it must not carry the second's broker order.
    expect(a?.brokerOrderId).toBeNull();
    // Either could own the one broker order, so neither takes it; both go to a person, naming it.
    for (const order of [a, b]) {
      expect(order?.status).toBe("needs_review");
      expect(order?.statusDetail).toContain(placed[0]!.id);
    }
    const events = await t.service.orders.auditTrail(t.demoUserId, { proposalId: second.id });
    expect(events.map((e) => e.type)).toContain("reconciled_contested");
  });

  it("SnapTrade answers 429 to the order: nothing was placed, the order is refused with a clear message", async () => {
    const proposal = await t.service.orders.prepare(user(), {
      symbol: "AAPL",
      side: "sell",
      quantity: 1,
      account: "Robinhood",
    });
    await fault("snaptrade.placeOrder", "rateLimit");
    const before = (await t.sandboxOrders()).length;
    const answer = await t.service.orders.decide(user(), proposal.id, {
      decision: "approve",
      hash: proposal.hash,
    });
    const { order } = answer;
    expect(order?.status).toBe("rejected");
    expect(outcomeOf(answer)).toEqual({ outcome: "failed", reason: order!.statusDetail });
    expect(order?.statusDetail).toMatch(/rate limit/i);
    expect(order?.statusDetail).toMatch(/not placed/i);
    await settle();
    expect((await t.service.orders.getOrder(t.demoUserId, order!.id))?.status).toBe("rejected");
    expect((await t.sandboxOrders()).length).toBe(before);
  });

  it("insufficient buying power: warned on the card, rejected by the broker, not retried", async () => {
    const proposal = await t.service.orders.prepare(user(), { symbol: "NVDA", side: "buy", quantity: 400 });
    expect(proposal.warnings.join(" ")).toMatch(/buying power/);
    const { order } = await t.service.orders.decide(user(), proposal.id, {
      decision: "approve",
      hash: proposal.hash,
    });
    expect(order?.status).toBe("rejected");
    expect(order?.statusDetail).toMatch(/buying power/i);
    await settle();
    expect((await t.service.orders.getOrder(t.demoUserId, order!.id))?.status).toBe("rejected");
    const events = await t.service.orders.auditTrail(t.demoUserId, { proposalId: proposal.id });
    expect(events.filter((e) => e.type === "order_sent")).toHaveLength(1);
    expect(events.map((e) => e.type)).toContain("broker_refused");
  });

  it("follows an open order to its fill by polling", async () => {
    await t.admin("/__sandbox/prices", { NVDA: 100 });
    const proposal = await t.service.orders.prepare(user(), {
      symbol: "NVDA",
      side: "buy",
      quantity: 1,
      orderType: "limit",
      limitPrice: 90,
    });
    const { order } = await t.service.orders.decide(user(), proposal.id, {
      decision: "approve",
      hash: proposal.hash,
    });
    expect(order?.status).toBe("accepted");
    await t.admin("/__sandbox/prices", { NVDA: 89 });
    await settle();
    expect((await t.service.orders.getOrder(t.demoUserId, order!.id))?.status).toBe("filled");
  });

  it("leaves an intact audit chain behind", async () => {
    expect(await t.service.orders.verifyAudit(t.demoUserId)).toMatchObject({ ok: true });
  });
});
