import { describe, expect, it } from "vitest";
import type { OrderRequest, OrderSpec } from "./contract/index.js";
import {
  readCancelSpec,
  readOrderSpec,
  readRequest,
  storeCancelSpec,
  storeOrderSpec,
  storeRequest,
} from "./stored-spec.js";

const limitSell: OrderSpec = {
  symbol: "AAPL",
  description: "Apple Inc.",
  side: "sell",
  quantity: 2,
  notional: null,
  orderType: "limit",
  limitPrice: 190.5,
  stopPrice: null,
  timeInForce: "gtc",
};
const marketDay = {
  orderType: "market",
  limitPrice: null,
  stopPrice: null,
  timeInForce: "day",
  description: "",
};

/** Every version of a stored card stays readable as what was approved. */
describe("stored specs", () => {
  it("an order spec is stored with its version and read back as it was", () => {
    const stored = storeOrderSpec(limitSell);
    expect(stored).toEqual({ schemaVersion: 1, kind: "order", order: limitSell });
    expect(readOrderSpec(JSON.parse(JSON.stringify(stored)))).toEqual(limitSell);
  });

  it("an order spec stored flat before versions is read too; anything else is refused", () => {
    expect(readOrderSpec({ ...limitSell })).toEqual(limitSell);
    expect(() => readOrderSpec({ schemaVersion: 1, kind: "order", order: { symbol: "AAPL" } })).toThrow();
    expect(() => readOrderSpec(null)).toThrow();
  });

  it("a cancel spec is stored with its version and read back with the order it cancels", () => {
    const spec = { orderId: "o-1", brokerOrderId: "b-1", order: limitSell };
    const stored = storeCancelSpec(spec);
    expect(stored).toEqual({ schemaVersion: 1, kind: "cancel", ...spec });
    expect(readCancelSpec(JSON.parse(JSON.stringify(stored)))).toEqual(spec);
  });

  it("a cancel spec from before versions keeps its size, as a market day order", () => {
    const v0 = { orderId: "o-2", brokerOrderId: null, symbol: "NVDA", side: "buy" };
    expect(readCancelSpec({ ...v0, quantity: 3, notional: null })).toEqual({
      orderId: "o-2",
      brokerOrderId: null,
      order: { symbol: "NVDA", side: "buy", quantity: 3, notional: null, ...marketDay },
    });
    expect(readCancelSpec({ ...v0, quantity: null, notional: 250 })).toEqual({
      orderId: "o-2",
      brokerOrderId: null,
      order: { symbol: "NVDA", side: "buy", quantity: null, notional: 250, ...marketDay },
    });
    expect(() => readCancelSpec({ orderId: "o-3" })).toThrow();
  });

  it("the request a card came from is stored with its version; a flat one is read; none or junk is null", () => {
    const request: OrderRequest = { symbol: "AAPL", side: "sell", fraction: 0.5, account: "Robinhood" };
    const stored = storeRequest(request);
    expect(stored).toEqual({ schemaVersion: 1, request });
    expect(readRequest(JSON.parse(JSON.stringify(stored)))).toEqual(request);
    expect(readRequest({ ...request })).toEqual(request);
    expect(readRequest(null)).toBeNull();
    expect(readRequest(undefined)).toBeNull();
    expect(readRequest({ schemaVersion: 1, request: { side: "hold" } })).toBeNull();
  });
});
