import { createServer } from "node:net";
import { FetchError } from "@alpacahq/alpaca-trade-api/rest";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.js";
import { OutcomeUnknown } from "../errors.js";
import { createAlpacaClient } from "./client.js";
import { DuplicateClientOrderId, translateAlpacaError } from "./errors.js";

/** A loopback port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("translateAlpacaError", () => {
  it("a timed-out order send may have landed; a refused connection cannot have", () => {
    const timedOut = new FetchError(new DOMException("Request timed out", "TimeoutError"), "aborted");
    expect(translateAlpacaError(timedOut, "order_send", {})).toBeInstanceOf(OutcomeUnknown);
    const refused = new FetchError(
      Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }),
    );
    expect(translateAlpacaError(refused, "order_send", {})).toMatchObject({ name: "BrokerUnavailable" });
  });

  it("leaves errors that are not the SDK's alone", () => {
    expect(translateAlpacaError(new TypeError("bug"), "read", {})).toBeNull();
  });

  it("an unreachable Alpaca is BrokerUnavailable even for an order: nothing was sent", async () => {
    const closed = `http://127.0.0.1:${await closedPort()}`;
    const client = createAlpacaClient(
      { tradingBaseUrl: closed, dataBaseUrl: closed },
      {
        timeoutMs: 500,
        orderTimeoutMs: 500,
        readRetry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
        cacheSize: 2,
      },
      createLogger({ level: "silent" }),
      () => new Date(),
    );
    const session = client.session({ keyId: "PKTEST00", secret: "SKTEST00", paper: true });
    const send = session.placeOrder(
      {
        accountId: "alpaca_x",
        symbol: "AAPL",
        side: "buy",
        quantity: 1,
        notional: null,
        orderType: "market",
        limitPrice: null,
        stopPrice: null,
        timeInForce: "day",
        clientOrderId: "c1",
      },
      null,
    );
    await expect(send).rejects.toMatchObject({ name: "BrokerUnavailable" });
  });

  it("a duplicate client order id that escapes still reads as an unknown outcome", () => {
    expect(new DuplicateClientOrderId()).toBeInstanceOf(OutcomeUnknown);
  });
});
