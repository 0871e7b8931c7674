import { z } from "zod";
import { ConfigError } from "./errors.js";

/**
 * Every environment variable the service reads, in one place. Nothing else reads process.env.
 * Empty strings count as unset so `FOO=` in a .env file means "use the default".
 */

const flag = (defaultValue: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], {
      error: "must be one of true, false, 1, 0, yes, no, on, off",
    })
    .default(defaultValue ? "true" : "false")
    .transform((v) => ["true", "1", "yes", "on"].includes(v));

const positiveNumber = (defaultValue: number) =>
  z.coerce.number({ error: "must be a number" }).positive("must be greater than 0").default(defaultValue);

const url = z.url({ protocol: /^https?$/, error: "must be an absolute URL (http:// or https://)" });

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(0, "must be 0 to 65535")
    .max(65535, "must be 0 to 65535")
    .default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  PUBLIC_URL: url.optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection string")
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Server processes on Postgres (node:cluster); unset = one per core. PGlite always runs one. */
  WORKERS: z.coerce.number().int("must be a whole number").min(1).max(64).optional(),
  SUPABASE_URL: url.optional(),
  SUPABASE_ANON_KEY: z.string().min(1).optional(),
  SUPABASE_JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 random bytes, base64-encoded")
    .optional(),
  ENCRYPTION_PREVIOUS_KEYS: z
    .string()
    .refine(
      (v) => v.split(",").every((k) => Buffer.from(k.trim(), "base64").length === 32),
      "must be a comma-separated list of base64-encoded 32-byte keys",
    )
    .optional(),
  SNAPTRADE_CLIENT_ID: z.string().min(1).optional(),
  SNAPTRADE_CONSUMER_KEY: z.string().min(1).optional(),
  SNAPTRADE_BASE_URL: url.optional(),
  ALPACA_TRADING_BASE_URL: url.optional(),
  ALPACA_DATA_BASE_URL: url.optional(),
  PLAID_CLIENT_ID: z.string().min(1).optional(),
  PLAID_SECRET: z.string().min(1).optional(),
  PLAID_BASE_URL: url.optional(),
  BROKER_TIMEOUT_MS: z.coerce
    .number({ error: "must be a number" })
    .int()
    .min(100)
    .max(120_000)
    .default(10_000),
  BROKER_ORDER_DEADLINE_MS: z.coerce
    .number({ error: "must be a number" })
    .int()
    .min(100)
    .max(60_000)
    .default(5_000),
  SNAPTRADE_REQUESTS_PER_MINUTE: z.coerce.number({ error: "must be a number" }).int().min(10).optional(),
  SNAPTRADE_SYNC_MAX_AGE_MS: z.coerce
    .number({ error: "must be a number" })
    .int()
    .min(60_000)
    .default(24 * 60 * 60_000),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: url.optional(),
  OPENAI_MODEL: z.string().min(1).default("gpt-4.1-mini"),
  MAX_ORDER_NOTIONAL: positiveNumber(25_000),
  MAX_DAILY_NOTIONAL: positiveNumber(100_000),
  MAX_ORDERS_PER_DAY: z.coerce.number({ error: "must be a number" }).int().positive().default(50),
  CHAT_MESSAGES_PER_MINUTE: z.coerce.number({ error: "must be a number" }).int().positive().default(30),
  CHAT_CONFIRMATIONS_PER_MINUTE: z.coerce.number({ error: "must be a number" }).int().positive().default(20),
  LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(", ")}` }).default("info"),
  CORS_ORIGINS: z
    .string()
    .transform((v) =>
      v
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(url))
    .optional(),
  FF_SNAPTRADE_INVESTMENT_SYNC: flag(true),
  FF_SNAPTRADE_TRADE_EXECUTION: flag(true),
  TRADING_ENABLED: flag(true),
});

type Env = z.infer<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  /** Where browsers and brokers reach this service (callbacks, webhooks). */
  publicUrl: string | undefined;
  dataDir: string;
  database: { url: string | undefined; poolMax: number };
  /** WORKERS as set; `workerCount()` decides how many processes really run. */
  workers: number | undefined;
  auth: { supabaseUrl: string | undefined; anonKey: string | undefined; jwtSecret: string | undefined };
  encryption: { key: Buffer | undefined; previousKeys: Buffer[] };
  /** "sandbox": no broker credentials, the embedded broker sandbox is started in-process. */
  brokerMode: "sandbox" | "live";
  snaptrade: { clientId: string; consumerKey: string; baseUrl: string | undefined } | undefined;
  alpaca: { tradingBaseUrl: string | undefined; dataBaseUrl: string | undefined };
  plaid: { clientId: string; secret: string; baseUrl: string | undefined } | undefined;
  /**
   * Bounds on broker calls. An order send has its own short deadline: past it the user is told
   * "sent; confirming with the broker" and the reconciler settles the order.
   */
  brokerCalls: { timeoutMs: number; orderDeadlineMs: number };
  /**
   * SnapTrade holdings are refreshed on its webhooks, after our own orders and on the user's
   * explicit refresh; otherwise they are served from the database until this old.
   */
  snaptradeSyncMaxAgeMs: number;
  /**
   * SnapTrade's request limit per client id, shared by every replica through the database
   * (250 with live credentials; no budget against the sandbox unless set).
   */
  snaptradeRequestsPerMinute: number | null;
  openai: { apiKey: string; baseUrl: string | undefined; model: string } | undefined;
  risk: { maxOrderNotional: number; maxDailyNotional: number; maxOrdersPerDay: number };
  /** Per user and minute, across every replica. */
  rateLimits: { messagesPerMinute: number; confirmationsPerMinute: number };
  logLevel: (typeof logLevels)[number];
  corsOrigins: string[];
  features: { snaptradeInvestmentSync: boolean; snaptradeTradeExecution: boolean; tradingEnabled: boolean };
}

/** All-or-nothing credential groups: a half-configured provider refuses to start. */
const credentialGroups: Array<{ provider: string; required: Array<keyof Env>; optional: Array<keyof Env> }> =
  [
    {
      provider: "SnapTrade",
      required: ["SNAPTRADE_CLIENT_ID", "SNAPTRADE_CONSUMER_KEY"],
      optional: ["SNAPTRADE_BASE_URL"],
    },
    { provider: "Plaid", required: ["PLAID_CLIENT_ID", "PLAID_SECRET"], optional: ["PLAID_BASE_URL"] },
    {
      provider: "Supabase",
      required: ["SUPABASE_URL", "SUPABASE_ANON_KEY"],
      optional: ["SUPABASE_JWT_SECRET"],
    },
  ];

function checkCredentialGroups(env: Env): void {
  for (const group of credentialGroups) {
    const present = [...group.required, ...group.optional].filter((k) => env[k] !== undefined);
    if (present.length === 0) continue;
    const missing = group.required.filter((k) => env[k] === undefined);
    if (missing.length > 0) {
      throw new ConfigError(
        `${missing[0]} is missing: ${group.provider} is partly configured (${present.join(", ")} set); set ${group.required.join(" and ")}, or none of them`,
      );
    }
  }
}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = source[key];
    if (value !== undefined && value.trim() !== "") raw[key] = value.trim();
  }
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? "environment");
    throw new ConfigError(`${name} is invalid: ${issue.message}`);
  }
  const env = parsed.data;
  checkCredentialGroups(env);

  const live = env.SNAPTRADE_CLIENT_ID !== undefined || env.PLAID_CLIENT_ID !== undefined;
  if (live && env.SUPABASE_URL === undefined) {
    throw new ConfigError(
      "SUPABASE_URL is missing: with live broker credentials, users must sign in through a real Supabase project",
    );
  }
  if (env.DATABASE_URL !== undefined && env.ENCRYPTION_KEY === undefined) {
    throw new ConfigError(
      "ENCRYPTION_KEY is missing: with DATABASE_URL set, every replica must share one key (32 random bytes, base64)",
    );
  }

  return {
    port: env.PORT,
    host: env.HOST,
    publicUrl: env.PUBLIC_URL?.replace(/\/$/, ""),
    dataDir: env.DATA_DIR,
    database: { url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX },
    workers: env.WORKERS,
    auth: {
      supabaseUrl: env.SUPABASE_URL,
      anonKey: env.SUPABASE_ANON_KEY,
      jwtSecret: env.SUPABASE_JWT_SECRET,
    },
    encryption: {
      key: env.ENCRYPTION_KEY ? Buffer.from(env.ENCRYPTION_KEY, "base64") : undefined,
      previousKeys: (env.ENCRYPTION_PREVIOUS_KEYS ?? "")
        .split(",")
        .filter((k) => k.trim())
        .map((k) => Buffer.from(k.trim(), "base64")),
    },
    brokerMode: live ? "live" : "sandbox",
    snaptrade: env.SNAPTRADE_CLIENT_ID
      ? {
          clientId: env.SNAPTRADE_CLIENT_ID,
          consumerKey: env.SNAPTRADE_CONSUMER_KEY!,
          baseUrl: env.SNAPTRADE_BASE_URL,
        }
      : undefined,
    alpaca: { tradingBaseUrl: env.ALPACA_TRADING_BASE_URL, dataBaseUrl: env.ALPACA_DATA_BASE_URL },
    plaid: env.PLAID_CLIENT_ID
      ? { clientId: env.PLAID_CLIENT_ID, secret: env.PLAID_SECRET!, baseUrl: env.PLAID_BASE_URL }
      : undefined,
    brokerCalls: { timeoutMs: env.BROKER_TIMEOUT_MS, orderDeadlineMs: env.BROKER_ORDER_DEADLINE_MS },
    snaptradeSyncMaxAgeMs: env.SNAPTRADE_SYNC_MAX_AGE_MS,
    snaptradeRequestsPerMinute: env.SNAPTRADE_REQUESTS_PER_MINUTE ?? (live ? 250 : null),
    openai: env.OPENAI_API_KEY
      ? { apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL }
      : undefined,
    risk: {
      maxOrderNotional: env.MAX_ORDER_NOTIONAL,
      maxDailyNotional: env.MAX_DAILY_NOTIONAL,
      maxOrdersPerDay: env.MAX_ORDERS_PER_DAY,
    },
    rateLimits: {
      messagesPerMinute: env.CHAT_MESSAGES_PER_MINUTE,
      confirmationsPerMinute: env.CHAT_CONFIRMATIONS_PER_MINUTE,
    },
    logLevel: env.LOG_LEVEL,
    corsOrigins: env.CORS_ORIGINS ?? [],
    features: {
      snaptradeInvestmentSync: env.FF_SNAPTRADE_INVESTMENT_SYNC,
      snaptradeTradeExecution: env.FF_SNAPTRADE_TRADE_EXECUTION,
      tradingEnabled: env.TRADING_ENABLED,
    },
  };
}
