import { matchNamedAccount } from "./named-account.js";
import { buySize, sellSize } from "./trade-size.js";
import { accountLabel, canTradeNow, whyCannotTrade } from "./tradeability.js";
import type {
  RoutableAccount,
  RoutableHolding,
  RoutingAlternative,
  RoutingResult,
  TradeIntent,
} from "./types.js";
import { formatMoney, formatShares, listInWords } from "./wording.js";

/** Everything one routing decision looks at. */
interface RoutingContext<A extends RoutableAccount> {
  intent: TradeIntent;
  symbol: string;
  price: number | null;
  accounts: A[];
  holds(account: A): number;
}

/** The last tie-break everywhere: account id, so every decision is deterministic. */
export function compareIds(a: RoutableAccount, b: RoutableAccount): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
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

function alternative<A extends RoutableAccount>(
  context: RoutingContext<A>,
  account: A,
): RoutingAlternative<A> {
  return {
    account,
    holds: context.holds(account),
    buyingPower: account.buyingPower,
    canTrade: canTradeNow(account),
    whyNot: whyCannotTrade(account),
  };
}

/** "Fidelity Roth IRA (it is linked through Plaid, which is read-only)". */
function withWhy(account: RoutableAccount): string {
  return `${accountLabel(account)} (${whyCannotTrade(account)})`;
}

/** Alpaca when linked and able to trade, else the account that can trade with the most buying power. */
export function defaultTradingAccount<A extends RoutableAccount>(accounts: A[]): A | undefined {
  const tradeable = accounts.filter(canTradeNow);
  const alpaca = tradeable.filter((a) => a.provider === "alpaca");
  return [...(alpaca.length > 0 ? alpaca : tradeable)].sort(byBuyingPowerThenId)[0];
}

/** Sizes the order for the chosen account and checks a buy against its buying power. */
function finish<A extends RoutableAccount>(
  context: RoutingContext<A>,
  account: A,
  reason: string,
  alternatives: RoutingAlternative<A>[],
): RoutingResult<A> {
  const label = accountLabel(account);
  const { intent, symbol, price } = context;
  const sized =
    intent.side === "sell"
      ? sellSize(intent.amount, context.holds(account), symbol, label, price)
      : buySize(intent.amount, price);
  if (sized.kind === "refused") return sized;
  const { size } = sized;
  const warnings = [...size.warnings];
  let fitsBuyingPower: boolean | null = null;
  if (intent.side === "buy") {
    // Without a price the caller checks the estimate against buying power once it has quoted.
    if (size.estimatedAmount !== null && account.buyingPower === null) {
      warnings.push(`Buying power at ${label} could not be checked against this order.`);
    } else if (size.estimatedAmount !== null && account.buyingPower !== null) {
      fitsBuyingPower = size.estimatedAmount <= account.buyingPower;
      if (!fitsBuyingPower) {
        warnings.push(
          `${label} has ${formatMoney(account.buyingPower)} of buying power; this order needs about ${formatMoney(size.estimatedAmount)}.`,
        );
      }
    }
  }
  return {
    kind: "routed",
    account,
    reason,
    alternatives,
    quantity: size.quantity,
    notional: size.notional,
    estimatedAmount: size.estimatedAmount,
    fitsBuyingPower,
    warnings,
  };
}

function routeToNamed<A extends RoutableAccount>(
  context: RoutingContext<A>,
  named: string,
): RoutingResult<A> {
  let match = matchNamedAccount(named, context.accounts);
  if (match.kind === "several" && context.intent.side === "sell") {
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
  if (context.intent.side === "sell") {
    if (context.holds(account) <= 0) {
      const holders = context.accounts.filter((a) => context.holds(a) > 0).sort(byHoldingThenId(context));
      const elsewhere = holders.length > 0 ? ` It is held in ${listInWords(holders.map(accountLabel))}.` : "";
      return { kind: "refused", reason: `${label} holds no ${symbol}.${elsewhere}` };
    }
    const others = context.accounts
      .filter((a) => a !== account && context.holds(a) > 0)
      .sort(byHoldingThenId(context));
    return finish(
      context,
      account,
      `You chose ${label}.`,
      others.map((a) => alternative(context, a)),
    );
  }
  const others = context.accounts
    .filter((a) => a !== account && canTradeNow(a))
    .sort(byHoldingThenId(context));
  return finish(
    context,
    account,
    `You chose ${label}.`,
    others.map((a) => alternative(context, a)),
  );
}

function routeSell<A extends RoutableAccount>(context: RoutingContext<A>): RoutingResult<A> {
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
  const label = accountLabel(chosen);
  const reason =
    tradeable.length === 1
      ? `${label} is the only account that holds ${symbol} and can trade it.`
      : `${label} holds the most ${symbol} (${formatShares(context.holds(chosen))}) of the ${tradeable.length} accounts that can sell it.`;
  const alternatives = holders.filter((a) => a !== chosen).map((a) => alternative(context, a));
  return finish(context, chosen, reason, alternatives);
}

function routeBuy<A extends RoutableAccount>(context: RoutingContext<A>): RoutingResult<A> {
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
  const chosen = holder ?? defaultTradingAccount(tradeable)!;
  const label = accountLabel(chosen);
  let reason: string;
  if (holder) {
    reason =
      holders.length === 1
        ? `${label} already holds ${symbol}.`
        : `${label} already holds the most ${symbol} of your accounts that can trade.`;
  } else if (chosen.provider === "alpaca") {
    reason = `${label} is your default trading account, and none of your accounts hold ${symbol} yet.`;
  } else {
    reason = `${label} has the most buying power of your accounts that can trade, and none of them hold ${symbol} yet.`;
  }
  const alternatives = tradeable
    .filter((a) => a !== chosen)
    .sort((a, b) => context.holds(b) - context.holds(a) || byBuyingPowerThenId(a, b))
    .map((a) => alternative(context, a));
  return finish(context, chosen, reason, alternatives);
}

/**
 * Decides which account an order goes to (DESIGN.md section 5). Pure: the same accounts,
 * holdings and intent always give the same answer, ties broken by account id.
 */
export function routeTrade<A extends RoutableAccount>(
  intent: TradeIntent,
  accounts: A[],
  holdings: RoutableHolding[],
): RoutingResult<A> {
  if (accounts.length === 0) {
    return { kind: "refused", reason: "You have no linked accounts yet; connect a brokerage to trade." };
  }
  const symbol = intent.symbol.trim().toUpperCase();
  const held = new Map<string, number>();
  for (const holding of holdings) {
    if (holding.symbol.trim().toUpperCase() !== symbol) continue;
    held.set(holding.accountId, (held.get(holding.accountId) ?? 0) + holding.quantity);
  }
  const context: RoutingContext<A> = {
    intent,
    symbol,
    price: intent.price ?? null,
    accounts,
    holds: (account) => Math.max(0, held.get(account.id) ?? 0),
  };
  const named = intent.accountName?.trim();
  if (named) return routeToNamed(context, named);
  return intent.side === "sell" ? routeSell(context) : routeBuy(context);
}
