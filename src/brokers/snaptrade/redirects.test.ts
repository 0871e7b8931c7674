import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger, testCalls } from "../../../test/helpers/brokers/broker-sandbox.js";
import { createSnaptradeClient } from "./client.js";

/**
 * A SnapTrade host that answers every call with a redirect elsewhere (a misconfigured proxy, a
 * hijacked DNS name): 307 keeps the method and the body, so following it would send the same
 * request, an order included, to wherever it points.
 */
let server: Server;
let base: string;
const followed: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith("/elsewhere")) {
      followed.push(`${req.method} ${req.url}`);
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ userId: "u", userSecret: "s" }));
      return;
    }
    res.writeHead(307, { location: `${base}/elsewhere${req.url}` }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("SnapTrade calls and redirects", () => {
  it("a redirect is an answer, never a hop: nothing reaches the place it points to", async () => {
    const snaptrade = createSnaptradeClient(
      { clientId: "client", consumerKey: "key", baseUrl: `${base}/snaptrade` },
      testCalls(),
      silentLogger,
      () => new Date(),
    );
    await expect(snaptrade.registerUser("redirected-user")).rejects.toThrow();
    expect(followed).toEqual([]);
  });
});
