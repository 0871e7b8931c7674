import { listInWords } from "../../../core/format.js";
import { cleanDataText } from "../../text/untrusted-text.js";
import type { PlannedToolCall } from "../parsing/intent.js";
import { toolAction } from "../text/tool-actions.js";

/** Fixed answers that need no tool: greeting, help, "I didn't understand", advice, decisions. */

const CAPABILITIES =
  "I can show your holdings, accounts, cash and buying power, prices, performance, transactions and order status, and prepare buy or sell orders that you confirm on a card before anything is sent.";

export const GREETING_REPLY = `Hi! ${CAPABILITIES} Try "what do I hold?" or "buy 10 shares of AAPL".`;

export const THANKS_REPLY = "You're welcome. Anything else?";

export const HELP_REPLY = [
  "Here is what I can do with your linked accounts:",
  '- Holdings: "what do I hold?", "how much Apple do I have?", "what\'s in my Schwab account?"',
  '- Accounts, cash and buying power: "which accounts are linked?", "what\'s my buying power?"',
  '- Prices: "what\'s Tesla trading at?", "price of VOO"',
  '- Performance and activity: "how did my portfolio do this month?", "any dividends lately?"',
  '- Orders: "buy 10 shares of AAPL", "buy $500 of VOO", "sell half my Tesla", "sell 10 TSLA if it drops to 200", "did my order fill?", "cancel my last order"',
  "Every order is shown on a confirmation card first; nothing is sent until you approve it.",
].join("\n");

export const ADVICE_REPLY =
  "I can't give investment advice or predict prices. I can show you prices, your holdings and how your portfolio has done, and prepare an order you decide on yourself.";

export const IDLE_REPLY = `What would you like to do? ${CAPABILITIES}`;

export function notUnderstoodReply(text: string): string {
  const quoted = cleanDataText(text, 80);
  return `I didn't understand${quoted ? ` "${quoted}"` : " that"}. ${CAPABILITIES} For example: "what do I hold?", "what's my buying power?" or "buy 10 shares of AAPL".`;
}

/** A yes/no that reached the model: it has no approve tool and never acts on it. */
export function confirmationReply(pending: boolean): string {
  return pending
    ? 'I can\'t approve or reject orders myself. Approve or reject on the card, or reply with just "yes" or "no". To change the order, tell me what to change, for example "make it 5 shares".'
    : 'There is no order waiting for your confirmation right now. To cancel an order you already placed, say "cancel my last order".';
}

/** The request needs tools this conversation didn't bind. */
export function toolsUnavailableReply(calls: readonly PlannedToolCall[]): string {
  const actions = [...new Set(calls.map((c) => toolAction(c.name)))];
  return `I can't ${listInWords(actions)} here: that isn't available in this conversation.`;
}

/** The parsed request didn't fit a tool's argument rules (e.g. a 20-letter "ticker"). */
export function invalidRequestReply(problem: string): string {
  return `I couldn't make a valid request from that: ${cleanDataText(problem, 160)}. Could you rephrase it?`;
}
