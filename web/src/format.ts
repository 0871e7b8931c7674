/** Display formatting. Unknown values (null) say so instead of pretending to be zero. */

const moneyFormats = new Map<string, Intl.NumberFormat>();

export function money(value: number | null | undefined, currency = "USD"): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "unknown";
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat("en-US", { style: "currency", currency });
    moneyFormats.set(currency, format);
  }
  return format.format(value);
}

export function signedMoney(value: number | null, currency = "USD"): string {
  if (value === null) return "unknown";
  return `${value > 0 ? "+" : value < 0 ? "−" : ""}${money(Math.abs(value), currency)}`;
}

export function percent(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "";
  return `${value > 0 ? "+" : value < 0 ? "−" : ""}${Math.abs(value).toFixed(2)}%`;
}

export function shares(value: number | null): string {
  if (value === null) return "unknown";
  return new Intl.NumberFormat("en-US", { maximumFractionDigits: 6 }).format(value);
}

/** "1 share", "2.5 shares". */
export function shareCount(value: number | null): string {
  return value === 1 ? "1 share" : `${shares(value)} shares`;
}

export function clockTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

export function dateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
}

/** "2m 05s" for a countdown. */
export function duration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return minutes > 0 ? `${minutes}m ${String(seconds).padStart(2, "0")}s` : `${seconds}s`;
}

export const ORDER_TYPE_LABELS = {
  market: "Market",
  limit: "Limit",
  stop: "Stop",
  stop_limit: "Stop limit",
} as const;
export const TIME_IN_FORCE_LABELS = {
  day: "Day",
  gtc: "Good till cancelled",
  ioc: "Immediate or cancel",
  fok: "Fill or kill",
} as const;

export const ORDER_STATUS_LABELS = {
  submitting: "Submitting",
  accepted: "Accepted",
  partially_filled: "Partially filled",
  filled: "Filled",
  cancelled: "Cancelled",
  rejected: "Rejected",
  unknown: "Checking with the broker",
  needs_review: "Needs review",
} as const;

export const TERMINAL_STATUSES = new Set(["filled", "cancelled", "rejected", "needs_review"]);
