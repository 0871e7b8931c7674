import { randomBytes, randomUUID } from "node:crypto";
import type { BrokerOrder, BrokerOrderStatus, OrderRequest } from "../../brokers/model.js";
import { loadConfig } from "../../core/config.js";
import type { Database } from "../../core/db/database.js";
import type { Logger } from "../../core/logger.js";
import { createKeyring } from "../../core/secrets/keyring.js";
import type { PortfolioService } from "../../portfolio/service.js";
import { OrdersEngine } from "../engine.js";
import type { ReconcilerOptions } from "../reconciler.js";
import { recordsIn } from "./repository.js";

/**
 * One broker as the engine reaches it through the portfolio layer: it answers a placed order with
 * `placeAnswer`, and reports each order as `orders` holds it now (a test changes it to make the
 * broker fill or cancel it later). `failures` makes a call throw.
 */
export interface FakeBroker {
  placeAnswer: BrokerOrderStatus;
  orders: Map<string, BrokerOrder>;
  placed: OrderRequest[];
  failures: Partial<Record<"placeOrder" | "getOrder" | "cancelOrder", unknown>>;
}

export function fakeBroker(fields: Partial<FakeBroker> = {}): FakeBroker {
  return { placeAnswer: "filled", orders: new Map(), placed: [], failures: {}, ...fields };
}

/** What the broker reports for `request`, placed as `brokerOrderId`. */
export function brokerOrderOf(
  request: Pick<OrderRequest, "accountId" | "symbol" | "side" | "quantity" | "notional" | "orderType">,
  brokerOrderId: string,
  status: BrokerOrderStatus,
  fill: { filledQuantity: number; filledAvgPrice: number | null } = {
    filledQuantity: 0,
    filledAvgPrice: null,
  },
): BrokerOrder {
  return {
    brokerOrderId,
    clientOrderId: null,
    accountId: request.accountId,
    symbol: request.symbol,
    side: request.side,
    quantity: request.quantity,
    notional: request.notional,
    orderType: request.orderType,
    limitPrice: null,
    stopPrice: null,
    timeInForce: "day",
    status,
    ...fill,
    submittedAt: "2026-11-30T10:00:00.000Z",
    updatedAt: "2026-11-30T10:00:00.000Z",
    statusReason: null,
  };
}

function portfolioOf(broker: FakeBroker): PortfolioService {
  const fail = (call: keyof FakeBroker["failures"]) => {
    if (broker.failures[call] !== undefined) throw broker.failures[call];
  };
  const known = (brokerOrderId: string) => {
    const order = broker.orders.get(brokerOrderId);
    if (!order) throw new Error(`no broker order ${brokerOrderId}`);
    return order;
  };
  const session = {
    provider: "alpaca",
    async placeOrder(request: OrderRequest) {
      fail("placeOrder");
      broker.placed.push(request);
      const placed = brokerOrderOf(
        request,
        `broker-${randomUUID()}`,
        broker.placeAnswer,
        broker.placeAnswer === "filled"
          ? { filledQuantity: request.quantity ?? 0, filledAvgPrice: 100 }
          : undefined,
      );
      broker.orders.set(placed.brokerOrderId, placed);
      return placed;
    },
    async getOrder(_accountId: string, brokerOrderId: string) {
      fail("getOrder");
      return known(brokerOrderId);
    },
    async cancelOrder(_accountId: string, brokerOrderId: string) {
      fail("cancelOrder");
      const cancelled = { ...known(brokerOrderId), status: "cancelled" as const };
      broker.orders.set(brokerOrderId, cancelled);
      return cancelled;
    },
  };
  return {
    tradingSession: async () => session,
    refreshAccount: async () => {},
  } as unknown as PortfolioService;
}

export const silentLogger = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Logger;

/**
 * The orders engine over a migrated test database and a fake broker, with a keyring of its own;
 * `records` stores cards and orders in that database, hashed with the key the engine derives from
 * that keyring (as another process with the same master key would).
 */
export function engineFor(
  db: Database,
  broker: FakeBroker = fakeBroker(),
  options: { logger?: Logger; reconciler?: ReconcilerOptions } = {},
) {
  const keyring = createKeyring(randomBytes(32));
  const engine = new OrdersEngine({
    config: loadConfig({ LOG_LEVEL: "silent" }),
    logger: options.logger ?? silentLogger,
    db,
    keyring,
    portfolio: portfolioOf(broker),
    reconciler: options.reconciler,
  });
  return { engine, broker, records: recordsIn(db, keyring.derive("proposal-hash")) };
}
