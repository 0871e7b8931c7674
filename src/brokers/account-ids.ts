import { BrokerNotFound } from "./errors.js";
import { type Provider, splitAccountId } from "./model.js";

/**
 * The broker's own id inside one of our prefixed account ids. An id of another provider (or
 * no valid id at all) is an account this session cannot know.
 */
export function providerAccountIdFor(provider: Provider, accountId: string): string {
  const match = /^(snaptrade|alpaca|plaid)_/.test(accountId) ? splitAccountId(accountId) : null;
  if (match === null || match.provider !== provider)
    throw new BrokerNotFound(provider, `account ${accountId}`);
  return match.providerAccountId;
}
