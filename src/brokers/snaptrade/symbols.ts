import type { UniversalSymbol } from "snaptrade-typescript-sdk";

/** US listings first: a bare ticker search also returns foreign listings (JNJ in Frankfurt). */
const usExchangeCodes = new Set([
  "NYSE",
  "NASDAQ",
  "ARCA",
  "NYSEARCA",
  "BATS",
  "CBOE",
  "AMEX",
  "NYSEAMERICAN",
]);
const usMarketIdentifiers = new Set(["XNYS", "XNAS", "ARCX", "BATS", "XASE", "XCBO"]);

function isUsListing(listing: UniversalSymbol): boolean {
  const exchange = listing.exchange;
  return (
    usExchangeCodes.has((exchange?.code ?? "").toUpperCase()) ||
    usMarketIdentifiers.has((exchange?.mic_code ?? "").toUpperCase())
  );
}

/** The listing whose ticker is exactly `symbol`, a US one when there is one; null when none is. */
export function pickListing(listings: UniversalSymbol[], symbol: string): UniversalSymbol | null {
  const wanted = symbol.toUpperCase();
  const exact = listings.filter(
    (l) => l.symbol?.toUpperCase() === wanted || l.raw_symbol?.toUpperCase() === wanted,
  );
  return exact.find(isUsListing) ?? exact[0] ?? null;
}
