/**
 * How numbers and accounts are written for people, the same everywhere (card, chat answers,
 * terminal, web): fixed en-US formats, and never a digit more or less than the value has where it
 * is a quantity or a price that is sent.
 */

const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/**
 * A number as the exact decimal it is (the same digits JSON sends to a broker), integer part
 * grouped: 1,234.5 · 0.333333 · 12. Never rounded.
 */
export function exactNumber(value: number): string {
  let text = String(Math.abs(value));
  if (text.includes("e"))
    text = Math.abs(value)
      .toFixed(20)
      .replace(/\.?0+$/, "");
  const [whole = "0", fraction] = text.split(".");
  const sign = value < 0 ? "-" : "";
  return `${sign}${grouped.format(Number(whole))}${fraction ? `.${fraction}` : ""}`;
}

/** 12.5, 3, 0.333333: a share count exactly as sent. */
export function formatShares(quantity: number): string {
  return exactNumber(quantity);
}

/** "1 share", "2.5 shares". */
export function sharesInWords(quantity: number): string {
  return `${formatShares(quantity)} share${quantity === 1 ? "" : "s"}`;
}

const dollars = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const subDollar = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});

/** "$1,234.50"; a sub-dollar price keeps its hundredths of a cent ("$0.1234"), as it is sent. */
export function formatMoney(amount: number): string {
  return (Math.abs(amount) < 1 && amount !== 0 ? subDollar : dollars).format(amount);
}

/**
 * "$227.1734", "$227.10": a price the broker reported (an average fill), with every digit it has
 * and at least cents. formatMoney's cents suit prices on a tick, not averages.
 */
export function formatExactMoney(amount: number): string {
  const [whole, fraction = ""] = exactNumber(Math.abs(amount)).split(".");
  return `${amount < 0 ? "-" : ""}$${whole}.${fraction.padEnd(2, "0")}`;
}

/** formatMoney, or "unknown" for a figure nobody knows (never $0 by guess). */
export function formatMoneyOrUnknown(amount: number | null | undefined): string {
  return amount === null || amount === undefined ? "unknown" : formatMoney(amount);
}

/** "Robinhood Individual", without repeating an institution the account name already starts with. */
export function accountLabel(account: { institution: string; name: string }): string {
  const institution = account.institution.trim();
  const name = account.name.trim();
  if (!name) return institution;
  if (!institution || name.toLowerCase().startsWith(institution.toLowerCase())) return name;
  return `${institution} ${name}`;
}

/** "A", "A and B", "A, B and C". */
export function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** ISO timestamp → "2026-11-25 15:59 UTC"; anything unparseable is dropped rather than echoed. */
export function formatTimestamp(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
