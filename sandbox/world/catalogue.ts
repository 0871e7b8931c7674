import { stableUuid } from "../lib/ids.js";

export type InstrumentKind = "stock" | "etf";
export type ListingExchange = "NASDAQ" | "NYSE" | "ARCA";

export interface Instrument {
  symbol: string;
  name: string;
  kind: InstrumentKind;
  exchange: ListingExchange;
  /** Default price when the world starts (before the random walk moves it). */
  price: number;
  /** Stable id, used as SnapTrade's universal_symbol_id, Alpaca's asset_id and Plaid's security_id. */
  id: string;
}

type InstrumentSeed = [
  symbol: string,
  name: string,
  price: number,
  exchange: ListingExchange,
  kind?: InstrumentKind,
];

/** About thirty common US tickers; the sandbox refuses anything else unless a seed adds it. */
const DEFAULT_INSTRUMENTS: InstrumentSeed[] = [
  ["AAPL", "Apple Inc.", 227.5, "NASDAQ"],
  ["MSFT", "Microsoft Corporation", 415.3, "NASDAQ"],
  ["TSLA", "Tesla, Inc.", 248.2, "NASDAQ"],
  ["AMZN", "Amazon.com, Inc.", 186.4, "NASDAQ"],
  ["GOOGL", "Alphabet Inc. Class A", 168.9, "NASDAQ"],
  ["NVDA", "NVIDIA Corporation", 121.4, "NASDAQ"],
  ["META", "Meta Platforms, Inc.", 512.7, "NASDAQ"],
  ["NFLX", "Netflix, Inc.", 655.2, "NASDAQ"],
  ["AMD", "Advanced Micro Devices, Inc.", 158.3, "NASDAQ"],
  ["INTC", "Intel Corporation", 31.2, "NASDAQ"],
  ["COST", "Costco Wholesale Corporation", 865.4, "NASDAQ"],
  ["PEP", "PepsiCo, Inc.", 171.3, "NASDAQ"],
  ["CSCO", "Cisco Systems, Inc.", 49.7, "NASDAQ"],
  ["JPM", "JPMorgan Chase & Co.", 208.6, "NYSE"],
  ["KO", "The Coca-Cola Company", 63.9, "NYSE"],
  ["DIS", "The Walt Disney Company", 97.4, "NYSE"],
  ["BRK.B", "Berkshire Hathaway Inc. Class B", 446.8, "NYSE"],
  ["V", "Visa Inc.", 276.3, "NYSE"],
  ["WMT", "Walmart Inc.", 68.4, "NYSE"],
  ["PG", "The Procter & Gamble Company", 167.2, "NYSE"],
  ["JNJ", "Johnson & Johnson", 158.9, "NYSE"],
  ["XOM", "Exxon Mobil Corporation", 117.6, "NYSE"],
  ["BAC", "Bank of America Corporation", 39.8, "NYSE"],
  ["PFE", "Pfizer Inc.", 29.1, "NYSE"],
  ["ORCL", "Oracle Corporation", 142.5, "NYSE"],
  ["VOO", "Vanguard S&P 500 ETF", 502.3, "ARCA", "etf"],
  ["SPY", "SPDR S&P 500 ETF Trust", 548.1, "ARCA", "etf"],
  ["VTI", "Vanguard Total Stock Market ETF", 270.4, "ARCA", "etf"],
  ["QQQ", "Invesco QQQ Trust, Series 1", 472.6, "NASDAQ", "etf"],
  ["BND", "Vanguard Total Bond Market ETF", 73.5, "NASDAQ", "etf"],
  ["VXUS", "Vanguard Total International Stock ETF", 61.2, "NASDAQ", "etf"],
];

/** Normalizes a ticker as the vendors accept it (case-insensitive; `BRK/B` and `BRK-B` mean `BRK.B`). */
export function normalizeSymbol(symbol: string): string {
  return symbol.trim().toUpperCase().replace(/[/-]/g, ".");
}

export class SymbolCatalogue {
  private readonly bySymbol = new Map<string, Instrument>();
  private readonly byId = new Map<string, Instrument>();

  constructor() {
    for (const [symbol, name, price, exchange, kind = "stock"] of DEFAULT_INSTRUMENTS) {
      this.add({ symbol, name, price, exchange, kind });
    }
  }

  add(entry: Omit<Instrument, "id">): Instrument {
    const symbol = normalizeSymbol(entry.symbol);
    const instrument: Instrument = { ...entry, symbol, id: stableUuid(`symbol:${symbol}`) };
    this.bySymbol.set(symbol, instrument);
    this.byId.set(instrument.id, instrument);
    return instrument;
  }

  find(symbolOrId: string): Instrument | undefined {
    return this.byId.get(symbolOrId.toLowerCase()) ?? this.bySymbol.get(normalizeSymbol(symbolOrId));
  }

  all(): Instrument[] {
    return [...this.bySymbol.values()];
  }

  /** Case-insensitive search on ticker prefix or name substring (symbol search endpoints). */
  search(substring: string): Instrument[] {
    const needle = substring.trim().toUpperCase();
    if (!needle) return [];
    const byTicker = this.all().filter((i) => i.symbol.startsWith(needle));
    const byName = this.all().filter((i) => !byTicker.includes(i) && i.name.toUpperCase().includes(needle));
    return [...byTicker, ...byName];
  }
}
