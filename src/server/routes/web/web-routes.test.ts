import type { AddressInfo } from "node:net";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../core/config.js";
import type { Database } from "../../../core/db/database.js";
import { UnauthorizedError } from "../../../core/errors.js";
import { createLogger } from "../../../core/logger.js";
import { createApp } from "../../app.js";
import type { ServerDeps } from "../../deps.js";
import { type AppConfig, type WebRouteOptions, webRoutes } from "./index.js";

const demo = { email: "demo@example.com", password: "demo-password-123" };

function buildApp(
  brokers: "sandbox" | "live",
  options: Partial<WebRouteOptions> = {},
  plaidBaseUrl?: string,
) {
  const config = loadConfig({});
  const deps: ServerDeps = {
    // As the embedded sandbox configures it: Plaid pointed at the sandbox with its credentials.
    config: plaidBaseUrl
      ? { ...config, plaid: { clientId: "plaid-id", secret: "plaid-secret", baseUrl: plaidBaseUrl } }
      : config,
    logger: createLogger({ level: "silent" }),
    db: {} as Database,
    verifier: {
      verify: async (token) => {
        if (token !== "good") throw new UnauthorizedError();
        return { id: "user-1", email: undefined };
      },
    },
    runtime: { brokers, model: "offline" },
  };
  const routes = webRoutes({
    supabaseUrl: "https://project.supabase.co",
    supabaseAnonKey: "anon-key",
    ...options,
  });
  return createApp(deps, { routes: [routes] });
}

describe("web routes", () => {
  const app = buildApp("live");

  it("serves the page with hashed assets and no inline script", async () => {
    const response = await app.request("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toMatch(/<script type="module" src="\/assets\/main-[A-Z0-9]+\.js"><\/script>/);
    // The stylesheet is inlined (one render-blocking request fewer on a slow network).
    expect(html).toMatch(/<style>[^<]*\.sr-only[^<]*<\/style>/);
    expect(html).not.toMatch(/<link rel="stylesheet"/);
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]+<\/script>/);
    // Nothing loaded from another origin (no CDN, no web fonts).
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it("serves the bundle with long caching and answers 404 for anything else", async () => {
    const html = await (await app.request("/")).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const js = await app.request(script);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toContain("text/javascript");
    expect(js.headers.get("cache-control")).toContain("immutable");
    const code = await js.text();
    // Small (no full auth client in it); nothing fetched from elsewhere at run time.
    expect(code.length).toBeLessThan(100_000);
    expect(code).not.toMatch(/https:\/\/(cdn|unpkg|fonts)\./);
    expect((await app.request("/assets/main-NOPE.js")).status).toBe(404);
  });

  it("serves the bundle precompressed (brotli, else gzip) and plain to a client that asks for neither", async () => {
    const html = await (await app.request("/")).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const plain = new Uint8Array(await (await app.request(script)).arrayBuffer());
    const br = await app.request(script, { headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("vary")?.toLowerCase()).toContain("accept-encoding");
    const brBytes = new Uint8Array(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(plain.length / 2.5);
    expect(new Uint8Array(brotliDecompressSync(brBytes))).toEqual(plain);
    const gz = await app.request(script, { headers: { "accept-encoding": "gzip;q=1, br;q=0" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(new Uint8Array(gunzipSync(new Uint8Array(await gz.arrayBuffer())))).toEqual(plain);
    expect((await app.request(script)).headers.get("content-encoding")).toBeNull();
  });

  it("publishes the Supabase settings, with demo credentials only when given", async () => {
    const plain = (await (await app.request("/app-config.json")).json()) as AppConfig;
    expect(plain).toEqual({
      supabaseUrl: "https://project.supabase.co",
      supabaseAnonKey: "anon-key",
      sandbox: false,
    });

    const withDemo = buildApp("live", { demoCredentials: demo });
    const config = (await (await withDemo.request("/app-config.json")).json()) as AppConfig;
    expect(config.demoCredentials).toEqual(demo);
  });

  it("puts the same settings in the page, escaped, so the app starts without another request", async () => {
    const withDemo = buildApp("live", { demoCredentials: { email: 'a"<b>@example.com', password: "p&q" } });
    const html = await (await withDemo.request("/")).text();
    const meta = /<meta name="app-config" content="([^"]*)">/.exec(html)![1]!;
    expect(meta).not.toMatch(/[<>]/);
    const unescaped = meta
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
    expect(JSON.parse(unescaped)).toEqual(await (await withDemo.request("/app-config.json")).json());
  });

  it("mounts no sandbox helpers outside sandbox mode", async () => {
    expect((await app.request("/auth/v1/token?grant_type=password", { method: "POST" })).status).toBe(404);
    const helper = await app.request("/api/sandbox/plaid-public-token", {
      method: "POST",
      headers: { authorization: "Bearer good" },
    });
    expect(helper.status).toBe(404);
  });

  it("answers 500 when the app does not build, and tries again on the next request", async () => {
    const broken = buildApp("live", { entry: "/nonexistent/main.tsx" });
    expect((await broken.request("/")).status).toBe(500);
    expect((await broken.request("/")).status).toBe(500);
  });
});

describe("web routes on the broker sandbox", () => {
  let upstream: ReturnType<typeof serve>;
  let upstreamUrl: string;
  const seen: Array<{ path: string; apikey: string | undefined; body: string }> = [];

  beforeAll(async () => {
    // Stands in for the sandbox's Supabase Auth and Plaid endpoints.
    const fake = new Hono();
    fake.post("/auth/v1/token", async (c) => {
      seen.push({ path: c.req.url, apikey: c.req.header("apikey"), body: await c.req.text() });
      return c.json({ access_token: "token-1" });
    });
    fake.post("/sandbox/public_token/create", async (c) => {
      const body = await c.req.json<{ client_id: string; initial_products: string[] }>();
      return c.json({ public_token: `public-sandbox-for-${body.client_id}-${body.initial_products.join()}` });
    });
    await new Promise<void>((resolve) => {
      upstream = serve({ fetch: fake.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
        upstreamUrl = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  });

  afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

  const sandboxApp = () =>
    buildApp("sandbox", { supabaseUrl: upstreamUrl, demoCredentials: demo }, upstreamUrl);

  it("points the page at its own origin for auth, which passes through to the sandbox", async () => {
    const app = sandboxApp();
    const config = (await (await app.request("http://localhost:3000/app-config.json")).json()) as AppConfig;
    expect(config).toMatchObject({
      supabaseUrl: "http://localhost:3000",
      sandbox: true,
      demoCredentials: demo,
    });

    const response = await app.request("/auth/v1/token?grant_type=password", {
      method: "POST",
      headers: { apikey: "anon-key", "content-type": "application/json", cookie: "secret=1" },
      body: JSON.stringify({ email: demo.email, password: demo.password }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ access_token: "token-1" });
    expect(seen.at(-1)).toMatchObject({
      apikey: "anon-key",
      body: JSON.stringify({ email: demo.email, password: demo.password }),
    });
    expect(seen.at(-1)!.path).toContain("grant_type=password");
  });

  it("hands a signed-in user a Plaid sandbox public token", async () => {
    const app = sandboxApp();
    expect((await app.request("/api/sandbox/plaid-public-token", { method: "POST" })).status).toBe(401);
    const response = await app.request("/api/sandbox/plaid-public-token", {
      method: "POST",
      headers: { authorization: "Bearer good" },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ publicToken: "public-sandbox-for-plaid-id-investments" });
  });
});
