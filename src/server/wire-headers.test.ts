import type { AddressInfo } from "node:net";
import { gunzipSync, inflateSync } from "node:zlib";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../core/config.js";
import type { Database } from "../core/db/database.js";
import { UnauthorizedError } from "../core/errors.js";
import { createLogger } from "../core/logger.js";
import { createApp } from "./app.js";
import type { ServerDeps } from "./deps.js";

const deps: ServerDeps = {
  config: loadConfig({}),
  logger: createLogger({ level: "silent" }),
  db: {} as Database,
  verifier: {
    verify: async (token) => {
      if (token !== "good") throw new UnauthorizedError();
      return { id: "user-1", email: undefined };
    },
  },
  runtime: { brokers: "sandbox", model: "offline" },
};

const rows = Array.from({ length: 200 }, (_, i) => ({ symbol: `SYM${i}`, quantity: i, price: 100 + i }));
const app = createApp(deps, {
  publicApiPaths: ["/api/public"],
  routes: [
    (api) => {
      api.get("/api/positions", (c) => c.json({ rows }));
      api.get("/api/public", (c) => c.json({ ok: true }));
      api.get("/api/cached", (c) => {
        c.header("cache-control", "private, max-age=5");
        return c.json({ ok: true });
      });
      api.get("/api/untransformed", (c) => {
        c.header("cache-control", "no-transform");
        return c.json({ rows });
      });
      api.get("/api/events", (c) => {
        c.header("content-type", "text/event-stream");
        return c.body("event: tick\ndata: {}\n\n".repeat(200));
      });
    },
  ],
});
const bearer = { authorization: "Bearer good" };

describe("private API answers are never cached", () => {
  it("marks a signed-in answer, a 401 and a 404 under /api no-store", async () => {
    expect((await app.request("/api/positions", { headers: bearer })).headers.get("cache-control")).toBe(
      "no-store",
    );
    expect((await app.request("/api/positions")).headers.get("cache-control")).toBe("no-store");
    const missing = await app.request("/api/nothing-here", { headers: bearer });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("cache-control")).toBe("no-store");
    expect((await app.request("/api/public")).headers.get("cache-control")).toBe("no-store");
  });

  it("keeps a route's own Cache-Control and leaves non-API paths alone", async () => {
    expect((await app.request("/api/cached", { headers: bearer })).headers.get("cache-control")).toBe(
      "private, max-age=5",
    );
    expect((await app.request("/health")).headers.get("cache-control")).toBeNull();
  });
});

describe("compression", () => {
  it("gzips a large JSON answer when the client accepts it, and says so", async () => {
    const response = await app.request("/api/positions", {
      headers: { ...bearer, "accept-encoding": "gzip, deflate, br" },
    });
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect(response.headers.get("vary")).toContain("Accept-Encoding");
    const packed = new Uint8Array(await response.arrayBuffer());
    const plain = JSON.stringify({ rows });
    expect(packed.length).toBeLessThan(plain.length / 3);
    expect(JSON.parse(gunzipSync(packed).toString("utf8"))).toEqual({ rows });
  });

  it("sends a JSON answer under 1 KiB as it is, with its length", async () => {
    const small = await app.request("/api/public", { headers: { "accept-encoding": "gzip, deflate" } });
    expect(small.headers.get("content-encoding")).toBeNull();
    const body = JSON.stringify({ ok: true });
    expect(small.headers.get("content-length")).toBe(String(body.length));
    expect(await small.text()).toBe(body);
  });

  it("states the compressed length and follows the client's preferences", async () => {
    const packed = await app.request("/api/positions", { headers: { ...bearer, "accept-encoding": "gzip" } });
    const bytes = new Uint8Array(await packed.arrayBuffer());
    expect(packed.headers.get("content-length")).toBe(String(bytes.length));
    const deflated = await app.request("/api/positions", {
      headers: { ...bearer, "accept-encoding": "gzip;q=0, deflate" },
    });
    expect(deflated.headers.get("content-encoding")).toBe("deflate");
    expect(JSON.parse(inflateSync(new Uint8Array(await deflated.arrayBuffer())).toString("utf8"))).toEqual({
      rows,
    });
    const refused = await app.request("/api/positions", {
      headers: { ...bearer, "accept-encoding": "gzip;q=0, identity" },
    });
    expect(refused.headers.get("content-encoding")).toBeNull();
    expect(await refused.json()).toEqual({ rows });
    const untransformed = await app.request("/api/untransformed", {
      headers: { ...bearer, "accept-encoding": "gzip" },
    });
    expect(untransformed.headers.get("content-encoding")).toBeNull();
    expect(await untransformed.json()).toEqual({ rows });
  });

  it("sends plain bytes without Accept-Encoding and never compresses an event stream", async () => {
    const plain = await app.request("/api/positions", { headers: bearer });
    expect(plain.headers.get("content-encoding")).toBeNull();
    const stream = await app.request("/api/events", { headers: { ...bearer, "accept-encoding": "gzip" } });
    expect(stream.headers.get("content-encoding")).toBeNull();
    expect(await stream.text()).toContain("event: tick");
  });
});

describe("compression behind @hono/node-server, as the service runs", () => {
  const fetchResponse = globalThis.Response;
  let server: ReturnType<typeof serve>;
  let baseUrl: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
        baseUrl = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    vi.restoreAllMocks();
  });

  it("takes a JSON answer's text as it was made, never reading it back through a Fetch Response", async () => {
    const readBack = vi.spyOn(fetchResponse.prototype, "arrayBuffer");
    const gzipped = await fetch(`${baseUrl}/api/positions`, {
      headers: { ...bearer, "accept-encoding": "gzip" },
    });
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    expect(await gzipped.json()).toEqual({ rows });
    const small = await fetch(`${baseUrl}/api/public`, { headers: { "accept-encoding": "gzip" } });
    expect(small.headers.get("content-encoding")).toBeNull();
    expect(small.headers.get("content-length")).toBe(String(JSON.stringify({ ok: true }).length));
    expect(await small.json()).toEqual({ ok: true });
    // The client's own reads are the fetch calls above; the server made no Fetch Response to read.
    expect(readBack).not.toHaveBeenCalled();
  });
});
