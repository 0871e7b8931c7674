/**
 * Finds the account a user names ("from my Robinhood", "in my Roth IRA", "what's in my Schwab
 * account") and returns it in a canonical spelling for the tools' `account` argument, which the
 * tools resolve among the user's own accounts. The phrase is cut out of the text so words like
 * "IRA" are not mistaken for tickers afterwards.
 */

export interface AccountMention {
  hint: string;
  rest: string;
}

interface NamedTerm {
  canonical: string;
  spellings: readonly string[];
  /** Everyday words ("Public", "Chase") only count when capitalised. */
  capitalisedOnly?: boolean;
}

const INSTITUTIONS: readonly NamedTerm[] = [
  { canonical: "Charles Schwab", spellings: ["charles schwab"] },
  { canonical: "Schwab", spellings: ["schwab"] },
  { canonical: "Robinhood", spellings: ["robinhood", "robin hood"] },
  { canonical: "Fidelity", spellings: ["fidelity"] },
  { canonical: "Vanguard", spellings: ["vanguard"] },
  { canonical: "E*TRADE", spellings: ["e\\*trade", "e-trade", "etrade", "e trade"] },
  { canonical: "TD Ameritrade", spellings: ["td ameritrade", "ameritrade"] },
  { canonical: "Interactive Brokers", spellings: ["interactive brokers", "ibkr"] },
  { canonical: "Webull", spellings: ["webull"] },
  { canonical: "Alpaca", spellings: ["alpaca"] },
  { canonical: "Merrill", spellings: ["merrill edge", "merrill lynch", "merrill"] },
  { canonical: "Wealthfront", spellings: ["wealthfront"] },
  { canonical: "Betterment", spellings: ["betterment"] },
  { canonical: "SoFi", spellings: ["sofi"] },
  { canonical: "Tastytrade", spellings: ["tastytrade", "tastyworks"] },
  { canonical: "Firstrade", spellings: ["firstrade"] },
  { canonical: "M1", spellings: ["m1 finance", "m1"] },
  { canonical: "Questrade", spellings: ["questrade"] },
  { canonical: "Wealthsimple", spellings: ["wealthsimple"] },
  { canonical: "Public", spellings: ["Public"], capitalisedOnly: true },
  { canonical: "Ally", spellings: ["Ally"], capitalisedOnly: true },
  { canonical: "Chase", spellings: ["Chase"], capitalisedOnly: true },
];

/** Account kinds that name an account on their own ("in my Roth IRA"). */
const STRONG_TYPES: readonly NamedTerm[] = [
  { canonical: "Roth IRA", spellings: ["roth ira", "roth"] },
  { canonical: "Traditional IRA", spellings: ["traditional ira"] },
  { canonical: "Rollover IRA", spellings: ["rollover ira"] },
  { canonical: "SEP IRA", spellings: ["sep ira", "sep-ira"] },
  { canonical: "IRA", spellings: ["ira"] },
  { canonical: "401(k)", spellings: ["401\\(k\\)", "401k", "401 k"] },
  { canonical: "HSA", spellings: ["hsa"] },
  { canonical: "TFSA", spellings: ["tfsa"] },
  { canonical: "RRSP", spellings: ["rrsp"] },
];

/** Account kinds that are ordinary words: they need the word "account" ("my joint account"). */
const WEAK_TYPES: readonly NamedTerm[] = [
  { canonical: "brokerage", spellings: ["brokerage"] },
  { canonical: "individual", spellings: ["individual"] },
  { canonical: "joint", spellings: ["joint"] },
  { canonical: "taxable", spellings: ["taxable"] },
  { canonical: "margin", spellings: ["margin"] },
  { canonical: "retirement", spellings: ["retirement"] },
  { canonical: "paper", spellings: ["paper", "paper trading"] },
  { canonical: "cash", spellings: ["cash"] },
];

function alternation(terms: readonly NamedTerm[], capitalised: boolean): string {
  return terms
    .filter((t) => Boolean(t.capitalisedOnly) === capitalised)
    .flatMap((t) => t.spellings)
    .sort((a, b) => b.length - a.length)
    .map((s) => s.replace(/ /g, "\\s+"))
    .join("|");
}

