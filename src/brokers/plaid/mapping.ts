import type { Holding, InvestmentsHoldingsGetResponse, InvestmentTransaction, Security } from "plaid";
import { maskAccountNumber } from "../../core/logger.js";
import { cleanUntrustedText } from "../../core/untrusted-text.js";
import type { Activity, ActivityType, BrokerAccount, BrokerPosition } from "../model.js";
import { prefixedAccountId } from "../model.js";

const investmentAccountTypes = new Set(["investment", "brokerage"]);

/** Cash sits among Plaid holdings as a cash-equivalent security (ticker "CUR:USD"). */
function isCash(security: Security | undefined): boolean {
  return security?.is_cash_equivalent === true;
}

function securitiesById(response: InvestmentsHoldingsGetResponse): Map<string, Security> {
  return new Map(response.securities.map((s) => [s.security_id, s]));
}

/** Plaid accounts are holdings we can show, never trade. */
export function toAccounts(response: InvestmentsHoldingsGetResponse): BrokerAccount[] {
  const securities = securitiesById(response);
  const item = response.item;
  return response.accounts
    .filter((account) => investmentAccountTypes.has(String(account.type)))
    .map((account) => {
      const cashHoldings = response.holdings.filter(
        (h) => h.account_id === account.account_id && isCash(securities.get(h.security_id)),
      );
      const cash =
        cashHoldings.length > 0
          ? cashHoldings.reduce((sum, h) => sum + h.institution_value, 0)
          : account.balances.available;
      return {
        id: prefixedAccountId("plaid", account.account_id),
        provider: "plaid" as const,
        providerAccountId: account.account_id,
        connectionId: item.item_id,
        institution: cleanUntrustedText(item.institution_name ?? "") || "Plaid",
        name: cleanUntrustedText(account.name || account.official_name || "") || "Investment account",
        numberMasked: maskAccountNumber(account.mask),
        canTrade: false,
        connectionStatus: item.error ? ("broken" as const) : ("active" as const),
        isPaper: false,
        currency: account.balances.iso_currency_code || "USD",
        cash: cash ?? null,
        buyingPower: null,
        totalValue: account.balances.current ?? null,
        // Plaid's holdings have no per-account as-of; an item's update state is reported apart.
        dataAsOf: null,
      };
    });
}

function toPosition(accountId: string, holding: Holding, security: Security | undefined): BrokerPosition {
  const name = cleanUntrustedText(security?.name ?? "");
  const symbol = cleanUntrustedText(security?.ticker_symbol ?? "") || name || holding.security_id;
  return {
    accountId,
    symbol,
    description: name || symbol,
    quantity: holding.quantity,
    price: holding.institution_price,
    marketValue: holding.institution_value,
    costBasis: holding.cost_basis,
    currency: holding.iso_currency_code || "USD",
  };
}

export function toPositions(
  response: InvestmentsHoldingsGetResponse,
  accountId: string,
  providerAccountId: string,
) {
  const securities = securitiesById(response);
  return response.holdings
    .filter((h) => h.account_id === providerAccountId && !isCash(securities.get(h.security_id)))
    .map((h) => toPosition(accountId, h, securities.get(h.security_id)));
}

const cashSubtypes: Record<string, ActivityType> = {
  dividend: "dividend",
  "qualified dividend": "dividend",
  "non-qualified dividend": "dividend",
  deposit: "deposit",
  contribution: "deposit",
  withdrawal: "withdrawal",
  distribution: "withdrawal",
  interest: "interest",
};

function activityType(transaction: InvestmentTransaction): ActivityType {
  switch (transaction.type) {
    case "buy":
      return "buy";
    case "sell":
      return "sell";
    case "fee":
      return "fee";
    default:
      return cashSubtypes[transaction.subtype] ?? "other";
  }
}

export function toActivity(
  accountId: string,
  transaction: InvestmentTransaction,
  securities: Map<string, Security>,
): Activity {
  const security = transaction.security_id ? securities.get(transaction.security_id) : undefined;
  return {
    id: transaction.investment_transaction_id,
    accountId,
    type: activityType(transaction),
    symbol: security?.ticker_symbol ? cleanUntrustedText(security.ticker_symbol) : null,
    // Plaid signs a sell's quantity negative; every provider here reports sizes as positive.
    quantity: Math.abs(transaction.quantity),
    price: transaction.price,
    // Plaid's amount is positive when cash leaves the account; ours is the signed cash effect.
    amount: transaction.amount === 0 ? 0 : -transaction.amount,
    currency: transaction.iso_currency_code || "USD",
    at: new Date(transaction.transaction_datetime || `${transaction.date}T00:00:00Z`).toISOString(),
  };
}
