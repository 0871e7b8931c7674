import { Decimal } from "decimal.js";
import { accountLabel, formatShares, listInWords } from "../../core/format.js";
import type { RequestedSize } from "../contract/order-request.js";
import type { OrderSide } from "../contract/vocabulary.js";
import { matchNamedAccount } from "./named-account.js";
import { canTradeNow, whyCannotTrade } from "./tradeability.js";
import type {
  ChosenDefault,
  RoutableAccount,
  RoutableHolding,
  RouteAlternative,
  RouteResult,
} from "./types.js";

/** What routing looks at in a request: side, symbol, the size's kind, the account the user named. */
export interface RouteQuery {
  side: OrderSide;
  symbol: string;
  size: RequestedSize;
  /** The account as the user named it ("my Robinhood"), or an account id picked on the card. */
  account?: string | undefined;
}

/** What routing knows of the user beyond accounts and holdings. */
export interface RouteOptions {
  /** The default trading account the user chose (a setting); null or absent until chosen. */
  defaultAccount?: ChosenDefault | null;
}

/** Everything one routing decision looks at. */
interface RoutingContext<A extends RoutableAccount> {
  query: RouteQuery;
  symbol: string;
  accounts: A[];
  holds(account: A): number;
  defaultAccount: ChosenDefault | null;
}

/** Why an account was chosen: the sentence, the rule, and any problem with the user's default. */
interface RouteChoice {
  reason: string;
  rule: Extract<RouteResult, { kind: "routed" }>["rule"];
  defaultNote?: string;
}

/**
 * The last tie-break everywhere: account id, so every decision is deterministic. Ids are unique
 * (one row per linked account), so two different accounts never tie.
 */
export function compareIds(a: RoutableAccount, b: RoutableAccount): number {
  // Stryker disable next-line EqualityOperator: `<` and `<=` differ only for equal ids, which two different accounts never have
  return a.id < b.id ? -1 : 1;
}

function byHoldingThenId<A extends RoutableAccount>(context: RoutingContext<A>) {
  return (a: A, b: A) => context.holds(b) - context.holds(a) || compareIds(a, b);
}

function byBuyingPowerThenId(a: RoutableAccount, b: RoutableAccount): number {
  return (
    (b.buyingPower ?? Number.NEGATIVE_INFINITY) - (a.buyingPower ?? Number.NEGATIVE_INFINITY) ||
    compareIds(a, b)
  );
}

function alternative<A extends RoutableAccount>(context: RoutingContext<A>, account: A): RouteAlternative<A> {
  return {
    account,
    holds: context.holds(account),
    canTrade: canTradeNow(account),
    whyNot: whyCannotTrade(account),
  };
}

/** "Fidelity Roth IRA (it is linked through Plaid, which is read-only)". */
function withWhy(account: RoutableAccount): string {
  return `${accountLabel(account)} (${whyCannotTrade(account)})`;
}

/** "Fidelity Roth IRA holds 30 (read-only: ...)" for every holder that cannot trade; "" when none. */
function readOnlyHoldersNote<A extends RoutableAccount>(context: RoutingContext<A>): string {
  const readOnly = context.accounts
    .filter((a) => context.holds(a) > 0 && !canTradeNow(a))
    .sort(byHoldingThenId(context));
  if (readOnly.length === 0) return "";
  const held = readOnly.map((a) => `${accountLabel(a)} holds ${formatShares(context.holds(a))}`);
  return ` ${listInWords(held)} ${context.symbol} but cannot trade here (${listInWords(
    readOnly.map((a) => whyCannotTrade(a)!),
  )}).`;
}

/**
 * The account a buy goes to when no tradeable account holds the symbol: the live account that
 * can trade with the most buying power; a paper account only when no live account can trade.
 */
export function defaultTradingAccount<A extends RoutableAccount>(accounts: A[]): A | undefined {
  const tradeable = accounts.filter(canTradeNow);
  const live = tradeable.filter((a) => !a.isPaper);
  return [...(live.length > 0 ? live : tradeable)].sort(byBuyingPowerThenId)[0];
}

/**
 * Why the automatic default took a buy, claiming only what is known: "the most buying power" is
 * said only over accounts that report it, and the ones that do not are named.
 */
function whyAutomatic(chosen: RoutableAccount, tradeable: RoutableAccount[]): string {
  const label = accountLabel(chosen);
  if (chosen.isPaper) {
    return `${label} is a paper (simulated) account, chosen because none of your live accounts can trade`;
  }
  const live = tradeable.filter((a) => !a.isPaper);
  if (live.length === 1) return `${label} is your only live account that can trade`;
  if (chosen.buyingPower === null) {
    return `${label} comes first by account id of your ${live.length} live accounts that can trade, as none of them report buying power`;
  }
  const unknown = live.filter((a) => a.buyingPower === null).sort(compareIds);
  const unreported =
    unknown.length > 0
      ? ` and report it (${listInWords(unknown.map(accountLabel))} ${unknown.length === 1 ? "does" : "do"} not)`
      : "";
  return `${label} has the most buying power of your live accounts that can trade${unreported}`;
}

