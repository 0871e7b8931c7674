/** Display formatting. Unknown values (null) say so instead of pretending to be zero. */

/**
 * An amount as the API sends it: a JSON number, or a decimal string. A string is formatted
 * digit for digit (Intl rounds the decimal itself, half-even free of binary float error), so
 * "0.125" and "12345678901234567.89" show as written, not as their nearest double.
 */
export type Decimal = number | string;

const DECIMAL = /^-?\d+(\.\d+)?$/;
const known = (value: Decimal | null | undefined): value is Decimal =>
  typeof value === "string"
    ? DECIMAL.test(value.trim())
    : typeof value === "number" && Number.isFinite(value);
const asIntl = (value: Decimal) => (typeof value === "string" ? (value.trim() as `${number}`) : value);
/** The value as a decimal string Intl formats digit for digit (a number's shortest form). */
const exactDecimal = (value: Decimal) =>
  (typeof value === "string" ? value.trim() : String(value)) as `${number}`;
const isNegative = (value: Decimal) => (typeof value === "string" ? value.trim().startsWith("-") : value < 0);
const isZero = (value: Decimal) => (typeof value === "string" ? !/[1-9]/.test(value) : value === 0);
const absolute = (value: Decimal): Decimal =>
  typeof value === "string" ? value.trim().replace(/^-/, "") : Math.abs(value);

const currencyFormats = new Map<string, Intl.NumberFormat>();

/** One en-US currency format per currency: cents (the currency's minor unit), or every digit. */
function currencyFormat(currency: string, digits: "minor unit" | "every digit"): Intl.NumberFormat {
  const key = `${currency} ${digits}`;
  let format = currencyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      ...(digits === "every digit" ? { maximumFractionDigits: 20 } : {}),
    });
    currencyFormats.set(key, format);
  }
  return format;
}

export function money(value: Decimal | null | undefined, currency = "USD"): string {
  if (!known(value)) return "unknown";
  return currencyFormat(currency, "minor unit").format(asIntl(value));
}

/**
 * A price as the order or the broker has it: every digit, at least the currency's minor unit
 * ("$0.5525" for a limit of hundredths of a cent, "$227.1734" for an average fill). For the terms
 * of an order and its fills; `money` rounds to cents, which suits computed amounts and totals.
 * A number is taken at its shortest form, which is the decimal it was parsed from.
 */
export function exactMoney(value: Decimal | null | undefined, currency = "USD"): string {
  if (!known(value)) return "unknown";
  return currencyFormat(currency, "every digit").format(exactDecimal(value));
}

export function signedMoney(value: Decimal | null, currency = "USD"): string {
  if (!known(value)) return "unknown";
  const sign = isZero(value) ? "" : isNegative(value) ? "−" : "+";
  return `${sign}${money(absolute(value), currency)}`;
}

export function percent(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "";
  return `${value > 0 ? "+" : value < 0 ? "−" : ""}${Math.abs(value).toFixed(2)}%`;
}

const shareFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 6 });

export function shares(value: Decimal | null): string {
  if (!known(value)) return "unknown";
  return shareFormat.format(asIntl(value));
}

const exactShareFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 20 });

/** A filled quantity as the broker reported it, every digit (Alpaca reports up to nine decimals). */
export function exactShares(value: Decimal | null): string {
  if (!known(value)) return "unknown";
  return exactShareFormat.format(exactDecimal(value));
}

/** "1 share", "2.5 shares"; `count` writes the number (`exactShares` for a fill). */
export function shareCount(value: Decimal | null, count: (value: Decimal | null) => string = shares): string {
  return known(value) && Number(value) === 1 ? "1 share" : `${count(value)} shares`;
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
