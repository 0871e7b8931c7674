import { type Context, Hono } from "hono";
import { html } from "hono/html";
import type { SandboxContext, SandboxEnv } from "../runtime/context.js";
import type { PortalSession } from "../world/types.js";
import { completePortal, DEFAULT_DEMO_BROKERAGE, portalSessionState } from "./portal-flow.js";

function page(title: string, body: ReturnType<typeof html>) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${title}</title>
        <link rel="icon" href="data:," />
        <style>
          body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; color: #1f2937; }
          button { font-size: 1rem; padding: 0.6rem 1.4rem; border-radius: 0.4rem; border: 0; background: #2563eb; color: white; cursor: pointer; }
          li { margin: 0.2rem 0; }
        </style>
      </head>
      <body>
        ${body}
      </body>
    </html>`;
}

/**
 * The sandbox connection portal (what `redirectURI` points at). GET shows a page with a
 * Connect button; POST, or GET with `?autoconnect=1`, completes the flow without a browser,
 * then 302-redirects to `customRedirect` (with `status` and `connection_id` added).
 */
export function snaptradePortalRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { world } = ctx;

  const complete = (session: PortalSession, origin: string) => {
    const outcome = completePortal(world, session);
    if (outcome.kind === "invalid") return { ok: false as const, reason: outcome.reason };
    const connectionId =
      outcome.kind === "fixed" ? outcome.connection.id : (outcome.connections[0]?.id ?? "");
    const target = new URL(session.customRedirect ?? `${origin}/snaptrade/portal/${session.id}/done`);
    target.searchParams.set("status", "SUCCESS");
    target.searchParams.set("connection_id", connectionId);
    return { ok: true as const, location: target.toString() };
  };

  type Answer =
    | { kind: "page"; status: 200 | 400 | 404 | 410; body: ReturnType<typeof page> }
    | { kind: "redirect"; location: string };

  const handle = (sessionId: string, submit: boolean, origin: string): Answer => {
    const session = world.portalSessions.get(sessionId);
    if (!session)
      return { kind: "page", status: 404, body: page("Not found", html`<h1>Unknown portal link</h1>`) };
    const state = portalSessionState(world, session);
    if (state !== "open") {
      const what = state === "used" ? "been used" : "expired";
      return {
        kind: "page",
        status: 410,
        body: page("Link expired", html`<h1>This connection link has ${what}</h1>`),
      };
    }
    if (submit) {
      const result = complete(session, origin);
      if (!result.ok)
        return { kind: "page", status: 400, body: page("Error", html`<h1>${result.reason}</h1>`) };
      return { kind: "redirect", location: result.location };
    }
    const pending = world.connectionsOf(session.userId).filter((c) => !c.attached);
    const names = session.reconnect
      ? [world.connections.get(session.reconnect)?.brokerage.name ?? "your brokerage"]
      : pending.length > 0
        ? pending.map((c) => c.brokerage.name)
        : [session.broker ?? DEFAULT_DEMO_BROKERAGE];
    const verb = session.reconnect ? "Reconnect" : "Connect";
    const body = html`<h1>SnapTrade sandbox</h1>
      <p>${verb} (${session.connectionType}) to:</p>
      <ul>
        ${names.map((n) => html`<li>${n}</li>`)}
      </ul>
      <form method="post"><button type="submit">${verb}</button></form>`;
    return { kind: "page", status: 200, body: page("Connect your brokerage", body) };
  };

  const respond = (c: Context<SandboxEnv>, submit: boolean) => {
    const answer = handle(c.req.param("sessionId") ?? "", submit, new URL(c.req.url).origin);
    return answer.kind === "redirect" ? c.redirect(answer.location, 302) : c.html(answer.body, answer.status);
  };

  app.get("/:sessionId", (c) => respond(c, c.req.query("autoconnect") === "1"));
  app.post("/:sessionId", (c) => respond(c, true));
  app.get("/:sessionId/done", (c) =>
    c.html(page("Connected", html`<h1>Connected</h1><p>You can close this window.</p>`)),
  );
  return app;
}