function routed<A extends RoutableAccount>(
  context: RoutingContext<A>,
  account: A,
  choice: RouteChoice,
  alternatives: A[],
): RouteResult<A> {
  return {
    kind: "routed",
    account,
    reason: choice.reason,
    rule: choice.rule,
    defaultNote: choice.defaultNote ?? null,
    alternatives: alternatives.map((a) => alternative(context, a)),
    held: context.holds(account),
  };
}

/**
 * The user's chosen default trading account when it can take this buy, else why it cannot (it
 * is gone, cannot trade, or has no buying power); nothing when the user has not chosen one.
 */
function usableDefault<A extends RoutableAccount>(
  context: RoutingContext<A>,
): { account: A } | { problem: string } | null {
  const chosen = context.defaultAccount;
  if (!chosen) return null;
  const account = context.accounts.find((a) => a.id === chosen.accountId);
  if (!account) {
    return { problem: `Your default trading account, ${chosen.label}, is no longer linked.` };
  }
  const label = accountLabel(account);
  const why = whyCannotTrade(account);
  if (why !== null)
    return { problem: `Your default trading account, ${label}, can't take orders now: ${why}.` };
  if (account.buyingPower !== null && account.buyingPower <= 0) {
    return { problem: `Your default trading account, ${label}, has no buying power.` };
  }
  return { account };
}

function routeToNamed<A extends RoutableAccount>(context: RoutingContext<A>, named: string): RouteResult<A> {
  let match = matchNamedAccount(named, context.accounts);
  if (match.kind === "several" && context.query.side === "sell") {
    // "Sell from my Schwab" with two Schwab accounts: only the ones holding the symbol can sell it.
    const holding = match.accounts.filter((a) => context.holds(a) > 0);
    const [only] = holding;
    if (holding.length === 1 && only) match = { kind: "one", account: only };
  }
  if (match.kind === "none") {
    const labels = [...context.accounts].sort(compareIds).map(accountLabel);
    return {
      kind: "clarify",
      question: `I couldn't find an account called "${named}". Which one did you mean: ${listInWords(labels)}?`,
    };
  }
  if (match.kind === "several") {
    const labels = [...match.accounts].sort(compareIds).map((a) => `${accountLabel(a)} (${a.id})`);
    return {
      kind: "clarify",
      question: `More than one account matches "${named}": ${listInWords(labels)}. Which one should I use?`,
    };
  }
  const account = match.account;
  const label = accountLabel(account);
  const why = whyCannotTrade(account);
  if (why !== null) return { kind: "refused", reason: `${label} can't take this order: ${why}.` };
  const { symbol } = context;
  if (context.query.side === "sell") {
    if (context.holds(account) <= 0) {
      const holders = context.accounts.filter((a) => context.holds(a) > 0).sort(byHoldingThenId(context));
      const elsewhere = holders.length > 0 ? ` It is held in ${listInWords(holders.map(accountLabel))}.` : "";
      return { kind: "refused", reason: `${label} holds no ${symbol}.${elsewhere}` };
    }
    const others = context.accounts
      .filter((a) => a !== account && context.holds(a) > 0)
      .sort(byHoldingThenId(context));
    return routed(context, account, { reason: `You chose ${label}.`, rule: "named" }, others);
  }
  const others = context.accounts
    .filter((a) => a !== account && canTradeNow(a))
    .sort(byHoldingThenId(context));
  return routed(context, account, { reason: `You chose ${label}.`, rule: "named" }, others);
}

function routeSell<A extends RoutableAccount>(context: RoutingContext<A>): RouteResult<A> {
  const { symbol } = context;
  const holders = context.accounts.filter((a) => context.holds(a) > 0).sort(byHoldingThenId(context));
  if (holders.length === 0) return { kind: "refused", reason: `None of your accounts hold ${symbol}.` };
  const tradeable = holders.filter(canTradeNow);
  const chosen = tradeable[0];
  if (!chosen) {
    return {
      kind: "refused",
      reason: `${symbol} is held only in ${listInWords(holders.map(withWhy))}, so it cannot be sold from here.`,
    };
  }
  const relative = context.query.size.kind === "all" || context.query.size.kind === "fraction";
  if (relative && tradeable.length > 1) {
    // "Sell half my Tesla" held in two tradeable accounts: half of which? Never pick silently.
    const each = tradeable.map((a) => `${accountLabel(a)} (${formatShares(context.holds(a))})`);
    return {
      kind: "clarify",
      question: `You hold ${symbol} in ${tradeable.length} accounts that can trade it: ${listInWords(each)}. Which account should I sell from? Each account gets its own confirmation.${readOnlyHoldersNote(context)}`,
    };
  }
  const label = accountLabel(chosen);
  const reason =
    tradeable.length === 1
      ? `${label} is the only account that holds ${symbol} and can trade it.`
      : `${label} holds the most ${symbol} (${formatShares(context.holds(chosen))}) of the ${tradeable.length} accounts that can sell it.`;
  return routed(
    context,
    chosen,
    { reason: reason + readOnlyHoldersNote(context), rule: "holder" },
    holders.filter((a) => a !== chosen),
  );
}

