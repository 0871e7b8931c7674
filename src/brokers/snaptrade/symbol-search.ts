import type { UniversalSymbol } from "snaptrade-typescript-sdk";
import type { SymbolInfo } from "../session.js";
import type { SnaptradeApi } from "./api.js";
import type { SnaptradeUserCredentials } from "./connections.js";
import type { FailureContext } from "./errors.js";
import { toSymbolInfo } from "./mapping.js";
import type { SnaptradeReadCaches } from "./read-caches.js";
import { isUsListing } from "./symbols.js";

/**
 * SnapTrade's own symbol search for one account (`referenceData.symbolSearchUserAccount`): the
 * listings that brokerage offers whose ticker or name matches a text. Only stocks and ETFs are
 * kept (the service trades nothing else), US listings first, one entry per ticker. Answers are
 * cached per user, account and text; every call goes through the counted, budgeted read path.
 */

/** SnapTrade security type codes of the instruments this service trades. */
const tradedTypeCodes = new Set(["cs", "et", "ad", "ps", "cef"]);

function isTradedType(listing: UniversalSymbol): boolean {
  const code = listing.type?.code?.toLowerCase();
  // A listing without a type is kept: the order path checks it again before any card.
  return code === undefined || tradedTypeCodes.has(code);
}

/** One listing per ticker, the US one when there are several, in the broker's order. */
export function searchResults(listings: UniversalSymbol[]): SymbolInfo[] {
  const byTicker = new Map<string, UniversalSymbol>();
  for (const listing of listings.filter(isTradedType)) {
    const ticker = listing.symbol?.toUpperCase();
    if (!ticker) continue;
    const known = byTicker.get(ticker);
    if (!known || (!isUsListing(known) && isUsListing(listing))) byTicker.set(ticker, listing);
  }
  // Whether the brokerage takes fractions is asked again when the order is sized.
  return [...byTicker.values()].map((listing) => toSymbolInfo(listing));
}

export async function searchSymbolsAt(
  api: SnaptradeApi,
  credentials: SnaptradeUserCredentials,
  caches: SnaptradeReadCaches,
  providerAccountId: string,
  text: string,
  context: FailureContext,
): Promise<SymbolInfo[]> {
  const substring = text.trim().replace(/\s+/g, " ");
  if (!substring) return [];
  const key = `${credentials.userId}|${providerAccountId}|${substring.toLowerCase()}`;
  const known = caches.searches.get(key);
  if (known) return known;
  const listings = await api.read(
    "symbolSearchUserAccount",
    (o) =>
      api.sdk.referenceData.symbolSearchUserAccount(
        { ...credentials, accountId: providerAccountId, substring },
        o,
      ),
    context,
  );
  const results = searchResults(listings);
  caches.searches.set(key, results);
  return results;
}
