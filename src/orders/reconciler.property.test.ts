import { randomUUID } from "node:crypto";
import fc from "fast-check";
import type { AccountOrderRecord } from "snaptrade-typescript-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPglite, type TestDatabase } from "../../test/helpers/databases.js";
import type { BrokerOrder, OrderRequest } from "../brokers/model.js";
import type { OrderLookup, TradingSession } from "../brokers/session.js";
import { lookupAmong, toBrokerOrder } from "../brokers/snaptrade/orders.js";
import { migrate } from "../core/db/migrate.js";
import { createLogger } from "../core/logger.js";
import type { PortfolioService } from "../portfolio/service.js";
import { AuditLog } from "./audit/audit-log.js";
import { Reconciler } from "./reconciler.js";
import type { OrderRecord } from "./records.js";
import { OrdersRepository } from "./repository.js";
import type { OrderSubmitter } from "./submitter.js";
import { insertCardAndOrder } from "./test-support/order-rows.js";

/**
 * What a SnapTrade order placement can do, as seen from our side and from the broker's:
 * - ok: placed, we get the answer;
 * - refusedBefore / error500Before / timeoutBefore: nothing placed (a 500 or a timeout that never arrived);
 * - error500After / acceptThenTimeout: placed, our answer lost;
 * - landsLate: placed `delay` seconds after we gave up waiting;
 * - slow: placed, the answer arrives at a later `answer` step (the send is in flight until then).
 */
type Fault =
  | "ok"
  | "refusedBefore"
  | "error500Before"
  | "timeoutBefore"
  | "error500After"
  | "acceptThenTimeout"
  | "landsLate"
  | "slow";

type Step =
  | { kind: "send"; fault: Fault; size: number; delay: number }
  | { kind: "wait"; seconds: number }
  | { kind: "reconcile" }
  | { kind: "answer" }
  | { kind: "land" };

interface PlacedAtBroker {
  brokerOrderId: string;
  /** Which of our orders sent it: the truth the reconciler must never contradict. */
  sentBy: string;
  quantity: number;
  placedAt: number;
}

/** The broker side of one account: its order list and who really sent each order. */
class FakeSnaptradeAccount {
  readonly placed: PlacedAtBroker[] = [];
  readonly pendingLanding: Array<{ sentBy: string; quantity: number; at: number }> = [];

  constructor(
    readonly accountId: string,
    private readonly symbol: string,
  ) {}

  place(sentBy: string, quantity: number, at: number): string {
    const brokerOrderId = randomUUID();
    this.placed.push({ brokerOrderId, sentBy, quantity, placedAt: at });
    return brokerOrderId;
  }

  landDue(now: number): void {
    for (const request of this.pendingLanding.splice(0)) {
      if (request.at <= now) this.place(request.sentBy, request.quantity, request.at);
      else this.pendingLanding.push(request);
    }
  }

  private records(): AccountOrderRecord[] {
    return this.placed.map((o) => ({
      brokerage_order_id: o.brokerOrderId,
      status: "EXECUTED",
      universal_symbol: { symbol: this.symbol } as AccountOrderRecord["universal_symbol"],
      action: "BUY",
      total_quantity: String(o.quantity),
      filled_quantity: String(o.quantity),
      execution_price: "100",
      order_type: "Market",
      time_in_force: "Day",
      time_placed: new Date(o.placedAt).toISOString(),
    }));
  }

  session(): TradingSession {
    return {
      provider: "snaptrade",
      findOrder: async (order: OrderRequest, placedAfter: Date): Promise<OrderLookup> =>
        lookupAmong(this.records(), this.accountId, order, placedAfter),
      getOrder: async (accountId: string, brokerOrderId: string): Promise<BrokerOrder> => {
        const record = this.records().find((r) => r.brokerage_order_id === brokerOrderId);
        if (!record) throw new Error(`no broker order ${brokerOrderId}`);
        return toBrokerOrder(accountId, record);
      },
    } as unknown as TradingSession;
  }
}

const sizes = [1, 2];
const faults: Fault[] = [
  "ok",
  "refusedBefore",
  "error500Before",
  "timeoutBefore",
  "error500After",
  "acceptThenTimeout",
  "landsLate",
  "slow",
];
const landingWindowSeconds = 300;

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("send" as const),
      fault: fc.constantFrom(...faults),
      // Mostly identical orders: the hard case.
      size: fc.constantFrom(...sizes, 1, 1),
      delay: fc.integer({ min: 1, max: landingWindowSeconds }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 0, max: 200 }) }),
  },
  { weight: 3, arbitrary: fc.constant({ kind: "reconcile" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "answer" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "land" as const }) },
);

