import { accountLabel } from "../../core/format.js";

import type { RoutableAccount } from "./types.js";

export type NamedAccountMatch<A extends RoutableAccount> =
  | { kind: "one"; account: A }
  | { kind: "none" }
  | { kind: "several"; accounts: A[] };

function normalized(text: string): string {
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}

function words(text: string): string[] {
  return normalized(text)
    .replace(/[^a-z0-9 ]/g, " ")
    .split(" ")
    .filter((w) => w && !["my", "the", "account", "acct"].includes(w));
}

/**
 * The account the user named: case-insensitively its institution, its name, "institution name",
 * or exactly its id; failing that, the accounts whose label contains every word the user said
 * ("Schwab" → the Charles Schwab accounts). Several matches are not guessed between.
 */
export function matchNamedAccount<A extends RoutableAccount>(
  named: string,
  accounts: A[],
): NamedAccountMatch<A> {
  const wanted = normalized(named);
  let matches = accounts.filter(
    (account) =>
      account.id === named.trim() ||
      [account.institution, account.name, accountLabel(account)].map(normalized).includes(wanted),
  );
  if (matches.length === 0) {
    const said = words(named);
    if (said.length > 0) {
      matches = accounts.filter((account) => {
        const label = new Set(words(`${account.institution} ${account.name}`));
        return said.every((w) => label.has(w));
      });
    }
  }
  const [only] = matches;
  if (matches.length === 1 && only) return { kind: "one", account: only };
  if (matches.length === 0) return { kind: "none" };
  return { kind: "several", accounts: matches };
}
