import type { Provider } from "./model.js";

/**
 * One spelling for a ticker with a share class. People and brokers write Berkshire's class B
 * as BRK.B, BRK-B, BRK/B or "BRK B"; the service keeps the dotted form everywhere above the
 * adapters, and each adapter turns it into its broker's own form when it asks the broker.
 */

/** A ticker, optionally followed by a one-letter share class after a dot, dash, slash or space. */
const TICKER_WITH_CLASS = /^([A-Za-z]{1,6})(?:\s*[.\-/]\s*|\s+)([A-Za-z])$/;
const PLAIN_TICKER = /^[A-Za-z]{1,6}$/;

/** The canonical (dotted, upper-case) ticker for a ticker-shaped text; null when it is not one. */
export function canonicalTicker(text: string): string | null {
  const trimmed = text.trim().replace(/^\$/, "");
  if (PLAIN_TICKER.test(trimmed)) return trimmed.toUpperCase();
  const match = TICKER_WITH_CLASS.exec(trimmed);
  if (!match) return null;
  return `${match[1]!.toUpperCase()}.${match[2]!.toUpperCase()}`;
}

/** Whether two tickers are the same security once share-class spellings are made one. */
export function sameTicker(a: string, b: string): boolean {
  const left = canonicalTicker(a) ?? a.trim().toUpperCase();
  const right = canonicalTicker(b) ?? b.trim().toUpperCase();
  return left === right;
}

/**
 * The separator each broker writes between a ticker and its share class. Alpaca's asset list
 * uses the dot (BRK.B); SnapTrade's universal symbols use the dot too, and its listings are
 * matched by `sameTicker`, so a brokerage that answers BRK-B is still found. Plaid is read-only.
 */
const classSeparator: Record<Provider, string> = { alpaca: ".", snaptrade: ".", plaid: "." };

/** The ticker as `provider` writes it. */
export function brokerTicker(provider: Provider, symbol: string): string {
  const canonical = canonicalTicker(symbol);
  if (!canonical) return symbol.trim().toUpperCase();
  return canonical.replace(".", classSeparator[provider]);
}
