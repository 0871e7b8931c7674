import { cleanDataText } from "./untrusted-text.js";

/**
 * How an account is named in answers: "Charles Schwab Individual (••••1234)". Names come from
 * brokers, so they are cleaned like any other data.
 */

export interface AccountNaming {
  institution?: string | null;
  name?: string | null;
  numberMasked?: string | null;
}

/** `note` joins the masked number in the brackets: "Alpaca Paper (••••5678, paper trading...)". */
export function accountLabel(account: AccountNaming, note?: string): string {
  const institution = cleanDataText(account.institution, 40);
  const name = cleanDataText(account.name, 60);
  const base =
    institution && name && !name.toLowerCase().startsWith(institution.toLowerCase())
      ? `${institution} ${name}`
      : name || institution || "the account";
  const bracket = [cleanDataText(account.numberMasked, 12), note].filter(Boolean).join(", ");
  return bracket ? `${base} (${bracket})` : base;
}

export const PAPER_NOTE = "paper trading, no real money";
