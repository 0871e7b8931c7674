import type { UniversalSymbol } from "snaptrade-typescript-sdk";
import { sameTicker } from "../share-class.js";

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

export function isUsListing(listing: UniversalSymbol): boolean {
  const exchange = listing.exchange;
  return (
    usExchangeCodes.has((exchange?.code ?? "").toUpperCase()) ||
    usMarketIdentifiers.has((exchange?.mic_code ?? "").toUpperCase())
  );
}

/** The listing whose ticker is exactly `symbol`, a US one when there is one; null when none is. */
export function pickListing(listings: UniversalSymbol[], symbol: string): UniversalSymbol | null {
  // BRK.B is found whether the brokerage writes it BRK.B, BRK-B or BRK/B.
  const exact = listings.filter(
    (l) => sameTicker(l.symbol ?? "", symbol) || sameTicker(l.raw_symbol ?? "", symbol),
  );
  return exact.find(isUsListing) ?? exact[0] ?? null;
}
