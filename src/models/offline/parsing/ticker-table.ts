/**
 * Well-known company names → tickers, plus the ETFs people name by ticker. Deliberately short:
 * only names that are unambiguous in a trading chat. Brokerage names (Schwab, Robinhood, Chase...)
 * are left out on purpose: in this product they name accounts, not stocks. Index names
 * ("S&P 500") are not mapped to a fund either: several funds track them, so the user is asked.
 */

interface CompanyEntry {
  ticker: string;
  names: readonly string[];
  /** Names that are also everyday words only count when capitalised ("Target", "Visa"). */
  capitalisedOnly?: readonly string[];
}

const COMPANIES: readonly CompanyEntry[] = [
  { ticker: "AAPL", names: ["apple"] },
  { ticker: "MSFT", names: ["microsoft"] },
  { ticker: "TSLA", names: ["tesla"] },
  { ticker: "NVDA", names: ["nvidia"] },
  { ticker: "AMZN", names: ["amazon"] },
  { ticker: "GOOGL", names: ["google", "alphabet"] },
  { ticker: "META", names: ["meta platforms", "facebook"], capitalisedOnly: ["Meta"] },
  { ticker: "NFLX", names: ["netflix"] },
  { ticker: "BRK.B", names: ["berkshire hathaway", "berkshire"] },
  { ticker: "JPM", names: ["jpmorgan chase", "jpmorgan", "jp morgan"] },
  { ticker: "V", names: [], capitalisedOnly: ["Visa"] },
  { ticker: "MA", names: ["mastercard"] },
  { ticker: "JNJ", names: ["johnson & johnson", "johnson and johnson"] },
  { ticker: "PG", names: ["procter & gamble", "procter and gamble"] },
  { ticker: "KO", names: ["coca-cola", "coca cola", "coke"] },
  { ticker: "PEP", names: ["pepsico", "pepsi"] },
  { ticker: "WMT", names: ["walmart"] },
  { ticker: "COST", names: ["costco"] },
  { ticker: "HD", names: ["home depot"] },
  { ticker: "TGT", names: [], capitalisedOnly: ["Target"] },
  { ticker: "DIS", names: ["disney"] },
  { ticker: "MCD", names: ["mcdonald's", "mcdonalds"] },
  { ticker: "SBUX", names: ["starbucks"] },
  { ticker: "NKE", names: ["nike"] },
  { ticker: "INTC", names: ["intel"] },
  { ticker: "AMD", names: ["advanced micro devices"] },
  { ticker: "AVGO", names: ["broadcom"] },
  { ticker: "QCOM", names: ["qualcomm"] },
  { ticker: "CSCO", names: ["cisco"] },
  { ticker: "ORCL", names: [], capitalisedOnly: ["Oracle"] },
  { ticker: "CRM", names: ["salesforce"] },
  { ticker: "ADBE", names: ["adobe"] },
  { ticker: "XOM", names: ["exxonmobil", "exxon mobil", "exxon"] },
  { ticker: "CVX", names: ["chevron"] },
  { ticker: "PFE", names: ["pfizer"] },
  { ticker: "MRK", names: ["merck"] },
  { ticker: "LLY", names: ["eli lilly"] },
  { ticker: "UNH", names: ["unitedhealth", "united health"] },
  { ticker: "ABBV", names: ["abbvie"] },
  { ticker: "BA", names: ["boeing"] },
  { ticker: "F", names: ["ford motor"], capitalisedOnly: ["Ford"] },
  { ticker: "GM", names: ["general motors"] },
  { ticker: "UBER", names: ["uber"] },
  { ticker: "ABNB", names: ["airbnb"] },
  { ticker: "PYPL", names: ["paypal"] },
  { ticker: "SHOP", names: ["shopify"] },
  { ticker: "PLTR", names: ["palantir"] },
  { ticker: "SPOT", names: ["spotify"] },
  { ticker: "BAC", names: ["bank of america"] },
  { ticker: "WFC", names: ["wells fargo"] },
  { ticker: "GS", names: ["goldman sachs", "goldman"] },
  { ticker: "T", names: ["at&t", "at & t"] },
  { ticker: "VZ", names: ["verizon"] },
  { ticker: "CAT", names: ["caterpillar"] },
  { ticker: "IBM", names: [] },
  { ticker: "COIN", names: ["coinbase global"] },
];

/** ETFs are named by ticker; listing them lets lower-case tickers ("buy $100 of voo") resolve. */
const ETF_TICKERS = [
  "VOO",
  "VTI",
  "SPY",
  "IVV",
  "QQQ",
  "VXUS",
  "BND",
  "SCHD",
  "VGT",
  "IWM",
  "DIA",
  "ARKK",
  "GLD",
  "TLT",
  "AGG",
  "VEA",
  "VWO",
  "VYM",
  "VUG",
  "XLK",
] as const;

/** Tickers that are everyday English words: only trusted when typed in capitals or with a $. */
const TICKERS_THAT_ARE_WORDS = new Set(["COST", "CAT", "SHOP", "SPOT", "COIN", "PEP", "DIS", "SPY", "UBER"]);

export const KNOWN_TICKERS: ReadonlySet<string> = new Set([
  ...COMPANIES.map((c) => c.ticker),
  ...ETF_TICKERS,
]);

/** Every name the table knows, with its ticker: what a misspelt name is compared with. */
export const KNOWN_NAMES: ReadonlyArray<{ name: string; ticker: string }> = COMPANIES.flatMap((company) =>
  [...company.names, ...(company.capitalisedOnly ?? [])].map((name) => ({
    name: name.toLowerCase(),
    ticker: company.ticker,
  })),
);

/** Whether a token typed in lower case ("voo", "aapl") may be read as a ticker. */
export function isLowercaseSafeTicker(ticker: string): boolean {
  return (
    KNOWN_TICKERS.has(ticker) && ticker.replace(".", "").length >= 3 && !TICKERS_THAT_ARE_WORDS.has(ticker)
  );
}

interface NamePattern {
  pattern: RegExp;
  ticker: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Longest names first so "bank of america" wins over shorter overlaps. */
const NAME_PATTERNS: readonly NamePattern[] = COMPANIES.flatMap((company) => [
  ...company.names.map((name) => ({ name, flags: "gi", ticker: company.ticker })),
  ...(company.capitalisedOnly ?? []).map((name) => ({ name, flags: "g", ticker: company.ticker })),
])
  .sort((a, b) => b.name.length - a.name.length)
  .map(({ name, flags, ticker }) => ({
    // Word boundaries that also work for names ending in punctuation ("mcdonald's", "at&t").
    pattern: new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(name).replace(/ /g, "\\s+")}(?![A-Za-z0-9&])`, flags),
    ticker,
  }));

/** Replaces company names with their tickers: "how much Apple do I have" → "how much AAPL do I have". */
export function replaceCompanyNames(text: string): string {
  return NAME_PATTERNS.reduce((current, { pattern, ticker }) => current.replace(pattern, ticker), text);
}