describe("reconciliation never mis-attributes a broker order (property, faults x identical orders)", () => {
  let db: TestDatabase;
  let repo: OrdersRepository;
  let audit: AuditLog;
  const accounts = new Map<string, FakeSnaptradeAccount>();

  beforeAll(async () => {
    db = await openTestPglite();
    await migrate(db.pool);
    repo = new OrdersRepository(db.pool);
    audit = new AuditLog(db.pool);
  });
  afterAll(async () => {
    await db?.close();
  });

  const reconcilerFor = (reviewAfterSeconds: number) =>
    new Reconciler(
      {
        db,
        repo,
        audit,
        portfolio: {
          tradingSession: async (_userId: string, accountId: string) => accounts.get(accountId)!.session(),
        } as unknown as PortfolioService,
        submitter: {
          send: async () => {
            throw new Error("a SnapTrade order with an unknown outcome must never be resent");
          },
        } as unknown as OrderSubmitter,
        logger: createLogger({ level: "silent" }),
      },
      {
        settleSeconds: 0,
        openPollSeconds: 0,
        snaptradeReviewAfterSeconds: reviewAfterSeconds,
        landingWindowSeconds,
      },
    );

  /** Stores a proposal and its order the way the engine does, with the send time `at`. */
  async function newOrder(
    userId: string,
    accountId: string,
    quantity: number,
    at: number,
  ): Promise<OrderRecord> {
    const spec = {
      symbol: "GOOGL",
      description: "Alphabet",
      side: "buy" as const,
      quantity,
      notional: null,
      orderType: "market" as const,
      limitPrice: null,
      stopPrice: null,
      timeInForce: "day" as const,
    };
    const { order } = await insertCardAndOrder(repo, db.pool, {
      userId,
      accountId,
      spec,
      at: new Date(at).toISOString(),
      riskNotional: 100,
    });
    // The submitter marks the attempt (and holds a lease) just before the broker call.
    await db.pool.query(
      "update trade_orders set send_attempted_at = $2, lease_until = now() + interval '1 hour' where id = $1",
      [order.id, new Date(at).toISOString()],
    );
    return order;
  }

  async function run(steps: Step[], reviewAfterSeconds: number): Promise<void> {
    const userId = randomUUID();
    const accountId = `snaptrade_${randomUUID()}`;
    const broker = new FakeSnaptradeAccount(accountId, "GOOGL");
    accounts.set(accountId, broker);
    const reconciler = reconcilerFor(reviewAfterSeconds);
    // Logical time, in the past, so that every send is older than the real clock.
    let now = Date.now() - 3 * 3600_000;
    const inFlight: Array<{ orderId: string; brokerOrderId: string }> = [];
    const answerLost = async (orderId: string) =>
      repo.updateOrder(orderId, { status: "unknown", statusDetail: "no answer", releaseLease: true });

    for (const s of steps) {
      if (s.kind === "wait") now += s.seconds * 1000;
      else if (s.kind === "land") broker.landDue(now);
      else if (s.kind === "reconcile") await reconciler.runOnce();
      else if (s.kind === "answer") {
        const answered = inFlight.shift();
        if (answered) {
          // The submitter records what the broker answered; the unique index refuses a second link.
          await repo
            .updateOrder(answered.orderId, {
              status: "accepted",
              brokerOrderId: answered.brokerOrderId,
              releaseLease: true,
            })
            .catch(() => answerLost(answered.orderId));
        }
      } else {
        now += 1000;
        const order = await newOrder(userId, accountId, s.size, now);
        if (s.fault === "ok") {
          const brokerOrderId = broker.place(order.id, s.size, now);
          await repo.updateOrder(order.id, { status: "accepted", brokerOrderId, releaseLease: true });
        } else if (s.fault === "refusedBefore") {
          await repo.updateOrder(order.id, { status: "rejected", statusDetail: "429", releaseLease: true });
        } else if (s.fault === "error500Before" || s.fault === "timeoutBefore") {
          await answerLost(order.id);
        } else if (s.fault === "error500After" || s.fault === "acceptThenTimeout") {
          broker.place(order.id, s.size, now);
          await answerLost(order.id);
        } else if (s.fault === "landsLate") {
          broker.pendingLanding.push({ sentBy: order.id, quantity: s.size, at: now + s.delay * 1000 });
          await answerLost(order.id);
        } else {
          inFlight.push({ orderId: order.id, brokerOrderId: broker.place(order.id, s.size, now) });
        }
      }
      await expectNoMisattribution(broker);
    }
    await db.pool.query("delete from trade_orders where account_id = $1", [accountId]);
    accounts.delete(accountId);
  }

  async function expectNoMisattribution(broker: FakeSnaptradeAccount): Promise<void> {
    const rows = await db.pool.query<{ id: string; broker_order_id: string }>(
      "select id, broker_order_id from trade_orders where account_id = $1 and broker_order_id is not null",
      [broker.accountId],
    );
    const owners = new Map<string, string[]>();
    for (const row of rows.rows)
      owners.set(row.broker_order_id, [...(owners.get(row.broker_order_id) ?? []), row.id]);
    for (const [brokerOrderId, orderIds] of owners) {
      expect(orderIds, `broker order ${brokerOrderId} linked to several orders`).toHaveLength(1);
      const truth = broker.placed.find((p) => p.brokerOrderId === brokerOrderId);
      expect(orderIds[0], `order linked to broker order ${brokerOrderId} it did not send`).toBe(
        truth?.sentBy,
      );
    }
  }

  it("no broker order is linked to two orders, and no order to a broker order it did not send", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 2, maxLength: 18 }), fc.constantFrom(0, 100_000), run),
      { numRuns: 120 },
    );
  }, 120_000);
});
