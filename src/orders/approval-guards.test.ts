import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresUrl } from "../../test/helpers/databases.js";
import { startTestService, type TestService } from "../../test/helpers/service.js";
import type { PendingConfirmation } from "./contract/index.js";
import { OrderRefused } from "./errors.js";
import { decisionHelpers } from "./test-support/decisions.js";

/** The guards a card must pass again at approval, when things changed after it was shown. */

const api = (t: TestService) => ({ userId: t.demoUserId, threadId: null, channel: "api" as const });
const sentFor = (t: TestService, proposalId: string) => decisionHelpers(() => t).sentFor(proposalId);
const statusOf = (t: TestService, proposalId: string) => decisionHelpers(() => t).status(proposalId);

describe("the operator's switches, turned off while a card is shown", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("TRADING_ENABLED=false refuses the approval, sends nothing and leaves the card approvable", async () => {
    const card = await t.service.orders.prepare(api(t), { symbol: "AAPL", side: "sell", quantity: 1 });
    const features = t.service.config.features;
    features.tradingEnabled = false;
    try {
      await expect(
        t.service.orders.decide(api(t), card.id, { decision: "approve", hash: card.hash }),
      ).rejects.toThrow(OrderRefused);
      await expect(
        t.service.orders.decide(api(t), card.id, { decision: "approve", hash: card.hash }),
      ).rejects.toThrow(/switched off by the operator.*Nothing was sent/);
      expect(await sentFor(t, card.id)).toBe(0);
      expect(await statusOf(t, card.id)).toBe("awaiting");
    } finally {
      features.tradingEnabled = true;
    }
    const approved = await t.service.orders.decide(api(t), card.id, { decision: "approve", hash: card.hash });
    expect(approved.order?.clientOrderId).toBe(card.id);
    expect(await sentFor(t, card.id)).toBe(1);
  });

  it("FF_SNAPTRADE_TRADE_EXECUTION=false refuses a SnapTrade card but not an Alpaca one", async () => {
    const snaptradeCard = await t.service.orders.prepare(api(t), {
      symbol: "AAPL",
      side: "sell",
      quantity: 1,
    });
    expect(snaptradeCard.account.provider).toBe("snaptrade");
    const snapshot = await t.service.portfolio.service.getSnapshot(t.demoUserId);
    const alpaca = snapshot.accounts.find((a) => a.provider === "alpaca")!;
    const alpacaCard = await t.service.orders.prepare(api(t), {
      symbol: "AAPL",
      side: "buy",
      quantity: 1,
      account: alpaca.id,
    });
    expect(alpacaCard.account.provider).toBe("alpaca");
    const features = t.service.config.features;
    features.snaptradeTradeExecution = false;
    try {
      await expect(
        t.service.orders.decide(api(t), snaptradeCard.id, { decision: "approve", hash: snaptradeCard.hash }),
      ).rejects.toThrow(/SnapTrade-linked brokerages is switched off.*Nothing was sent/);
      expect(await sentFor(t, snaptradeCard.id)).toBe(0);
      expect(await statusOf(t, snaptradeCard.id)).toBe("awaiting");
      const approved = await t.service.orders.decide(api(t), alpacaCard.id, {
        decision: "approve",
        hash: alpacaCard.hash,
      });
      expect(approved.order?.provider).toBe("alpaca");
      expect(await sentFor(t, alpacaCard.id)).toBe(1);
    } finally {
      features.snaptradeTradeExecution = true;
    }
  });
});

describe("the orders-per-day limit, reached after a card was shown", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ env: { MAX_ORDERS_PER_DAY: "1" } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("the day's last order is approved; the card shown beside it is refused at approval and stays", async () => {
    const first = await t.service.orders.prepare(api(t), { symbol: "AAPL", side: "sell", quantity: 1 });
    const second = await t.service.orders.prepare(api(t), { symbol: "NVDA", side: "sell", quantity: 1 });
    await t.service.orders.decide(api(t), first.id, { decision: "approve", hash: first.hash });
    await expect(
      t.service.orders.decide(api(t), second.id, { decision: "approve", hash: second.hash }),
    ).rejects.toThrow("You have reached the limit of 1 order per day. Nothing was sent.");
    expect(await sentFor(t, first.id)).toBe(1);
    expect(await sentFor(t, second.id)).toBe(0);
    expect(await statusOf(t, second.id)).toBe("awaiting");
  });
});

