import type { Context } from "hono";
import type { RouteModule } from "../../app.js";
import { preferredEncoding } from "./encoding.js";
import { renderIndexHtml } from "./index-html.js";
import { registerSandboxAuthPassThrough, registerSandboxPlaidToken } from "./sandbox-helpers.js";
import { lazyWebBundle, type WebBundle } from "./web-bundle.js";

export interface WebRouteOptions {
  supabaseUrl: string;
  supabaseAnonKey: string;
  /** Embedded default only: shown on the sign-in page. */
  demoCredentials?: { email: string; password: string } | undefined;
  /** Another app entry (tests); default web/src/main.tsx. */
  entry?: string;
}

/** What the page reads before it starts (public: the anon key is meant for browsers). */
export interface AppConfig {
  supabaseUrl: string;
  supabaseAnonKey: string;
  /** True on the broker sandbox: the app offers the sandbox-only linking helpers. */
  sandbox: boolean;
  demoCredentials?: { email: string; password: string };
}

const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * The browser app: `/` (the page, with the stylesheet and the app configuration inlined),
 * `/assets/*` (bundled on first request, kept in memory) and `/app-config.json`. In sandbox mode also the sandbox helpers (see sandbox-helpers.ts).
 */
export function webRoutes(options: WebRouteOptions): RouteModule {
  const bundle = lazyWebBundle(options.entry);
  return (app, deps) => {
    const sandbox = deps.runtime.brokers === "sandbox";

    const withBundle = async (c: Context, answer: (built: WebBundle) => Response) => {
      try {
        return answer(await bundle());
      } catch (error) {
        deps.logger.error({ err: error }, "the web app failed to build");
        return c.text("The web app failed to build; see the server log.", 500);
      }
    };

    const appConfig = (c: Context): AppConfig => ({
      // The sandbox's auth has no CORS: the page reaches it through this origin instead.
      supabaseUrl: sandbox ? new URL(c.req.url).origin : options.supabaseUrl,
      supabaseAnonKey: options.supabaseAnonKey,
      sandbox,
      ...(options.demoCredentials ? { demoCredentials: options.demoCredentials } : {}),
    });

    app.get("/", (c) =>
      withBundle(c, (built) => {
        c.header("cache-control", "no-cache");
        return c.html(renderIndexHtml(built, appConfig(c)));
      }),
    );

    app.get("/assets/:name", (c) =>
      withBundle(c, (built) => {
        const asset = built.assets.get(c.req.param("name"));
        if (!asset) return c.json({ error: { code: "not_found", message: "No such asset." } }, 404);
        c.header("content-type", asset.contentType);
        c.header("cache-control", IMMUTABLE);
        c.header("vary", "accept-encoding");
        const encoding = preferredEncoding(c.req.header("accept-encoding"));
        if (!encoding) return c.body(asset.contents as Uint8Array<ArrayBuffer>);
        c.header("content-encoding", encoding);
        return c.body(asset.encoded[encoding] as Uint8Array<ArrayBuffer>);
      }),
    );

    app.get("/app-config.json", (c) => {
      c.header("cache-control", "no-store");
      return c.json(appConfig(c));
    });

    if (sandbox) {
      registerSandboxAuthPassThrough(app, options.supabaseUrl);
      registerSandboxPlaidToken(app, deps);
    }
  };
}
