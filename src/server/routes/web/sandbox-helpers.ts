import type { ApiApp } from "../../api-app.js";
import type { ServerDeps } from "../../deps.js";
import { userIdOf } from "../portfolio/route-parts.js";

/** Headers a Supabase Auth call needs; everything else (cookies, hop-by-hop) stays behind. */
const FORWARDED_HEADERS = [
  "apikey",
  "authorization",
  "content-type",
  "x-client-info",
  "x-supabase-api-version",
];

/**
 * The embedded default's Supabase Auth is the broker sandbox on another loopback port, and it
 * sends no CORS headers (real Supabase does). So in sandbox mode the page signs in through
 * `/auth/v1` on its own origin, passed through unchanged to the sandbox. Never mounted live.
 */
export function registerSandboxAuthPassThrough(app: ApiApp, sandboxAuthUrl: string): void {
  app.all("/auth/v1/*", async (c) => {
    const incoming = new URL(c.req.url);
    const target = new URL(`${incoming.pathname}${incoming.search}`, sandboxAuthUrl);
    const headers = new Headers();
    for (const name of FORWARDED_HEADERS) {
      const value = c.req.header(name);
      if (value) headers.set(name, value);
    }
    const hasBody = c.req.method !== "GET" && c.req.method !== "HEAD";
    const upstream = await fetch(target, {
      method: c.req.method,
      headers,
      body: hasBody ? await c.req.arrayBuffer() : undefined,
    });
    return new Response(upstream.body, {
      status: upstream.status,
      headers: { "content-type": upstream.headers.get("content-type") ?? "application/json" },
    });
  });
}

/**
 * Plaid Link is a vendor widget the app cannot load (no external scripts). In sandbox mode the
 * app gets a public token the way Plaid's sandbox offers one, `/sandbox/public_token/create`,
 * and then links it through the ordinary `POST /api/plaid/exchange`.
 */
export function registerSandboxPlaidToken(app: ApiApp, deps: ServerDeps): void {
  const plaid = deps.config.plaid;
  if (!plaid?.baseUrl) return;
  const baseUrl = plaid.baseUrl;
  app.post("/api/sandbox/plaid-public-token", async (c) => {
    userIdOf(c);
    const response = await fetch(new URL("/sandbox/public_token/create", baseUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_id: plaid.clientId,
        secret: plaid.secret,
        institution_id: "ins_109508",
        initial_products: ["investments"],
      }),
    });
    const body = (await response.json().catch(() => ({}))) as { public_token?: unknown };
    if (!response.ok || typeof body.public_token !== "string") {
      return c.json(
        { error: { code: "sandbox_unavailable", message: "The Plaid sandbox gave no token." } },
        502,
      );
    }
    return c.json({ publicToken: body.public_token }, 201);
  });
}
