import { instantFills } from "../../sandbox/index.js";
import { loadConfig } from "../../src/core/config.js";
import { createLogger } from "../../src/core/logger.js";
import { startService } from "../../src/service.js";

/** The service under evaluation, in-process on its embedded sandbox, reached only over HTTP. */
export interface EvalService {
  url: string;
  sandboxUrl: string;
  model: "offline" | "openai";
  close(): Promise<void>;
}

/** Only the model settings pass through from the environment: everything else is the embedded default. */
const PASSED_THROUGH = ["OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL"] as const;

export async function startEvalService(
  env: Record<string, string | undefined> = process.env,
): Promise<EvalService> {
  const source: Record<string, string> = { PORT: "0", LOG_LEVEL: "silent" };
  for (const key of PASSED_THROUGH) {
    const value = env[key];
    if (value) source[key] = value;
  }
  const config = loadConfig(source);
  const service = await startService({
    config,
    logger: createLogger({ level: "silent" }),
    inMemoryDatabase: true,
    reconciler: false,
    // Scenarios seed their own users; the demo user is not needed.
    linkDemoUser: false,
    brokers: {
      timeoutMs: 5_000,
      orderTimeoutMs: 5_000,
      readRetry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 50 },
    },
    // Every scenario is a fresh user, but a long multi-turn one must not trip the per-minute limits.
    chatLimits: {
      messages: { limit: 1_000, windowSeconds: 60 },
      confirmations: { limit: 1_000, windowSeconds: 60 },
    },
  });
  if (!service.sandbox) {
    await service.close();
    throw new Error("the evals need the embedded broker sandbox");
  }
  // The scenarios judge what the agent says right after an approval, written for orders that
  // fill inside their POST: they choose that switch (the vendors' delayed fills have their own tests).
  // SnapTrade data is real-time here, so a long run's answers do not gain "as of" notes midway
  // (the broker's own as-of has its own test).
  const configured = await fetch(`${service.sandbox.url}/__sandbox/config`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ behaviour: { ...instantFills, snaptradeDailyCache: false } }),
  });
  if (!configured.ok) throw new Error(`the sandbox refused its behaviour (${configured.status})`);
  return {
    url: service.url,
    sandboxUrl: service.sandbox.url,
    model: config.openai ? "openai" : "offline",
    close: () => service.close(),
  };
}
