import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger, testCalls } from "../../../test/helpers/brokers/broker-sandbox.js";
import { createPlaidClient } from "./client.js";

/** A listener on a free loopback port; `handle` answers each request. */
async function listen(
  handle: (url: string, headers: IncomingHttpHeaders, res: import("node:http").ServerResponse) => void,
) {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => handle(req.url ?? "", req.headers, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * A Plaid host that redirects every call to another host (a misconfigured proxy, a hijacked DNS
 * name): 307 keeps the method, the body (the access token) and, across hosts, the custom
 * PLAID-SECRET header, so following it would hand the secret to whoever is there.
 */
let plaidHost: Awaited<ReturnType<typeof listen>>;
let elsewhere: Awaited<ReturnType<typeof listen>>;
const reachedElsewhere: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  elsewhere = await listen((_url, headers, res) => {
    reachedElsewhere.push(headers);
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ access_token: "access-elsewhere", item_id: "item-elsewhere", request_id: "r" }));
  });
  plaidHost = await listen((url, _headers, res) =>
    res.writeHead(307, { location: `${elsewhere.url}${url}` }).end(),
  );
});

afterAll(async () => {
  for (const { server } of [plaidHost, elsewhere])
    await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("Plaid calls and redirects", () => {
  it("a redirect is an answer, never a hop: the secret and the token go nowhere else", async () => {
    const plaid = createPlaidClient(
      { clientId: "client", secret: "plaid-secret", baseUrl: plaidHost.url },
      testCalls(),
      silentLogger,
      () => new Date(),
    );
    await expect(plaid.exchangePublicToken("public-sandbox-token")).rejects.toThrow();
    expect(reachedElsewhere).toEqual([]);
  });
});
