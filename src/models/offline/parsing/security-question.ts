import type { Intent } from "./intent.js";
import { findSecurityPhrase } from "./security-phrase.js";

/**
 * A price question about words that are no known ticker ("what's Korbanet Fiber trading at?"):
 * the words are looked up (find_security) and the quote is asked for the security found
 * exactly; anything less exact is a question back, never a quote of a guessed symbol.
 */
const PRICE_QUESTION =
  /\b(?:what(?:'s| is| are)?|whats|how much (?:is|are|does)|where(?:'s| is)|wheres)\b.*\b(?:price|priced|quote|trading|trade at|cost|costs|going for)\b|^\s*(?:price|quote)\b|\bprice (?:of|for)\b/i;
const QUESTION_WORDS =
  /\b(?:what(?:'s| is| are)?|whats|how much|where(?:'s| is)|wheres|is|are|does|the|current|latest|price|priced|prices|quote|quotes|trading|trade|at|cost|costs|going|for|of|right now|now|today|per share|a share)\b|\?/gi;

export function parseSecurityPriceQuestion(body: string): Intent | null {
  if (!PRICE_QUESTION.test(body)) return null;
  const phrase = findSecurityPhrase(body.replace(QUESTION_WORDS, " "));
  return phrase ? { kind: "security_question", phrase, tool: "get_quote" } : null;
}
