import { canonicalTicker } from "../../brokers/share-class.js";
import type { Account, PortfolioService } from "../service.js";
import type { SecurityMatch, SecurityResolution } from "./security-match.js";
import { fallbackSearchTextOf, matchSecurity, searchTextOf } from "./security-matcher.js";

/**
 * "Which security does the user mean?" answered from data, in the order a person would:
 * what they hold (ticker and name, every account, read-only ones included), then their
 * brokers' own symbol search, then a built-in list of well-known names. It lives in the
 * portfolio layer because that layer owns both the holdings and the broker sessions; the
 * orders layer only ever receives a symbol this answered exactly or the user confirmed.
 */

export interface WellKnownSecurity {
  symbol: string;
  name: string;
}

export interface SecurityResolverOptions {
  /** Names the service knows without asking anyone, tried last. */
  wellKnown?: readonly WellKnownSecurity[];
  /** Brokerages asked per look-up (one account each): bounds the calls one question makes. */
  maxBrokerages?: number;
}

export interface SecurityLookup {
  resolution: SecurityResolution;
  /** Brokerages whose search could not be asked this time (their names, for the answer). */
  unavailable: string[];
}

type ResolverPortfolio = Pick<PortfolioService, "getHoldings" | "listAccounts" | "tradingSession">;

const defaultMaxBrokerages = 3;

export class SecurityResolver {
  constructor(
    private readonly portfolio: ResolverPortfolio,
    private readonly options: SecurityResolverOptions = {},
  ) {}

  async resolve(userId: string, query: string): Promise<SecurityLookup> {
    const held = await this.heldSecurities(userId);
    const fromHoldings = matchSecurity(query, held);
    // The user's own position named exactly needs no broker call.
    if (fromHoldings.kind === "exact") return { resolution: fromHoldings, unavailable: [] };

    const heldSymbols = new Set(held.map((h) => h.symbol));
    const { found, unavailable } = await this.brokerSecurities(userId, query, heldSymbols);
    const wellKnown = (this.options.wellKnown ?? []).map(
      (w): SecurityMatch => ({
        symbol: w.symbol,
        name: w.name,
        source: "well_known",
        held: heldSymbols.has(w.symbol),
      }),
    );
    return { resolution: matchSecurity(query, [...held, ...found, ...wellKnown]), unavailable };
  }

  private async heldSecurities(userId: string): Promise<SecurityMatch[]> {
    const view = await this.portfolio.getHoldings(userId);
    return view.positions.map((p) => ({
      symbol: canonicalTicker(p.symbol) ?? p.symbol.toUpperCase(),
      name: p.description || p.symbol,
      source: "holding",
      held: true,
    }));
  }

  /** One active trading account per brokerage: each brokerage lists its own securities. */
  private async searchableAccounts(userId: string): Promise<Account[]> {
    const accounts = await this.portfolio.listAccounts(userId);
    const byBrokerage = new Map<string, Account>();
    for (const account of accounts) {
      if (account.provider === "plaid" || !account.canTrade || account.connectionStatus !== "active")
        continue;
      const key = `${account.provider}|${account.institution}|${account.isPaper}`;
      if (!byBrokerage.has(key)) byBrokerage.set(key, account);
    }
    return [...byBrokerage.values()].slice(0, this.options.maxBrokerages ?? defaultMaxBrokerages);
  }

  private async brokerSecurities(
    userId: string,
    query: string,
    heldSymbols: ReadonlySet<string>,
  ): Promise<{ found: SecurityMatch[]; unavailable: string[] }> {
    const text = searchTextOf(query);
    if (!text) return { found: [], unavailable: [] };
    const fallback = fallbackSearchTextOf(query);
    const unavailable: string[] = [];
    const answers = await Promise.all(
      (await this.searchableAccounts(userId)).map(async (account) => {
        try {
          const session = await this.portfolio.tradingSession(userId, account.id);
          const first = await session.searchSymbols(account.id, text);
          if (first.length > 0 || !fallback || fallback === text) return first;
          return await session.searchSymbols(account.id, fallback);
        } catch {
          // A brokerage that cannot be asked now narrows the search; the answer says which.
          unavailable.push(account.institution);
          return [];
        }
      }),
    );
    const found = answers.flat().map((info): SecurityMatch => {
      const symbol = canonicalTicker(info.symbol) ?? info.symbol.toUpperCase();
      return { symbol, name: info.description, source: "broker", held: heldSymbols.has(symbol) };
    });
    return { found, unavailable };
  }
}
