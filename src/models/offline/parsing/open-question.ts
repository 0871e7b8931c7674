/**
 * Answers to the agent's own "which one?" questions. The question lists its choices ("...: Charles
 * Schwab Individual Brokerage (50 shares) and Robinhood Individual (12 shares). Which account...");
 * a reply that names exactly one of them ("the Robinhood one", "the individual one", "the second
 * one") picks it. A reply that fits several picks none: the caller asks again, never guesses.
 */

export type ChoicePick = { choice: string } | { several: string[] } | null;

const ORDINALS: Record<string, number> = {
  first: 0,
  "1st": 0,
  second: 1,
  "2nd": 1,
  third: 2,
  "3rd": 2,
  fourth: 3,
  "4th": 3,
};
const FILLER = new Set([
  "the",
  "one",
  "a",
  "an",
  "my",
  "account",
  "use",
  "please",
  "that",
  "this",
  "in",
  "from",
  "with",
  "go",
  "ok",
  "okay",
  "i",
  "mean",
  "meant",
  "it",
  "is",
]);

/** The choices a question lists between its colon and its end. */
export function choicesIn(question: string): string[] {
  const listed = /:\s*([^?]+?)(?:\?|\.\s|\.$)/.exec(question)?.[1];
  if (!listed) return [];
  return listed
    .split(/,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+/)
    .map((choice) => choice.replace(/\s*\([^)]*\)\s*/g, " ").trim())
    .filter((choice) => choice.length > 0);
}

export function pickChoice(reply: string, question: string): ChoicePick {
  const choices = choicesIn(question);
  if (choices.length < 2) return null;
  const words = reply
    .toLowerCase()
    .replace(/[^a-z0-9\s'-]/g, " ")
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (words.length === 0 || words.length > 6) return null;
  const ordinal = words.find((w) => w in ORDINALS || w === "last");
  if (ordinal) {
    const chosen = ordinal === "last" ? choices.at(-1) : choices[ORDINALS[ordinal]!];
    return chosen ? { choice: chosen } : null;
  }
  const content = words.filter((w) => !FILLER.has(w));
  if (content.length === 0) return null;
  const matching = choices.filter((choice) => {
    const lower = choice.toLowerCase();
    return content.every((w) => new RegExp(`\\b${w.replace(/[^a-z0-9]/g, "")}`).test(lower));
  });
  if (matching.length === 1) return { choice: matching[0]! };
  if (matching.length > 1) return { several: matching };
  return null;
}
