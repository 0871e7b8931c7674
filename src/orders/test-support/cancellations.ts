import { randomBytes, randomUUID } from "node:crypto";
import type { BrokerOrder } from "../../brokers/model.js";
import type { TradingSession } from "../../brokers/session.js";
import type { Database } from "../../core/db/database.js";
import type { PortfolioService } from "../../portfolio/service.js";
import { AuditLog } from "../audit/audit-log.js";
import { Cancellations } from "../cancellations.js";
import type { OrderSpec } from "../contract/index.js";
import type { OrderRecord } from "../records.js";
import { OrdersRepository } from "../repository.js";
import { insertCardAndOrder } from "./order-rows.js";
import { testAccount } from "./preparer.js";

/** An order row as a test wants it; anything not given is a resting 10-share limit buy of AAPL at $150. */
export interface StoredOrder {
  status?: OrderRecord["status"];
  orderType?: OrderRecord["orderType"];
  quantity?: number | null;
  notional?: number | null;
  limitPrice?: number | null;
  stopPrice?: number | null;
  filledQuantity?: number;
  brokerOrderId?: string | null;
  threadId?: string | null;
  accountId?: string;
  /** Seconds after a fixed instant: the order of the rows by creation. */
  createdAt?: number;
}

/**
 * Cancellations for a fresh user over real order and audit storage (a migrated test database)
 * and a broker whose answer to a cancel each test sets: the order it returns (`answer`, by
 * default the order now cancelled) or an error it throws (`failure`). `cancelsSent` is what the
 * broker was asked to cancel.
 */
export function cancellationsFor(db: Database) {
  const repo = new OrdersRepository(db.pool);
  const audit = new AuditLog(db.pool);
  const userId = randomUUID();
  const account = testAccount(`snaptrade_${randomUUID()}`, { currency: "USD" });
  const broker: {
    answer: ((brokerOrderId: string) => Partial<BrokerOrder>) | null;
    failure: unknown;
    cancelsSent: Array<{ accountId: string; brokerOrderId: string }>;
  } = { answer: null, failure: undefined, cancelsSent: [] };

  const session = {
    cancelOrder: async (accountId: string, brokerOrderId: string): Promise<BrokerOrder> => {
      broker.cancelsSent.push({ accountId, brokerOrderId });
      if (broker.failure !== undefined) throw broker.failure;
      const order = (
        await db.pool.query<{ id: string }>("select id from trade_orders where broker_order_id = $1", [
          brokerOrderId,
        ])
      ).rows[0];
      const row = order ? await repo.getOrder(userId, order.id) : null;
      return {
        brokerOrderId,
        clientOrderId: row?.clientOrderId ?? null,
        accountId,
        symbol: row?.symbol ?? "AAPL",
        side: row?.side ?? "buy",
        quantity: row?.quantity ?? null,
        notional: row?.notional ?? null,
        orderType: row?.orderType ?? "limit",
        limitPrice: row?.limitPrice ?? null,
        stopPrice: row?.stopPrice ?? null,
        timeInForce: row?.timeInForce ?? "day",
        status: "cancelled",
        filledQuantity: row?.filledQuantity ?? 0,
        filledAvgPrice: row?.filledAvgPrice ?? null,
        submittedAt: null,
        updatedAt: null,
        statusReason: null,
        ...broker.answer?.(brokerOrderId),
      };
    },
  } as unknown as TradingSession;

  const portfolio = {
    listAccounts: async () => [account],
    tradingSession: async () => session,
  } as unknown as PortfolioService;

  const cancellations = new Cancellations({ repo, audit, portfolio, hashKey: randomBytes(32) });

  /** Stores an order the way the engine does (its card, then the row), then moves it to `o`'s state. */
  const addOrder = async (o: StoredOrder = {}): Promise<OrderRecord> => {
    const accountId = o.accountId ?? account.id;
    const spec = {
      symbol: "AAPL",
      description: "Apple Inc.",
      side: "buy" as const,
      quantity: o.quantity === undefined ? 10 : o.quantity,
      notional: o.notional ?? null,
      orderType: o.orderType ?? ("limit" as const),
      limitPrice: o.limitPrice === undefined ? 150 : o.limitPrice,
      stopPrice: o.stopPrice ?? null,
      timeInForce: "gtc" as const,
    };
    const at = new Date(Date.parse("2026-11-30T09:00:00.000Z") + (o.createdAt ?? 0) * 1000).toISOString();
    const { order } = await insertCardAndOrder(repo, db.pool, {
      userId,
      accountId,
      // Any combination a test asks for, as stored: the contract's narrowing is not under test here.
      spec: spec as OrderSpec,
      at,
      threadId: o.threadId === undefined ? "thread-of-order" : o.threadId,
      cardStatus: "submitted",
      cardText: "Buy AAPL",
      expiresAt: at,
      riskNotional: 1500,
    });
    const id = order.id;
    await db.pool.query(
      "update trade_orders set status = $2, broker_order_id = $3, filled_quantity = $4, created_at = $5 where id = $1",
      [
        id,
        o.status ?? "accepted",
        o.brokerOrderId === undefined ? `broker-${id}` : o.brokerOrderId,
        o.filledQuantity ?? 0,
        at,
      ],
    );
    return (await repo.getOrder(userId, id))!;
  };

  return {
    userId,
    account,
    broker,
    repo,
    cancellations,
    addOrder,
    /** The order's audit events, oldest first. */
    trail: (orderId: string) => audit.list(userId, { orderId }),
  };
}
