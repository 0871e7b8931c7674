import { newId, randomToken } from "../lib/ids.js";
import { recordHistory } from "../world/history.js";
import type { Account, PlaidItem } from "../world/types.js";
import type { World } from "../world/world.js";

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * `/sandbox/public_token/create`: a new item (no sandbox user) with one funded investment
 * account, like Plaid's sandbox institutions.
 */
export function createSandboxItem(world: World, institutionId: string): PlaidItem {
  const item: PlaidItem = {
    id: randomToken(37, ID_ALPHABET),
    userId: null,
    institutionId,
    institutionName: `Sandbox Institution ${institutionId}`,
    publicToken: `public-sandbox-${newId()}`,
    accessToken: null,
    loginRequired: false,
    createdAt: world.nowIso(),
  };
  world.plaidItems.set(item.id, item);
  const account: Account = {
    id: randomToken(37, ID_ALPHABET),
    provider: "plaid",
    userId: null,
    name: "Plaid Investment Account",
    number: randomToken(10, "0123456789"),
    institution: item.institutionName,
    cash: 1_500,
    margin: 0,
    positions: [
      { symbol: "VTI", units: 12, avgPrice: world.prices.price("VTI") },
      { symbol: "BND", units: 20, avgPrice: world.prices.price("BND") },
    ],
    createdAt: world.nowIso(),
    connectionId: null,
    itemId: item.id,
    alpacaKeyId: null,
    alpacaSecret: null,
  };
  world.accounts.set(account.id, account);
  recordHistory(world, account);
  return item;
}
