import type { MiddlewareHandler } from "hono";
import type { SandboxContext, SandboxEnv } from "../runtime/context.js";
import { snaptradeErrors } from "./errors.js";
import { signaturesMatch, signedContent, signRequest } from "./signature.js";

/** Where the SnapTrade API is mounted; the SDK signs paths without it. */
export const SNAPTRADE_MOUNT = "/snaptrade";

/** The SDK's timestamp is reused by its 429 retries (up to 35 s later): allow generous skew. */
const TIMESTAMP_TOLERANCE_SECONDS = 300;

export type UserScope = "none" | "userId" | "userAndSecret";

function rawQuery(url: string): string {
  const index = url.indexOf("?");
  return index === -1 ? "" : url.slice(index + 1);
}

function signedPath(url: string): string {
  const pathname = new URL(url).pathname;
  const withoutMount = pathname.startsWith(SNAPTRADE_MOUNT)
    ? pathname.slice(SNAPTRADE_MOUNT.length)
    : pathname;
  return withoutMount.replace(/\/$/, "") || "/";
}

/**
 * Verifies a SnapTrade request exactly as the real API does: clientId, a fresh timestamp, the
 * HMAC `Signature` over {content, path, query}, then (per operation) userId and userSecret.
 * Also accepts the legacy `/api/v1`-prefixed path in the signature.
 */
export function snaptradeAuth(ctx: SandboxContext, scope: UserScope): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const query = rawQuery(c.req.url);
    const params = new URLSearchParams(query);
    const rawBody = ["GET", "HEAD", "DELETE"].includes(c.req.method) ? "" : await c.req.text();
    let content: unknown;
    try {
      content = signedContent(rawBody);
    } catch {
      return c.json(snaptradeErrors.badRequest("Unable to parse the request body as JSON"), 400);
    }
    if (params.get("clientId") !== ctx.options.snaptradeClientId) {
      return c.json(snaptradeErrors.badSignature(), 401);
    }
    const path = signedPath(c.req.url);
    const received = c.req.header("Signature");
    const key = ctx.options.snaptradeConsumerKey;
    const valid = [path, `/api/v1${path}`].some((candidate) =>
      signaturesMatch(signRequest(key, { path: candidate, query, content }), received),
    );
    if (!valid) return c.json(snaptradeErrors.badSignature(), 401);
    const timestamp = Number(params.get("timestamp"));
    if (
      !Number.isFinite(timestamp) ||
      Math.abs(Date.now() / 1000 - timestamp) > TIMESTAMP_TOLERANCE_SECONDS
    ) {
      return c.json(snaptradeErrors.staleTimestamp(), 401);
    }

    c.set("snaptradeBody", content);
    if (scope !== "none") {
      const userId = params.get("userId") ?? "";
      const registration = ctx.world.snaptradeUsers.get(userId);
      const secretOk = scope === "userId" || registration?.userSecret === params.get("userSecret");
      if (!registration || !secretOk) return c.json(snaptradeErrors.invalidUser(), 401);
      c.set("snaptradeUserId", userId);
    }
    await next();
  };
}