// PGlite runs one transaction at a time, so only real Postgres can show two claims overlapping.
describe.skipIf(!postgresUrl)(
  "the orders-per-day limit under approvals at the same moment, on postgres",
  () => {
    let t: TestService;
    beforeAll(async () => {
      t = await startTestService({ backend: "postgres", env: { MAX_ORDERS_PER_DAY: "1" } });
    });
    afterAll(async () => {
      await t?.close();
    });

    /** Backends of this database waiting on a lock in a claim or for the user's decision lock. */
    const claimsWaiting = async () =>
      (
        await t.service.db.pool.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where datname = current_database()
           and wait_event_type = 'Lock' and (query like '%claimed as%' or query like '%pg_advisory_xact_lock%')`,
        )
      ).rows[0]!.n;

    it("two cards of one user approved at once: one is sent, the other is refused by the limit and stays", async () => {
      const cards = [
        await t.service.orders.prepare(api(t), { symbol: "AAPL", side: "sell", quantity: 1 }),
        await t.service.orders.prepare(api(t), { symbol: "NVDA", side: "sell", quantity: 1 }),
      ];
      // Both approvals are held (at the user's audit chain head, which a claim writes, or at the
      // user's decision lock) until both wait; each claim reads the day's orders, and only the
      // decision lock makes the second read what the first wrote.
      const holder = await t.service.db.pool.connect();
      let outcomes: PromiseSettledResult<unknown>[];
      try {
        await holder.query("begin");
        await holder.query("select 1 from audit_chain_heads where user_id = $1 for update", [t.demoUserId]);
        const deciding = Promise.allSettled(
          cards.map((card) =>
            t.service.orders.decide(api(t), card.id, { decision: "approve", hash: card.hash }),
          ),
        );
        for (let waited = 0; waited < 5_000 && (await claimsWaiting()) < 2; waited += 20) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(await claimsWaiting()).toBe(2);
        await holder.query("commit");
        outcomes = await deciding;
      } finally {
        holder.release();
      }
      expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
      const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
      expect(String(refused.reason)).toMatch(/limit of 1 order per day\. Nothing was sent\./);
      const sent = await Promise.all(cards.map((card) => sentFor(t, card.id)));
      expect([...sent].sort()).toEqual([0, 1]);
      const statuses = await Promise.all(cards.map((card) => statusOf(t, card.id)));
      expect(statuses).toContain("awaiting");
    });
  },
);

describe("limits on share-sized orders: quantity times price", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ env: { MAX_ORDER_NOTIONAL: "10000", MAX_DAILY_NOTIONAL: "10000" } });
  });
  afterAll(async () => {
    await t?.close();
  });
  /** Whole shares of NVDA worth about `dollars` at the card's price. */
  const sharesWorth = async (dollars: number) => {
    const probe = await t.service.orders.prepare(api(t), { symbol: "NVDA", side: "buy", quantity: 1 });
    await t.service.orders.decide(api(t), probe.id, { decision: "reject" });
    const price = probe.estimate.price!;
    expect(price).toBeGreaterThan(1);
    return { shares: Math.floor(dollars / price), price };
  };

  it("a share order above the per-order cap is refused before any card, sized at shares x price", async () => {
    const { shares } = await sharesWorth(10_000);
    await expect(
      t.service.orders.prepare(api(t), { symbol: "NVDA", side: "buy", quantity: shares + 1 }),
    ).rejects.toThrow(/is above the \$10,000\.00 limit per order/);
    const within = await t.service.orders.prepare(api(t), { symbol: "NVDA", side: "buy", quantity: shares });
    expect(within.order.quantity).toBe(shares);
    await t.service.orders.decide(api(t), within.id, { decision: "reject" });
  });

  it("share orders approved today count at shares x price: the card that would pass the daily limit is refused at approval", async () => {
    const { shares } = await sharesWorth(4_000);
    const cards = [];
    for (let i = 0; i < 3; i++) {
      cards.push(await t.service.orders.prepare(api(t), { symbol: "NVDA", side: "buy", quantity: shares }));
    }
    const [a, b, c] = cards as [PendingConfirmation, PendingConfirmation, PendingConfirmation];
    await t.service.orders.decide(api(t), a.id, { decision: "approve", hash: a.hash });
    await t.service.orders.decide(api(t), b.id, { decision: "approve", hash: b.hash });
    await expect(
      t.service.orders.decide(api(t), c.id, { decision: "approve", hash: c.hash }),
    ).rejects.toThrow(
      /would exceed the \$10,000\.00 daily limit; \$[\d,.]+ is left today\. Nothing was sent\./,
    );
    expect(await sentFor(t, c.id)).toBe(0);
    expect(await statusOf(t, c.id)).toBe("awaiting");
  });
});

describe("the switches never block a way out", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("a cancel card is approved with trading and SnapTrade execution both switched off", async () => {
    const order = await decisionHelpers(() => t).restingOrder(api(t));
    const cancel = await t.service.orders.prepareCancel(api(t), order.id);
    const features = t.service.config.features;
    features.tradingEnabled = false;
    features.snaptradeTradeExecution = false;
    try {
      const answer = await t.service.orders.decide(api(t), cancel.id, {
        decision: "approve",
        hash: cancel.hash,
      });
      expect(answer).toMatchObject({ outcome: { outcome: "cancel_submitted", status: "cancelled" } });
    } finally {
      features.tradingEnabled = true;
      features.snaptradeTradeExecution = true;
    }
  });
});
