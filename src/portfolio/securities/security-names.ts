/**
 * Company names as people say them: "Acme Widgets, Inc. Class A Common Stock" and "acme widgets"
 * are the same name. Legal forms, share-class words and punctuation are not part of what a
 * person types, so they are dropped before names are compared.
 */

/** Words that only say what kind of legal entity or share it is (people leave them out). */
const LEGAL_FORM_WORDS = new Set([
  "inc",
  "incorporated",
  "corp",
  "corporation",
  "co",
  "company",
  "ltd",
  "holdings",
  "holding",
  "group",
  "limited",
  "plc",
  "llc",
  "lp",
  "sa",
  "ag",
  "nv",
  "se",
  "adr",
  "ads",
  "common",
  "stock",
  "ordinary",
  "shares",
  "share",
  "units",
  "new",
]);

/** "class a", "cl b", "series 1": which share, not which company. */
const CLASS_WORDS = /\b(?:class|cl|series)\s+[a-z0-9]\b/g;

/** Lower case, "&" as "and", apostrophes dropped, other punctuation as spaces, single spaces. */
export function plainWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['\u2019]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** The name's own words, without a leading "the", legal forms or share-class words. */
export function nameWords(name: string): string[] {
  const words = plainWords(name).replace(CLASS_WORDS, " ").split(" ").filter(Boolean);
  const start = words[0] === "the" ? 1 : 0;
  const kept = words.slice(start).filter((w) => !LEGAL_FORM_WORDS.has(w));
  // A name made only of such words ("Common Stock Inc") keeps what it has.
  return kept.length > 0 ? kept : words.slice(start);
}
