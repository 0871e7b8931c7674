/**
 * Reading a chat reply to an open confirmation card (DESIGN.md section 4: "a clear yes approves, a
 * clear no rejects, anything else is handled by the agent and never approves"). Only whole-message
 * matches against short fixed lists count; anything with extra words, a question mark or both a
 * yes and a no is null, because approving by mistake sends a real order.
 */

export type ConfirmationReply = "approve" | "reject";

const CLEAR_YES = new Set([
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
]);

const CLEAR_NO = new Set([
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
]);

/** Lower case, curly quotes straightened, commas and closing "." / "!" dropped, spaces collapsed. */
function normaliseReply(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/,/g, " ")
    .replace(/[.!]+\s*$/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** "approve" only for a clear yes, "reject" only for a clear no, otherwise null. */
export function parseConfirmationReply(text: string): ConfirmationReply | null {
  if (text.includes("?")) return null;
  const reply = normaliseReply(text);
  if (CLEAR_YES.has(reply)) return "approve";
  if (CLEAR_NO.has(reply)) return "reject";
  return null;
}

const DECISION_WORDS =
  /^(?:yes|y|yeah|yep|yup|sure|ok|okay|confirm(?:ed)?|approve[d]?|no|n|nope|nah|reject|decline|cancel|don'?t|stop|never ?mind|do it|go ahead|place it|sounds good|forget it|maybe|not sure|hmm+|wait)\b/;

/**
 * Looser test used by the chat model: the message reads like an answer to the card (even a
 * muddled one, "no wait, yes"). The model then explains how to decide instead of acting.
 */
export function soundsLikeDecision(text: string): boolean {
  return (
    parseConfirmationReply(text) !== null || DECISION_WORDS.test(normaliseReply(text).replace(/\?+$/, ""))
  );
}