const LEAD = String.raw`(?:\b(?:from|in|on|at|with|using|use|via|through|into|to|for)\s+(?:my\s+|the\s+|our\s+)?|\bmy\s+)`;
const END = String.raw`(?![\w*])`;

function accountPattern(institutions: string, flags: string): RegExp {
  const types = alternation(STRONG_TYPES, false);
  const weak = alternation(WEAK_TYPES, false);
  return new RegExp(
    `${LEAD}(?<inst>${institutions})(?:\\s+(?<type>${types}|${weak}))?${END}(?:\\s+accounts?\\b)?`,
    flags,
  );
}

const INSTITUTION_PATTERN = accountPattern(alternation(INSTITUTIONS, false), "i");
const CAPITALISED_INSTITUTION_PATTERN = accountPattern(alternation(INSTITUTIONS, true), "");
const STRONG_TYPE_PATTERN = new RegExp(
  `${LEAD}(?<type>${alternation(STRONG_TYPES, false)})${END}(?:\\s+accounts?\\b)?`,
  "i",
);
const WEAK_TYPE_PATTERN = new RegExp(`${LEAD}(?<type>${alternation(WEAK_TYPES, false)})\\s+account\\b`, "i");
/** "my Growth account": an account name we don't know, kept as the user wrote it. */
const NAMED_ACCOUNT_PATTERN =
  /(?:\b(?:from|in|on|at|with|using|use|via|through|into|to|for)\s+)?\bmy\s+(?<name>[A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*){0,2})\s+account\b/;

function canonicalOf(terms: readonly NamedTerm[], typed: string): string {
  const normalised = typed.toLowerCase().replace(/\s+/g, " ");
  const found = terms.find((t) =>
    t.spellings.some((s) => new RegExp(`^${s.replace(/ /g, "\\s+")}$`, "i").test(normalised)),
  );
  return found?.canonical ?? typed;
}

function describeMatch(match: RegExpExecArray): string {
  const institution = match.groups?.inst;
  const type = match.groups?.type;
  const parts: string[] = [];
  if (institution) parts.push(canonicalOf(INSTITUTIONS, institution));
  if (type) parts.push(canonicalOf([...STRONG_TYPES, ...WEAK_TYPES], type));
  return parts.join(" ");
}

/** The account named with a preposition or "my", removed from the text. */
export function extractAccountMention(text: string): AccountMention | null {
  for (const pattern of [
    INSTITUTION_PATTERN,
    CAPITALISED_INSTITUTION_PATTERN,
    STRONG_TYPE_PATTERN,
    WEAK_TYPE_PATTERN,
  ]) {
    const match = pattern.exec(text);
    if (match) return { hint: describeMatch(match), rest: cutOut(text, match) };
  }
  const named = NAMED_ACCOUNT_PATTERN.exec(text);
  if (named?.groups?.name) return { hint: named.groups.name, rest: cutOut(text, named) };
  return null;
}

/**
 * An account named bare, as an answer to "which account?" ("Schwab", "the Robinhood one",
 * "use Fidelity instead").
 */
export function findBareAccountName(text: string): string | null {
  const institutions = [...INSTITUTIONS].sort(
    (a, b) => Math.max(...b.spellings.map((s) => s.length)) - Math.max(...a.spellings.map((s) => s.length)),
  );
  for (const term of [...institutions, ...STRONG_TYPES]) {
    for (const spelling of term.spellings) {
      const flags = term.capitalisedOnly ? "" : "i";
      if (new RegExp(`(?<![\\w*])${spelling.replace(/ /g, "\\s+")}${END}`, flags).test(text)) {
        const type = STRONG_TYPES.find((t) =>
          t.spellings.some((s) => new RegExp(`\\b${s}${END}`, "i").test(text)),
        );
        return type && term !== type ? `${term.canonical} ${type.canonical}` : term.canonical;
      }
    }
  }
  return null;
}

function cutOut(text: string, match: RegExpExecArray): string {
  return `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`
    .replace(/\s+/g, " ")
    .trim();
}
