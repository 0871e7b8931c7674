import type { Context, MiddlewareHandler } from "hono";
import type { SandboxContext, SandboxEnv } from "./context.js";
import type { FaultMode } from "./faults.js";
import type { ProviderName } from "./operations.js";
import { credentialOf } from "./rate-windows.js";

/** Builds a provider's answer for a fault mode (its own 500 / 429 / disabled bodies). */
export type FaultResponder = (
  c: Context<SandboxEnv>,
  mode: Exclude<FaultMode, "timeout" | "acceptThenTimeout">,
) => Response;

/** Builds the per-route middleware for an operation name (see runtime/operations.ts). */
export type Operation = (name: string) => MiddlewareHandler<SandboxEnv>;

export interface OperationOptions {
  provider: Exclude<ProviderName, "auth"> | "auth";
  respondToFault: FaultResponder;
}

/** Holds a request open until the hold delay elapses or the sandbox closes, then answers 504. */
async function hold(ctx: SandboxContext, c: Context<SandboxEnv>): Promise<Response> {
  await ctx.lifecycle.sleep(ctx.options.faultHoldMs);
  return c.json({ message: "sandbox fault: request held past the client's timeout" }, 504);
}

/**
 * Per-route middleware factory: counts the request, adds the provider's configured latency,
 * then applies an armed fault. `acceptThenTimeout` lets the handler run (the order lands in
 * the world) and only then withholds the answer: the hard case for exactly-once.
 */
export function operationMiddleware(ctx: SandboxContext, options: OperationOptions): Operation {
  return (name) => async (c, next) => {
    const { provider } = options;
    const target = `${provider}.${name}`;
    ctx.stats.record(provider, name);
    const latency = provider === "auth" ? 0 : ctx.config.latencyMs[provider];
    if (latency > 0) await ctx.lifecycle.sleep(latency);

    const fault = ctx.faults.peek(target);
    if (fault && fault.mode !== "acceptThenTimeout") {
      ctx.faults.consume(target);
      if (fault.mode === "timeout") return hold(ctx, c);
      return options.respondToFault(c, fault.mode);
    }
    await next();
    if (
      provider !== "auth" &&
      ctx.world.behaviour.rateLimitHeaders &&
      !c.res.headers.has("X-RateLimit-Reset")
    ) {
      const headers = ctx.rateWindows.count(provider, credentialOf(provider, c), Date.now());
      for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
    }
    if (fault?.mode === "acceptThenTimeout" && c.res.status < 300) {
      ctx.faults.consume(target);
      c.res = await hold(ctx, c);
    }
  };
}
