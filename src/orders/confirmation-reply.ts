/**
 * Reading a chat reply to an open confirmation card (DESIGN.md section 4: "a clear yes approves, a
 * clear no rejects, anything else is handled by the agent and never approves"). Only whole-message
 * matches against short fixed lists count; anything with extra words, a question mark or both a
 * yes and a no is null, because approving by mistake sends a real order.
 */

export type ConfirmationReply = "approve" | "reject";

export const CLEAR_YES: ReadonlySet<string> = new Set([
  "yes",
  "y",
  "yes please",
  "yes confirm",
  "yeah",
  "yep",
  "yup",
  "confirm",
  "confirmed",
  "i confirm",
  "approve",
  "approved",
  "approve it",
  "confirm it",
  "do it",
  "yes do it",
  "go ahead",
  "yes go ahead",
  "go ahead please",
  "please go ahead",
  "place it",
  "place the order",
  "please place it",
  "sounds good",
  "yes sounds good",
  "go for it",
  "yes go for it",
  "send it",
  "yes send it",
  "submit it",
  "submit",
  "execute it",
  "let's do it",
  "lets do it",
  "let's go",
  "proceed",
  "yes proceed",
  "looks good",
  "looks right",
  "that's right",
  "thats right",
  "correct",
  "yes correct",
  "absolutely",
  "yes i'm sure",
  "yes im sure",
  "affirmative",
]);

export const CLEAR_NO: ReadonlySet<string> = new Set([
  "no",
  "n",
  "nope",
  "nah",
  "no thanks",
  "no thank you",
  "cancel",
  "cancel it",
  "cancel that",
  "reject",
  "reject it",
  "decline",
  "don't",
  "dont",
  "do not",
  "don't do it",
  "dont do it",
  "do not do it",
  "don't place it",
  "stop",
  "never mind",
  "nevermind",
  "forget it",
  "no cancel",
  "no don't",
  "no stop",
  "forget about it",
  "scratch that",
  "cancel the order",
  "cancel this",
  "don't place it",
  "dont place it",
  "do not place it",
  "don't send it",
  "dont send it",
  "abort",
  "no way",
  "no don't do it",
  "no dont do it",
  "not now",
  "changed my mind",
  "i changed my mind",
  "i've changed my mind",
  "no forget it",
  "leave it",
  "drop it",
  "skip it",
]);

/** Lower case, curly quotes straightened, commas, "." and "!" read as spaces, spaces collapsed. */
function normaliseReply(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[,.!]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Words people wrap a clear answer in ("ok go ahead", "alright, forget it", "yes do it now
 * please"). They are only peeled off the ends; what is left must still be a whole entry of a list,
 * so "ok" alone, "yes but ..." and "yes if it's under 200" stay null.
 */
export const LEADING_FILLERS: ReadonlySet<string> = new Set([
  "ok",
  "okay",
  "k",
  "alright",
  "all right",
  "right",
  "well",
  "oh",
  "um",
  "then",
]);
export const TRAILING_FILLERS: ReadonlySet<string> = new Set([
  "please",
  "pls",
  "plz",
  "thanks",
  "thank you",
  "then",
  "now",
  "thx",
]);
/**
 * A condition or hedge anywhere in the reply: never a decision, whatever else it says. Whole-entry
 * matching already refuses these (no entry holds one, as a test checks); this stays as a guard for
 * entries added later.
 */
export const HEDGE =
  /\b(?:but|if|unless|only|when|once|after|before|maybe|perhaps|wait|hold on|not sure|think|guess|probably|under|over|below|above|as long as|instead|except|and)\b/;

function peelFillers(reply: string): string {
  let words = reply.split(" ");
  // Peeling a reply down to nothing is harmless: an empty reply is in no list.
  let changed = true;
  while (changed) {
    changed = false;
    for (const size of [2, 1]) {
      const head = words.slice(0, size).join(" ");
      if (LEADING_FILLERS.has(head)) {
        words = words.slice(size);
        changed = true;
        break;
      }
      const tail = words.slice(-size).join(" ");
      if (TRAILING_FILLERS.has(tail)) {
        words = words.slice(0, -size);
        changed = true;
        break;
      }
    }
  }
  return words.join(" ");
}

/** "approve" only for a clear yes, "reject" only for a clear no, otherwise null. */
export function parseConfirmationReply(text: string): ConfirmationReply | null {
  // Stryker disable next-line ConditionalExpression: a guard; no list entry holds a "?" either
  if (text.includes("?")) return null;
  const reply = normaliseReply(text);
  // Stryker disable next-line ConditionalExpression: a guard, see HEDGE
  if (HEDGE.test(reply)) return null;
  const core = peelFillers(reply);
  // A whole entry first: peeling would turn "not now" into "not".
  const listed = listedAnswer(reply) ?? listedAnswer(core);
  if (listed) return listed;
  // "yes please go ahead", "no, forget it": a yes (no) in front of another yes (no) is still one.
  const yesThen = /^(?:yes|yeah|yep) (?:please )?(.+)/.exec(core)?.[1];
  if (yesThen && CLEAR_YES.has(yesThen)) return "approve";
  const noThen = /^(?:no|nope|nah) (.+)/.exec(core)?.[1];
  if (noThen && CLEAR_NO.has(noThen)) return "reject";
  return null;
}

function listedAnswer(phrase: string): ConfirmationReply | null {
  if (CLEAR_YES.has(phrase)) return "approve";
  return CLEAR_NO.has(phrase) ? "reject" : null;
}

const DECISION_WORDS =
  /^(?:yes|y|yeah|yep|yup|sure|ok|okay|confirm(?:ed)?|approve[d]?|no|n|nope|nah|reject|decline|cancel|don'?t|stop|never ?mind|do it|go ahead|place it|sounds good|forget it|maybe|not sure|hmm+|wait)\b/;

/**
 * Looser test used by the chat model: the message reads like an answer to the card (even a
 * muddled one, "no wait, yes"). The model then explains how to decide instead of acting.
 */
export function soundsLikeDecision(text: string): boolean {
  return parseConfirmationReply(text) !== null || DECISION_WORDS.test(normaliseReply(text));
}
