import type { Account } from "./service.js";

/**
 * The rule that keeps Plaid from double counting: a Plaid account is the same account as a
 * SnapTrade one when both name the same institution and end in the same last four account
 * characters. The SnapTrade copy wins (it can trade, and it is the fresher source); the Plaid
 * copy is left out of accounts, holdings and totals, though its rows stay stored.
 *
 * Institutions match after lower-casing and dropping everything but letters and digits, and
 * when one name contains the other ("Charles Schwab" / "Schwab"). Accounts whose masked number
 * has fewer than four letters or digits are never treated as duplicates.
 */
function institutionKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

function lastFour(numberMasked: string): string | null {
  const tail = numberMasked.replace(/[^A-Za-z0-9]/g, "").slice(-4);
  return tail.length === 4 ? tail.toUpperCase() : null;
}

function sameInstitution(a: string, b: string): boolean {
  const left = institutionKey(a);
  const right = institutionKey(b);
  return left.length > 0 && right.length > 0 && (left.includes(right) || right.includes(left));
}

/** Ids of Plaid accounts that duplicate a SnapTrade account. */
export function plaidDuplicateIds(accounts: Account[]): Set<string> {
  const snaptrade = accounts.filter((a) => a.provider === "snaptrade");
  const duplicates = new Set<string>();
  for (const account of accounts) {
    if (account.provider !== "plaid") continue;
    const tail = lastFour(account.numberMasked);
    if (!tail) continue;
    const twin = snaptrade.find(
      (s) => lastFour(s.numberMasked) === tail && sameInstitution(s.institution, account.institution),
    );
    if (twin) duplicates.add(account.id);
  }
  return duplicates;
}
