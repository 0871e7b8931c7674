import { applySeed, type SeedInput, type SeedResultUser } from "./world/seed.js";
import type { World } from "./world/world.js";

/** The demo user (also a Supabase Auth user of the sandbox). */
export const DEMO_USER_ID = "00000000-0000-4000-8000-000000000001";
export const DEMO_EMAIL = "demo@example.com";
export const DEMO_PASSWORD = "demo-password-123";

/** Fixed broker credentials of the demo user, so the service can link them without a lookup. */
export const DEMO_ALPACA_KEY_ID = "PKDEMO000000000000001";
export const DEMO_ALPACA_SECRET = "sandbox-demo-alpaca-secret";
export const DEMO_PLAID_PUBLIC_TOKEN = "public-sandbox-demo-vanguard";

export interface DemoSeedOptions {
  /** Attach the SnapTrade connections at once instead of after the portal (default false). */
  attachSnaptrade?: boolean;
}

/**
 * The demo world: overlapping symbols so routing has real choices.
 * - AAPL: Schwab Individual (50), Robinhood (12), Fidelity read-only (30)
 * - TSLA: Robinhood (25), Alpaca (15)
 * - VOO: Schwab Roth IRA (30), Vanguard via Plaid (18)
 * - MSFT: only Fidelity (read-only); NVDA: only Alpaca
 */
export function demoSeed(options: DemoSeedOptions = {}): SeedInput {
  const attached = options.attachSnaptrade ?? false;
  return {
    users: [
      {
        id: DEMO_USER_ID,
        email: DEMO_EMAIL,
        password: DEMO_PASSWORD,
        alpaca: {
          keyId: DEMO_ALPACA_KEY_ID,
          secret: DEMO_ALPACA_SECRET,
          cash: 25_000,
          positions: [
            { symbol: "TSLA", units: 15, avgPrice: 212.4 },
            { symbol: "NVDA", units: 40, avgPrice: 96.15 },
            { symbol: "SPY", units: 10, avgPrice: 512.3 },
          ],
        },
        snaptrade: {
          connections: [
            {
              brokerage: "Charles Schwab",
              type: "trade",
              attached,
              accounts: [
                {
                  name: "Individual Brokerage",
                  number: "58321234",
                  cash: 12_500,
                  positions: [
                    { symbol: "AAPL", units: 50, avgPrice: 182.3 },
                    { symbol: "GOOGL", units: 20, avgPrice: 139.8 },
                    { symbol: "JPM", units: 15, avgPrice: 188.25 },
                  ],
                },
                {
                  name: "Roth IRA",
                  number: "58329876",
                  cash: 3_200,
                  positions: [
                    { symbol: "VOO", units: 30, avgPrice: 431.6 },
                    { symbol: "BND", units: 40, avgPrice: 72.1 },
                  ],
                },
              ],
            },
            {
              brokerage: "Robinhood",
              type: "trade",
              attached,
              accounts: [
                {
                  name: "Robinhood Individual",
                  number: "71550042",
                  cash: 1_800,
                  positions: [
                    { symbol: "AAPL", units: 12, avgPrice: 209.9 },
                    { symbol: "TSLA", units: 25, avgPrice: 231.05 },
                    { symbol: "AMD", units: 10, avgPrice: 141.2 },
                  ],
                },
              ],
            },
            {
              brokerage: "Fidelity",
              type: "read",
              attached,
              accounts: [
                {
                  name: "Fidelity Individual",
                  number: "Z23456789",
                  cash: 5_000,
                  positions: [
                    { symbol: "AAPL", units: 30, avgPrice: 151.4 },
                    { symbol: "MSFT", units: 25, avgPrice: 301.7 },
                    { symbol: "KO", units: 40, avgPrice: 58.3 },
                  ],
                },
              ],
            },
          ],
        },
        plaid: {
          institution: "Vanguard",
          publicToken: DEMO_PLAID_PUBLIC_TOKEN,
          accounts: [
            {
              name: "Vanguard Brokerage Account",
              number: "88120457",
              cash: 2_100,
              positions: [
                { symbol: "VOO", units: 18, avgPrice: 409.5 },
                { symbol: "VTI", units: 22, avgPrice: 228.7 },
                { symbol: "BND", units: 15, avgPrice: 74.2 },
              ],
            },
          ],
        },
      },
    ],
  };
}

/** Seeds the demo world into `world` and returns what the seed created. */
export function seedDemoWorld(world: World, options: DemoSeedOptions = {}): SeedResultUser {
  const result = applySeed(world, demoSeed(options)).users[0];
  if (!result) throw new Error("demo seed created no user");
  return result;
}
