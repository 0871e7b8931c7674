import { z } from "zod";
import { newId, randomSecret, randomToken } from "../lib/ids.js";
import { hashString } from "../lib/random.js";
import { normalizeSymbol } from "./catalogue.js";
import { recordHistory } from "./history.js";
import type { Account, Brokerage, PlaidItem, Provider, SandboxUser, SnaptradeConnection } from "./types.js";
import type { World } from "./world.js";

const positionSchema = z.object({
  symbol: z.string().min(1),
  units: z.number().positive(),
  /** Defaults to the current price (no gain or loss). */
  avgPrice: z.number().nonnegative().optional(),
});

const optionPositionSchema = z.object({
  underlying: z.string().min(1),
  type: z.enum(["call", "put"]),
  strike: z.number().positive(),
  expiration: z.iso.date(),
  units: z.number().positive(),
  /** Premium per share. */
  price: z.number().nonnegative(),
  avgPrice: z.number().nonnegative().optional(),
  multiplier: z.number().positive().default(100),
});

const accountSchema = z.object({
  name: z.string().min(1),
  number: z.string().min(1).optional(),
  cash: z.number().default(0),
  buyingPower: z.number().optional(),
  positions: z.array(positionSchema).default([]),
  optionPositions: z.array(optionPositionSchema).default([]),
});

const connectionSchema = z.object({
  brokerage: z.string().min(1),
  type: z.enum(["trade", "read"]).default("trade"),
  disabled: z.boolean().default(false),
  /** Attach at once instead of waiting for the user to pass the portal. */
  attached: z.boolean().default(false),
  accounts: z.array(accountSchema).default([]),
});

const userSchema = z.object({
  id: z.string().min(1).max(128).optional(),
  email: z.string().min(3).optional(),
  password: z.string().min(1).optional(),
  snaptrade: z.object({ connections: z.array(connectionSchema).default([]) }).optional(),
  alpaca: z
    .object({
      cash: z.number().default(100_000),
      buyingPower: z.number().optional(),
      positions: z.array(positionSchema).default([]),
      optionPositions: z.array(optionPositionSchema).default([]),
      /** Fixed credentials (the demo world uses them); random when absent. */
      keyId: z.string().min(8).optional(),
      secret: z.string().min(8).optional(),
    })
    .optional(),
  plaid: z
    .object({
      institution: z.string().min(1),
      loginRequired: z.boolean().default(false),
      /** Fixed public token (the demo world uses one); random when absent. */
      publicToken: z.string().min(8).optional(),
      accounts: z.array(accountSchema.extend({ cash: z.number().default(0) })).default([]),
    })
    .optional(),
  /** Seed a few historical activities (deposits, buys, a dividend) for each account. */
  history: z.boolean().default(true),
});

export const seedSchema = z.object({
  users: z.array(userSchema).default([]),
  prices: z.record(z.string(), z.number().positive()).optional(),
  symbols: z
    .array(
      z.object({
        symbol: z.string().min(1).max(12),
        name: z.string().min(1),
        price: z.number().positive(),
        exchange: z.enum(["NASDAQ", "NYSE", "ARCA"]).default("NYSE"),
        kind: z.enum(["stock", "etf"]).default("stock"),
      }),
    )
    .optional(),
});

export type SeedInput = z.input<typeof seedSchema>;
type Seed = z.output<typeof seedSchema>;
type SeedAccount = z.output<typeof accountSchema>;

export interface SeedResultUser {
  id: string;
  email: string;
  snaptrade?: {
    connections: { id: string; brokerage: string; type: string; accounts: { id: string; name: string }[] }[];
  };
  alpaca?: { accountId: string; keyId: string; secret: string };
  plaid?: { itemId: string; institutionId: string; publicToken: string };
}

export class SeedError extends Error {}

const KNOWN_BROKERAGE_SLUGS: Record<string, string> = {
  "charles schwab": "SCHWAB",
  schwab: "SCHWAB",
  robinhood: "ROBINHOOD",
  fidelity: "FIDELITY",
  vanguard: "VANGUARD",
  "e*trade": "ETRADE",
  etrade: "ETRADE",
  "interactive brokers": "IBKR",
  webull: "WEBULL",
  questrade: "QUESTRADE",
  wealthsimple: "WEALTHSIMPLETRADE",
  public: "PUBLIC",
};

/** SnapTrade brokerage slug for a display name ("Charles Schwab" -> "SCHWAB"). */
export function brokerageFor(nameOrSlug: string): Brokerage {
  const known = KNOWN_BROKERAGE_SLUGS[nameOrSlug.trim().toLowerCase()];
  if (known) return { slug: known, name: nameOrSlug.trim() };
  const slug = nameOrSlug
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_");
  const matching = Object.entries(KNOWN_BROKERAGE_SLUGS).find(([, s]) => s === slug);
  const name = matching ? matching[0].replace(/\b\w/g, (c) => c.toUpperCase()) : nameOrSlug.trim();
  return { slug, name };
}

/** Plaid ids are 37 mixed-case alphanumerics. */
const PLAID_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomAccountNumber(): string {
  return randomToken(9, "0123456789");
}

