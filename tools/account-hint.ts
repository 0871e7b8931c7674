import { matchNamedAccount } from "../src/orders/routing/named-account.js";
import type { Account } from "../src/portfolio/service.js";

export type AccountHintResult =
  | { kind: "all" }
  | { kind: "one"; account: Account }
  | { kind: "problem"; message: string };

/** Resolves an account the user named among the user's own accounts only. */
export function resolveAccountHint(hint: string | undefined, accounts: Account[]): AccountHintResult {
  if (!hint) return { kind: "all" };
  const match = matchNamedAccount(hint, accounts);
  if (match.kind === "one") return { kind: "one", account: match.account };
  if (match.kind === "several") {
    const names = match.accounts.map((a) => `${a.institution} ${a.name}`).join(", ");
    return { kind: "problem", message: `"${hint}" matches several accounts (${names}); which one?` };
  }
  const names = accounts.map((a) => `${a.institution} ${a.name}`).join(", ") || "none linked";
  return { kind: "problem", message: `No linked account matches "${hint}". Your accounts: ${names}.` };
}
