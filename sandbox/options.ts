import {
  DEFAULT_PLAID_CLIENT_ID,
  DEFAULT_PLAID_SECRET,
  DEFAULT_SNAPTRADE_CLIENT_ID,
  DEFAULT_SNAPTRADE_CONSUMER_KEY,
  DEFAULT_SUPABASE_ANON_KEY,
} from "./defaults.js";
import type { DemoSeedOptions } from "./demo.js";
import type { VendorBehaviour } from "./world/behaviour.js";

export type LatencyByProvider = { snaptrade?: number; alpaca?: number; plaid?: number };

export interface SandboxOptions {
  snaptradeClientId?: string;
  snaptradeConsumerKey?: string;
  plaidClientId?: string;
  plaidSecret?: string;
  supabaseAnonKey?: string;
  /** Where SnapTrade webhooks go (also settable at runtime via POST /__sandbox/config). */
  snaptradeWebhookUrl?: string | null;
  plaidWebhookUrl?: string | null;
  /** Extra delay added to every answer of a provider. */
  latencyMs?: LatencyByProvider;
  /** Seed the demo world (`{ attachSnaptrade: true }` skips the SnapTrade portal step). */
  demo?: boolean | DemoSeedOptions;
  /** Seed of the price random walk (default 42). */
  seed?: number;
  /** Price tick interval in ms (default 2000; 0 = frozen). */
  priceTickMs?: number;
  /** Delay before a partially filled large order fills the rest (default 1000). */
  partialFillDelayMs?: number;
  /** How long a `timeout` fault holds a request before answering 504 (default 120 s). */
  faultHoldMs?: number;
  /** Timeout of one webhook delivery (default 2000). */
  webhookTimeoutMs?: number;
  /** Load the world from this JSON file when it exists, and save it there on change and close. */
  stateFile?: string;
  /** Injected clock (tests move it, e.g. to expire a SnapTrade trade id). */
  now?: () => Date;
  /**
   * The vendors' habits, each a switch (see `world/behaviour.ts`; defaults are the vendors'):
   * e.g. `{ fills: "instant" }` for orders that fill inside their POST.
   */
  behaviour?: Partial<VendorBehaviour>;
}

export interface ResolvedOptions {
  snaptradeClientId: string;
  snaptradeConsumerKey: string;
  plaidClientId: string;
  plaidSecret: string;
  supabaseAnonKey: string;
  demo: DemoSeedOptions | null;
  seed: number;
  priceTickMs: number;
  partialFillDelayMs: number;
  faultHoldMs: number;
  webhookTimeoutMs: number;
  stateFile: string | null;
  now: () => Date;
  behaviour: Partial<VendorBehaviour>;
}

/** Settings the admin API can change while the sandbox runs. */
export interface RuntimeConfig {
  snaptradeWebhookUrl: string | null;
  plaidWebhookUrl: string | null;
  latencyMs: Required<LatencyByProvider>;
}

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  return {
    snaptradeClientId: options.snaptradeClientId ?? DEFAULT_SNAPTRADE_CLIENT_ID,
    snaptradeConsumerKey: options.snaptradeConsumerKey ?? DEFAULT_SNAPTRADE_CONSUMER_KEY,
    plaidClientId: options.plaidClientId ?? DEFAULT_PLAID_CLIENT_ID,
    plaidSecret: options.plaidSecret ?? DEFAULT_PLAID_SECRET,
    supabaseAnonKey: options.supabaseAnonKey ?? DEFAULT_SUPABASE_ANON_KEY,
    demo: options.demo === true ? {} : options.demo || null,
    seed: options.seed ?? 42,
    priceTickMs: options.priceTickMs ?? 2000,
    partialFillDelayMs: options.partialFillDelayMs ?? 1000,
    faultHoldMs: options.faultHoldMs ?? 120_000,
    webhookTimeoutMs: options.webhookTimeoutMs ?? 2000,
    stateFile: options.stateFile ?? null,
    now: options.now ?? (() => new Date()),
    behaviour: options.behaviour ?? {},
  };
}

export function initialRuntimeConfig(options: SandboxOptions = {}): RuntimeConfig {
  return {
    snaptradeWebhookUrl: options.snaptradeWebhookUrl ?? null,
    plaidWebhookUrl: options.plaidWebhookUrl ?? null,
    latencyMs: { snaptrade: 0, alpaca: 0, plaid: 0, ...options.latencyMs },
  };
}