/** Every ticker a seed mentions must be known (or added by the same seed). */
function checkSymbols(world: World, seed: Seed): void {
  for (const entry of seed.symbols ?? []) {
    world.catalogue.add({ ...entry, symbol: normalizeSymbol(entry.symbol) });
  }
  const mentioned = new Set<string>(Object.keys(seed.prices ?? {}));
  for (const user of seed.users) {
    const accounts: SeedAccount[] = [
      ...(user.snaptrade?.connections.flatMap((c) => c.accounts) ?? []),
      ...(user.plaid?.accounts ?? []),
    ];
    for (const account of accounts) for (const p of account.positions) mentioned.add(p.symbol);
    for (const p of user.alpaca?.positions ?? []) mentioned.add(p.symbol);
  }
  const unknown = [...mentioned].filter((s) => !world.catalogue.find(s));
  if (unknown.length > 0) throw new SeedError(`unknown symbol(s): ${unknown.join(", ")}`);
}

function createAccount(
  world: World,
  provider: Provider,
  userId: string,
  seed: SeedAccount,
  institution: string,
): Account {
  const account: Account = {
    id: newId(),
    provider,
    userId,
    name: seed.name,
    number: seed.number ?? randomAccountNumber(),
    institution,
    cash: seed.cash,
    margin: Math.max(0, (seed.buyingPower ?? seed.cash) - seed.cash),
    positions: seed.positions.map((p) => {
      const symbol = world.catalogue.find(p.symbol)?.symbol ?? p.symbol;
      return { symbol, units: p.units, avgPrice: p.avgPrice ?? world.prices.price(symbol) };
    }),
    optionPositions: seed.optionPositions.map((o) => ({
      ...o,
      underlying: o.underlying.toUpperCase(),
      avgPrice: o.avgPrice ?? o.price,
    })),
    createdAt: world.nowIso(),
    connectionId: null,
    itemId: null,
    alpacaKeyId: null,
    alpacaSecret: null,
  };
  world.accounts.set(account.id, account);
  return account;
}

function upsertUser(world: World, seed: Seed["users"][number]): SandboxUser {
  const id = seed.id ?? newId();
  const existing = world.users.get(id);
  const user: SandboxUser = existing ?? {
    id,
    email: seed.email ?? `${id}@sandbox.test`,
    password: seed.password ?? "sandbox-password",
    createdAt: world.nowIso(),
  };
  if (seed.email) user.email = seed.email;
  if (seed.password) user.password = seed.password;
  world.users.set(id, user);
  return user;
}

/** Adds users, connections, accounts and prices to the world (never removes anything). */
export function applySeed(world: World, input: unknown): { users: SeedResultUser[] } {
  const parsed = seedSchema.safeParse(input);
  if (!parsed.success) throw new SeedError(z.prettifyError(parsed.error));
  const seed = parsed.data;
  checkSymbols(world, seed);
  if (seed.prices) world.prices.set(seed.prices);

  const results: SeedResultUser[] = [];
  for (const userSeed of seed.users) {
    const user = upsertUser(world, userSeed);
    const result: SeedResultUser = { id: user.id, email: user.email };
    const created: Account[] = [];

    if (userSeed.snaptrade) {
      result.snaptrade = { connections: [] };
      for (const connectionSeed of userSeed.snaptrade.connections) {
        const brokerage = brokerageFor(connectionSeed.brokerage);
        const connection: SnaptradeConnection = {
          id: newId(),
          userId: user.id,
          brokerage,
          type: connectionSeed.type,
          disabled: connectionSeed.disabled,
          disabledAt: connectionSeed.disabled ? world.nowIso() : null,
          attached: connectionSeed.attached,
          createdAt: world.nowIso(),
        };
        world.connections.set(connection.id, connection);
        const accounts = connectionSeed.accounts.map((a) => {
          const account = createAccount(world, "snaptrade", user.id, a, brokerage.name);
          account.connectionId = connection.id;
          return account;
        });
        created.push(...accounts);
        result.snaptrade.connections.push({
          id: connection.id,
          brokerage: brokerage.name,
          type: connection.type,
          accounts: accounts.map((a) => ({ id: a.id, name: a.name })),
        });
      }
    }

    if (userSeed.alpaca) {
      const { keyId, secret, ...funds } = userSeed.alpaca;
      const account = createAccount(
        world,
        "alpaca",
        user.id,
        { name: "Alpaca Paper", number: `PA${randomToken(10)}`, ...funds },
        "Alpaca",
      );
      account.alpacaKeyId = keyId ?? `PK${randomToken(18)}`;
      account.alpacaSecret = secret ?? randomSecret(30);
      created.push(account);
      result.alpaca = { accountId: account.id, keyId: account.alpacaKeyId, secret: account.alpacaSecret };
    }

    if (userSeed.plaid) {
      const institution = userSeed.plaid.institution;
      const item: PlaidItem = {
        id: randomToken(37, PLAID_ID_ALPHABET),
        userId: user.id,
        institutionId: `ins_${hashString(institution) % 1_000_000}`,
        institutionName: institution,
        publicToken: userSeed.plaid.publicToken ?? `public-sandbox-${newId()}`,
        accessToken: null,
        loginRequired: userSeed.plaid.loginRequired,
        createdAt: world.nowIso(),
      };
      world.plaidItems.set(item.id, item);
      for (const accountSeed of userSeed.plaid.accounts) {
        const account = createAccount(world, "plaid", user.id, accountSeed, institution);
        account.itemId = item.id;
        created.push(account);
      }
      result.plaid = {
        itemId: item.id,
        institutionId: item.institutionId,
        publicToken: item.publicToken ?? "",
      };
    }

    if (userSeed.history) for (const account of created) recordHistory(world, account);
    results.push(result);
  }
  return { users: results };
}
