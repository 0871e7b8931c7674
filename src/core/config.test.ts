import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { ConfigError } from "./errors.js";

const key = Buffer.alloc(32, 7).toString("base64");

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected loadConfig to fail");
}

describe("loadConfig", () => {
  it("runs on the embedded default with no variables at all", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      dataDir: ".data",
      brokerMode: "sandbox",
      snaptrade: undefined,
      plaid: undefined,
      openai: undefined,
      logLevel: "info",
      risk: { maxOrderNotional: 25_000, maxDailyNotional: 100_000, maxOrdersPerDay: 50 },
      features: { snaptradeInvestmentSync: true, snaptradeTradeExecution: true, tradingEnabled: true },
    });
    expect(config.database.url).toBeUndefined();
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: " " }).port).toBe(3000);
  });

  it.each([
    [{ PORT: "abc" }, /^PORT is invalid: must be a number/],
    [{ PORT: "70000" }, /^PORT is invalid: must be 0 to 65535/],
    [{ PORT: "30.5" }, /^PORT is invalid: must be a whole number/],
    [{ DATABASE_URL: "mysql://x" }, /^DATABASE_URL is invalid: must be a postgres/],
    [
      { SUPABASE_URL: "not a url", SUPABASE_ANON_KEY: "k" },
      /^SUPABASE_URL is invalid: must be an absolute URL/,
    ],
    [{ ENCRYPTION_KEY: "short" }, /^ENCRYPTION_KEY is invalid: must be 32 random bytes/],
    [{ SUPABASE_JWT_SECRET: "tooshort" }, /^SUPABASE_JWT_SECRET is invalid: must be at least 32/],
    [{ MAX_ORDER_NOTIONAL: "-5" }, /^MAX_ORDER_NOTIONAL is invalid: must be greater than 0/],
    [{ MAX_DAILY_NOTIONAL: "lots" }, /^MAX_DAILY_NOTIONAL is invalid: must be a number/],
    [{ MAX_ORDERS_PER_DAY: "0" }, /^MAX_ORDERS_PER_DAY is invalid/],
    [{ CHAT_MESSAGES_PER_MINUTE: "many" }, /^CHAT_MESSAGES_PER_MINUTE is invalid: must be a number/],
    [{ LOG_LEVEL: "loud" }, /^LOG_LEVEL is invalid: must be one of fatal, error/],
    [{ TRADING_ENABLED: "maybe" }, /^TRADING_ENABLED is invalid: must be one of true, false/],
    [{ FF_SNAPTRADE_TRADE_EXECUTION: "2" }, /^FF_SNAPTRADE_TRADE_EXECUTION is invalid/],
    [{ OPENAI_BASE_URL: "localhost:8080" }, /^OPENAI_BASE_URL is invalid/],
    [{ CORS_ORIGINS: "https://ok.example, nope" }, /^CORS_ORIGINS is invalid/],
  ])("names the bad variable %o", (env, message) => {
    expect(errorOf(env as Record<string, string>)).toMatch(message);
  });

  it("refuses a half-configured provider and names the missing credential", () => {
    expect(errorOf({ SNAPTRADE_CLIENT_ID: "id" })).toMatch(
      /^SNAPTRADE_CONSUMER_KEY is missing: SnapTrade is partly/,
    );
    expect(errorOf({ SNAPTRADE_BASE_URL: "http://127.0.0.1:4010/snaptrade" })).toMatch(
      /^SNAPTRADE_CLIENT_ID is missing/,
    );
    expect(errorOf({ PLAID_SECRET: "s" })).toMatch(/^PLAID_CLIENT_ID is missing: Plaid/);
    expect(errorOf({ SUPABASE_URL: "https://x.supabase.co" })).toMatch(/^SUPABASE_ANON_KEY is missing/);
  });

  it("requires real auth with live brokers and a shared key with a shared database", () => {
    expect(errorOf({ SNAPTRADE_CLIENT_ID: "id", SNAPTRADE_CONSUMER_KEY: "k" })).toMatch(
      /^SUPABASE_URL is missing/,
    );
    expect(errorOf({ DATABASE_URL: "postgres://u@h/db" })).toMatch(/^ENCRYPTION_KEY is missing/);
  });

  it("reads a full production configuration", () => {
    const config = loadConfig({
      DATABASE_URL: "postgresql://u:p@db.example:5432/postgres",
      ENCRYPTION_KEY: key,
      SUPABASE_URL: "https://proj.supabase.co/",
      SUPABASE_ANON_KEY: "anon",
      SNAPTRADE_CLIENT_ID: "id",
      SNAPTRADE_CONSUMER_KEY: "k",
      PLAID_CLIENT_ID: "p",
      PLAID_SECRET: "s",
      OPENAI_API_KEY: "sk-test",
      FF_SNAPTRADE_TRADE_EXECUTION: "false",
      TRADING_ENABLED: "0",
      CORS_ORIGINS: "https://app.example,https://admin.example",
      PUBLIC_URL: "https://api.example/",
    });
    expect(config.brokerMode).toBe("live");
    expect(config.encryption.key?.length).toBe(32);
    expect(config.features).toEqual({
      snaptradeInvestmentSync: true,
      snaptradeTradeExecution: false,
      tradingEnabled: false,
    });
    expect(config.corsOrigins).toEqual(["https://app.example", "https://admin.example"]);
    expect(config.publicUrl).toBe("https://api.example");
    expect(config.openai).toEqual({ apiKey: "sk-test", baseUrl: undefined, model: "gpt-4.1-mini" });
  });
});
