import http from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../../test/helpers/app.js";
import { openTestPglite, type TestDatabase } from "../../test/helpers/databases.js";
import { UnauthorizedError } from "../core/errors.js";
import type { AuthUser } from "./auth/token-verifier.js";

/** Whether @hono/node-server has turned its light request into a whole Fetch Request (its cache). */
const madeFetchRequest = (raw: Request) =>
  Object.getOwnPropertySymbols(raw).some(
    (symbol) => symbol.description === "requestCache" && (raw as unknown as Record<symbol, unknown>)[symbol],
  );

const goodUser: AuthUser = { id: "00000000-0000-4000-8000-000000000001", email: "a@example.com" };

describe("HTTP server basics", () => {
  let db: TestDatabase;
  let harness: ReturnType<typeof buildTestApp>;
  let baseUrl: string;
  let server: ReturnType<typeof serve>;
  let handlerCalls = 0;
  let fetchRequestMade: boolean | undefined;

  beforeAll(async () => {
    db = await openTestPglite();
    harness = buildTestApp({
      db,
      verifier: {
        verify: async (token) => {
          if (token !== "good-token") throw new UnauthorizedError("The access token is invalid.");
          return goodUser;
        },
      },
      app: {
        bodyLimitBytes: 1024,
        routes: [
          (app) => {
            app.get("/api/whoami", (c) => c.json({ id: c.get("user")?.id }));
            app.post("/api/echo", async (c) => {
              handlerCalls += 1;
              fetchRequestMade = madeFetchRequest(c.req.raw);
              const body = await c.req.json();
              return c.json({ size: JSON.stringify(body).length });
            });
          },
        ],
      },
    });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: harness.app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
        baseUrl = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await db.close();
  });

  it("GET /health reports the database and the runtime", async () => {
    const res = await fetch(`${baseUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok", brokers: "sandbox", model: "offline" });
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
  });

  it("answers unknown routes with the JSON error shape", async () => {
    const res = await fetch(`${baseUrl}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "No such route." } });
  });

  it("answers a method a route does not take with 405 and Allow, TRACE included", async () => {
    const deleted = await fetch(`${baseUrl}/health`, { method: "DELETE" });
    expect(deleted.status).toBe(405);
    expect(deleted.headers.get("allow")).toBe("GET, HEAD");
    expect((await deleted.json()).error.code).toBe("method_not_allowed");
    // fetch refuses to send TRACE; a raw request does, as any client on the network can.
    const trace = await new Promise<{ status: number; allow: string | undefined }>((resolve, reject) => {
      const req = http.request(`${baseUrl}/health`, { method: "TRACE" }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, allow: res.headers.allow });
      });
      req.on("error", reject);
      req.end();
    });
    expect(trace).toEqual({ status: 405, allow: "GET, HEAD" });
    const put = await fetch(`${baseUrl}/api/echo`, {
      method: "PUT",
      headers: { authorization: "Bearer good-token" },
    });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("POST");
    expect((await fetch(`${baseUrl}/nope`, { method: "DELETE" })).status).toBe(404);
  });

  it("requires a bearer token on /api and maps the typed error to 401", async () => {
    const missing = await fetch(`${baseUrl}/api/whoami`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      error: { code: "unauthorized", message: "A valid access token is required." },
    });
    const bad = await fetch(`${baseUrl}/api/whoami`, { headers: { authorization: "Bearer nope" } });
    expect(bad.status).toBe(401);
    const basic = await fetch(`${baseUrl}/api/whoami`, { headers: { authorization: "Basic good-token" } });
    expect(basic.status).toBe(401);
    const good = await fetch(`${baseUrl}/api/whoami`, { headers: { authorization: "Bearer good-token" } });
    expect(await good.json()).toEqual({ id: goodUser.id });
  });

  it("refuses a body over the limit with 413 before the handler runs", async () => {
    handlerCalls = 0;
    const res = await fetch(`${baseUrl}/api/echo`, {
      method: "POST",
      headers: { authorization: "Bearer good-token", "content-type": "application/json" },
      body: JSON.stringify({ blob: "x".repeat(5000) }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
    expect(handlerCalls).toBe(0);
  });

  it("a body that states its length within the limit is read straight off the socket, not through a Fetch Request", async () => {
    fetchRequestMade = undefined;
    const res = await fetch(`${baseUrl}/api/echo`, {
      method: "POST",
      headers: { authorization: "Bearer good-token", "content-type": "application/json" },
      body: JSON.stringify({ blob: "x".repeat(900) }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ size: 911 });
    expect(fetchRequestMade).toBe(false);
  });

  it("refuses a chunked body (no Content-Length) over the limit with 413", async () => {
    handlerCalls = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${baseUrl}/api/echo`, {
        method: "POST",
        headers: { authorization: "Bearer good-token", "content-type": "application/json" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write(`{"blob":"${"y".repeat(800)}`);
      req.write(`${"y".repeat(800)}"}`);
      req.end();
    });
    expect(status).toBe(413);
    expect(handlerCalls).toBe(0);
  });

  it("accepts a chunked body under the limit", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${baseUrl}/api/echo`, {
        method: "POST",
        headers: { authorization: "Bearer good-token", "content-type": "application/json" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write('{"a":');
      req.end('"small"}');
    });
    expect(status).toBe(200);
  });

  it("keeps tokens and secrets out of the logs", async () => {
    harness.logs.lines.length = 0;
    await fetch(`${baseUrl}/api/echo`, {
      method: "POST",
      headers: {
        authorization: "Bearer good-token",
        "content-type": "application/json",
        signature: "sig-should-not-appear",
      },
      body: JSON.stringify({ userSecret: "user-secret-should-not-appear" }),
    });
    harness.deps.logger.info(
      { userSecret: "user-secret-should-not-appear", nested: { access_token: "tok-should-not-appear" } },
      "broker call",
    );
    const text = harness.logs.text();
    expect(text).toContain('"path":"/api/echo"');
    for (const secret of [
      "good-token",
      "sig-should-not-appear",
      "user-secret-should-not-appear",
      "tok-should-not-appear",
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it("documents the API at /openapi.json and renders /docs from local assets", async () => {
    const spec = await (await fetch(`${baseUrl}/openapi.json`)).json();
    expect(spec.paths["/health"].get.responses["200"]).toBeDefined();
    expect(spec.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    const page = await (await fetch(`${baseUrl}/docs`)).text();
    expect(page).toContain("/docs/assets/swagger-ui-bundle.js");
    expect(page).not.toMatch(/https?:\/\//);
    const bundle = await fetch(`${baseUrl}/docs/assets/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});
