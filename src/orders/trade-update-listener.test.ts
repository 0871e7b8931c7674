import { describe, expect, it } from "vitest";
import type { Logger } from "../core/logger.js";
import type { OrdersEngine } from "./engine.js";
import { brokerOrderIdsOf, tradeUpdateListener } from "./trade-update-listener.js";

/** The engine as the listener sees it: the orders it was asked to follow; `failWith` makes following fail. */
function fakeEngine(failWith?: unknown) {
  const followed: Array<[string, string]> = [];
  const engine = {
    onBrokerOrderUpdate: async (provider: string, brokerOrderId: string) => {
      followed.push([provider, brokerOrderId]);
      if (failWith !== undefined) throw failWith;
    },
  } as unknown as OrdersEngine;
  return { engine, followed };
}

function recordingLogger() {
  const warnings: Array<{ fields: unknown; message: unknown }> = [];
  const logger = {
    warn: (fields: unknown, message: unknown) => warnings.push({ fields, message }),
  } as unknown as Logger;
  return { logger, warnings };
}

/** Lets the listener's deferred follow-ups (and their failures) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe("a SnapTrade TRADE_UPDATE", () => {
  it("names broker order ids of 1 to 199 characters, and nothing else", () => {
    const longest = "x".repeat(199);
    expect(
      brokerOrderIdsOf({
        orders: [
          { brokerage_order_id: "a" },
          { brokerage_order_id: "" },
          { brokerage_order_id: longest },
          { brokerage_order_id: "y".repeat(200) },
          { brokerage_order_id: 7 },
        ],
      }),
    ).toEqual(["a", longest]);
    expect(brokerOrderIdsOf({ orders: "abc" })).toEqual([]);
    expect(brokerOrderIdsOf(undefined)).toEqual([]);
  });

  it("a null among the orders is skipped, not a failure of the whole webhook", () => {
    expect(brokerOrderIdsOf({ orders: [null, 3, { brokerage_order_id: "b-1" }] })).toEqual(["b-1"]);
  });

  it("has the engine re-read each named order from SnapTrade, after the webhook's own work", async () => {
    const { engine, followed } = fakeEngine();
    const { logger } = recordingLogger();
    await tradeUpdateListener(
      engine,
      logger,
    )({
      details: { orders: [{ brokerage_order_id: "b-1" }, { brokerage_order_id: "b-2" }] },
    });
    // Deferred: nothing is read inside the webhook's transaction.
    expect(followed).toEqual([]);
    await settle();
    expect(followed).toEqual([
      ["snaptrade", "b-1"],
      ["snaptrade", "b-2"],
    ]);
  });

  it("a follow-up that fails is logged with its order (polling catches it) and does not stop the others", async () => {
    const failure = new Error("snaptrade is down");
    const { engine, followed } = fakeEngine(failure);
    const { logger, warnings } = recordingLogger();
    await tradeUpdateListener(
      engine,
      logger,
    )({
      details: { orders: [{ brokerage_order_id: "b-1" }, { brokerage_order_id: "b-2" }] },
    });
    await settle();
    expect(followed.map(([, id]) => id)).toEqual(["b-1", "b-2"]);
    expect(warnings).toEqual([
      {
        fields: { err: failure, brokerOrderId: "b-1" },
        message: "could not follow a trade update; polling will",
      },
      {
        fields: { err: failure, brokerOrderId: "b-2" },
        message: "could not follow a trade update; polling will",
      },
    ]);
  });
});
