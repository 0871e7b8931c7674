import { extractAccountMention, findBareAccountName } from "./account-hints.js";
import type { Intent } from "./intent.js";
import { keywordText } from "./request-text.js";
import { findSymbols } from "./symbols.js";

/**
 * The default trading account as a setting (DESIGN.md section 5): "make my Robinhood account the
 * default", "use alpaca by default from now on", "from now on buy in my Schwab account" choose
 * it; "what's my default account?" asks; "clear my default account" forgets it. Read from the
 * meaning of the parts (a default or a standing "from now on", an account, a verb of choosing or
 * clearing, a question) rather than from fixed sentences. An order ("from now on buy 5 AAPL in
 * Schwab") is left to the trade parser: a symbol or a number means a trade, not a setting.
 */

const DEFAULT_WORD = /\bdefaults?\b/;
/** A standing instruction: "from now on", "going forward", "always", "for all my future buys". */
const STANDING =
  /\b(?:from now on|from here on(?: out)?|going forward|in (?:the )?future|always|every time|for (?:all )?(?:my )?(?:future|new) (?:buys|purchases|orders|trades))\b/;
const CHOOSE =
  /\b(?:make|set|use|using|switch|change|choose|pick|select|put|designate|go with|want|prefer|start|route|send|buy|trade|place|default to|should be|be my|as my|as the)\b/;
const CLEAR =
  /\b(?:clear|remove|reset|unset|delete|forget|drop|get rid of|no longer|stop using|dont use|do not use|dont want a|no default)\b/;
const QUESTION = /^(?:what|whats|which|where|wheres|is|are|do|does|did|show|tell|who|have i|remind)\b|\?\s*$/;
/** Defaults that are not an account: "the default order type", "default time in force". */
const OTHER_DEFAULTS =
  /\bdefault (?:order|order type|type|time in force|tif|price|limit|quantity|amount|size|settings?|currency|language|period|chart)\b/;
/** "the paper account", "my individual account": an account by a word of its name. */
const DESCRIBED_ACCOUNT =
  /\b(?:the|my|our)\s+(?<name>(?!default\b|trading\b|main\b)[a-z0-9*&'-]+(?:\s+(?!default\b|trading\b)[a-z0-9*&'-]+){0,2})\s+(?:account|brokerage)\b/i;
const NUMBER = /\d/;

function namedAccount(text: string): { hint: string; rest: string } | null {
  const mention = extractAccountMention(text);
  if (mention) return mention;
  const bare = findBareAccountName(text);
  if (bare) return { hint: bare, rest: text };
  const described = DESCRIBED_ACCOUNT.exec(text);
  const name = described?.groups?.name;
  if (described && name) return { hint: name, rest: text.replace(described[0], " ") };
  return null;
}

export function parseDefaultAccountIntent(request: string): Intent | null {
  const words = keywordText(request);
  const saysDefault = DEFAULT_WORD.test(words) && !OTHER_DEFAULTS.test(words);
  const standing = STANDING.test(words);
  if (!saysDefault && !standing) return null;
  const account = namedAccount(request);
  const restWords = keywordText(account?.rest ?? request);
  // The verb may sit inside the account phrase ("use my Roth IRA"): it is read from the whole text.
  // A symbol or a size makes it an order ("always buy 5 AAPL in Schwab"), for the trade parser.
  if (
    findSymbols(account?.rest ?? request).length > 0 ||
    NUMBER.test(restWords.replace(/401 ?\(?k\)?/g, ""))
  ) {
    return null;
  }
  if (!saysDefault) {
    // "from now on use Robinhood": a standing choice of account, only with an account and a verb.
    if (!account || !CHOOSE.test(words)) return null;
    return setTo(account.hint);
  }
  if (CLEAR.test(words))
    return { kind: "tool_calls", calls: [{ name: "set_default_account", args: { clear: true } }] };
  if (
    account &&
    CHOOSE.test(words) &&
    !(QUESTION.test(words) && !/^(?:can|could|would|will|please)\b/.test(words))
  ) {
    return setTo(account.hint);
  }
  // "what's my default account?", "is Robinhood my default?", "change my default" (which one?).
  return { kind: "tool_calls", calls: [{ name: "get_default_account", args: {} }] };
}

function setTo(account: string): Intent {
  return { kind: "tool_calls", calls: [{ name: "set_default_account", args: { account } }] };
}
