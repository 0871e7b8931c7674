/**
 * What the security resolver answers, declared once here (the portfolio layer owns "which
 * security does the user mean") and read by the tool contract and the chat models above it.
 */

/** Where a candidate came from, in the order the resolver trusts them. */
export type SecuritySource = "holding" | "broker" | "well_known";

export interface SecurityMatch {
  /** The canonical ticker (share classes dotted: BRK.B). */
  symbol: string;
  /** The company or fund name as the source gives it. */
  name: string;
  source: SecuritySource;
  /** Whether the user holds it in any account (read-only ones included). */
  held: boolean;
}

export type SecurityResolution =
  /** The words are this security's ticker or its full name: no question needed. */
  | { kind: "exact"; match: SecurityMatch }
  /** One security fits clearly better than any other, but not exactly: ask "did you mean". */
  | { kind: "confident"; match: SecurityMatch }
  /** Several fit about as well: ask which one. */
  | { kind: "candidates"; candidates: SecurityMatch[] }
  | { kind: "none" };