function routeBuy<A extends RoutableAccount>(context: RoutingContext<A>): RouteResult<A> {
  const { symbol } = context;
  const tradeable = context.accounts.filter(canTradeNow);
  if (tradeable.length === 0) {
    const accounts = [...context.accounts].sort(compareIds);
    return {
      kind: "refused",
      reason: `None of your accounts can trade: ${listInWords(accounts.map(withWhy))}. Link Alpaca or a brokerage with trading access.`,
    };
  }
  const holders = tradeable.filter((a) => context.holds(a) > 0).sort(byHoldingThenId(context));
  const holder = holders[0];
  const byDefault = usableDefault(context);
  let chosen: A;
  let choice: RouteChoice;
  if (holder) {
    // DESIGN section 5: the account that holds the symbol comes before any default.
    chosen = holder;
    const label = accountLabel(chosen);
    const reason =
      holders.length === 1
        ? `${label} already holds ${symbol}.`
        : `${label} already holds the most ${symbol} of your accounts that can trade.`;
    const passedOver =
      byDefault && "account" in byDefault && byDefault.account !== holder
        ? ` Your default trading account, ${accountLabel(byDefault.account)}, is used for symbols none of your trading accounts hold; pick it below to buy there instead.`
        : "";
    choice = { reason: reason + passedOver, rule: "holder" };
  } else if (byDefault && "account" in byDefault) {
    chosen = byDefault.account;
    choice = {
      reason: `${accountLabel(chosen)} is your default trading account, chosen by you, and none of your accounts that can trade hold ${symbol} yet.`,
      rule: "user_default",
    };
  } else {
    chosen = defaultTradingAccount(context.accounts)!;
    const label = accountLabel(chosen);
    const automatic = `${whyAutomatic(chosen, tradeable)}, and none of your accounts that can trade hold ${symbol} yet.`;
    const problem = byDefault && "problem" in byDefault ? byDefault.problem : null;
    choice = problem
      ? {
          reason: `${problem} Instead, ${automatic}`,
          rule: "automatic_default",
          defaultNote: `${problem} This order uses ${label} instead.`,
        }
      : { reason: automatic, rule: "automatic_default" };
  }
  const alternatives = tradeable
    .filter((a) => a !== chosen)
    .sort((a, b) => context.holds(b) - context.holds(a) || byBuyingPowerThenId(a, b));
  return routed(
    context,
    chosen,
    { ...choice, reason: choice.reason + readOnlyHoldersNote(context) },
    alternatives,
  );
}

/**
 * Decides which account an order goes to (DESIGN.md section 5). Pure: the same accounts,
 * holdings, request and default always give the same answer, ties broken by account id.
 *
 * The user's chosen default only decides what the rules leave to a default: a buy of a symbol
 * no tradeable account holds. A named account, the holder of a symbol being sold, and (for a
 * buy) the tradeable account already holding it come first, as DESIGN section 5 orders them.
 */
export function routeTrade<A extends RoutableAccount>(
  query: RouteQuery,
  accounts: A[],
  holdings: RoutableHolding[],
  options: RouteOptions = {},
): RouteResult<A> {
  if (accounts.length === 0) {
    return { kind: "refused", reason: "You have no linked accounts yet; connect a brokerage to trade." };
  }
  const symbol = query.symbol.trim().toUpperCase();
  // Summed as decimals: rows of 0.1 and 0.2 shares hold 0.3, not 0.30000000000000004.
  const held = new Map<string, Decimal>();
  for (const holding of holdings) {
    if (holding.symbol.trim().toUpperCase() !== symbol) continue;
    held.set(holding.accountId, (held.get(holding.accountId) ?? new Decimal(0)).plus(holding.quantity));
  }
  const context: RoutingContext<A> = {
    query,
    symbol,
    accounts,
    holds: (account) => Math.max(0, held.get(account.id)?.toNumber() ?? 0),
    defaultAccount: options.defaultAccount ?? null,
  };
  const named = query.account?.trim();
  if (named) return routeToNamed(context, named);
  return query.side === "sell" ? routeSell(context) : routeBuy(context);
}
