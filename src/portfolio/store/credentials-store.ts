import type { Provider } from "../../brokers/model.js";
import type { Queryable } from "../../core/db/queryable.js";
import { decryptSecret, encryptSecret } from "../../core/secrets/cipher.js";
import type { Keyring } from "../../core/secrets/keyring.js";
import type { SnaptradeCredentials } from "../broker-clients.js";
import { type AccountRow, accountColumns } from "./accounts-store.js";
import { type SealedTradingCredentials, sealedTradingCredentialsColumns } from "./sealed-credentials.js";

/**
 * Broker secrets at rest. Each is sealed with the user id and its column as associated data, so
 * a value copied to another row fails to decrypt. Decryption failures surface as DecryptionError.
 */
const purposes = {
  snaptradeSecret: "snaptrade_users.user_secret",
  alpacaKeyId: "alpaca_credentials.key_id",
  alpacaSecret: "alpaca_credentials.secret",
  plaidToken: "plaid_items.access_token",
} as const;

export interface AlpacaCredentials {
  accountId: string;
  keyId: string;
  secret: string;
  paper: boolean;
}

export interface PlaidItemCredentials {
  itemId: string;
  institution: string;
  accessToken: string;
  status: "active" | "broken";
}

/**
 * The user's sealed trading credentials and, when `accountId` is given, that account's row, in
 * one statement: what opening a trading session reads.
 */
export async function readTradingAccess(
  q: Queryable,
  userId: string,
  accountId: string | null,
): Promise<SealedTradingCredentials & { account: AccountRow | null }> {
  const result = await q.query<SealedTradingCredentials & { account: AccountRow | null }>(
    `select ${sealedTradingCredentialsColumns("$1")},
       (select row_to_json(x) from (select ${accountColumns} from user_investment_accounts
         where user_id = $1 and id = $2) x) as account`,
    [userId, accountId],
  );
  const row = result.rows[0];
  return { snaptrade: row?.snaptrade ?? null, alpaca: row?.alpaca ?? null, account: row?.account ?? null };
}

export class CredentialsStore {
  constructor(private readonly keyring: Keyring) {}

  /** Which providers the user has credentials for (one query). */
  async linkedProviders(q: Queryable, userId: string): Promise<Provider[]> {
    const result = await q.query<{ snaptrade: boolean; alpaca: boolean; plaid: boolean }>(
      `select exists (select 1 from snaptrade_users where user_id = $1) as snaptrade,
         exists (select 1 from alpaca_credentials where user_id = $1) as alpaca,
         exists (select 1 from plaid_items where user_id = $1) as plaid`,
      [userId],
    );
    const row = result.rows[0];
    return (["snaptrade", "alpaca", "plaid"] as const).filter((p) => row?.[p]);
  }

  /** Null when the user never registered with SnapTrade. */
  async snaptrade(q: Queryable, userId: string): Promise<SnaptradeCredentials | null> {
    const result = await q.query<NonNullable<SealedTradingCredentials["snaptrade"]>>(
      "select snaptrade_user_id, user_secret_encrypted from snaptrade_users where user_id = $1",
      [userId],
    );
    return this.openSnaptrade(userId, result.rows[0] ?? null);
  }

  /** Decrypts a SnapTrade row read elsewhere (`readTradingAccess`); null when there is none. */
  openSnaptrade(userId: string, row: SealedTradingCredentials["snaptrade"]): SnaptradeCredentials | null {
    if (!row) return null;
    const userSecret = decryptSecret(this.keyring, row.user_secret_encrypted, {
      userId,
      purpose: purposes.snaptradeSecret,
    });
    return { userId: row.snaptrade_user_id, userSecret };
  }

  async saveSnaptrade(q: Queryable, userId: string, credentials: SnaptradeCredentials): Promise<void> {
    const sealed = encryptSecret(this.keyring, credentials.userSecret, {
      userId,
      purpose: purposes.snaptradeSecret,
    });
    await q.query(
      `insert into snaptrade_users (user_id, snaptrade_user_id, user_secret_encrypted) values ($1, $2, $3)
       on conflict (user_id) do update set snaptrade_user_id = excluded.snaptrade_user_id,
         user_secret_encrypted = excluded.user_secret_encrypted, updated_at = now()`,
      [userId, credentials.userId, sealed],
    );
  }

  async deleteSnaptrade(q: Queryable, userId: string): Promise<void> {
    await q.query("delete from snaptrade_users where user_id = $1", [userId]);
  }

  async alpaca(q: Queryable, userId: string): Promise<AlpacaCredentials | null> {
    const result = await q.query<NonNullable<SealedTradingCredentials["alpaca"]>>(
      "select account_id, key_id_encrypted, secret_encrypted, is_paper from alpaca_credentials where user_id = $1",
      [userId],
    );
    return this.openAlpaca(userId, result.rows[0] ?? null);
  }

  /** Decrypts an Alpaca row read elsewhere (`readTradingAccess`); null when there is none. */
  openAlpaca(userId: string, row: SealedTradingCredentials["alpaca"]): AlpacaCredentials | null {
    if (!row) return null;
    return {
      accountId: row.account_id,
      keyId: decryptSecret(this.keyring, row.key_id_encrypted, { userId, purpose: purposes.alpacaKeyId }),
      secret: decryptSecret(this.keyring, row.secret_encrypted, { userId, purpose: purposes.alpacaSecret }),
      paper: row.is_paper,
    };
  }

  /** One Alpaca key pair per user: linking again replaces it. */
  async saveAlpaca(q: Queryable, userId: string, credentials: AlpacaCredentials): Promise<void> {
    await q.query(
      `insert into alpaca_credentials (user_id, account_id, key_id_encrypted, secret_encrypted, is_paper)
       values ($1, $2, $3, $4, $5)
       on conflict (user_id) do update set account_id = excluded.account_id,
         key_id_encrypted = excluded.key_id_encrypted, secret_encrypted = excluded.secret_encrypted,
         is_paper = excluded.is_paper, updated_at = now()`,
      [
        userId,
        credentials.accountId,
        encryptSecret(this.keyring, credentials.keyId, { userId, purpose: purposes.alpacaKeyId }),
        encryptSecret(this.keyring, credentials.secret, { userId, purpose: purposes.alpacaSecret }),
        credentials.paper,
      ],
    );
  }

  async plaidItems(
    q: Queryable,
    userId: string,
  ): Promise<Array<Omit<PlaidItemCredentials, "accessToken"> & { sealed: string }>> {
    const result = await q.query<{
      item_id: string;
      institution: string;
      access_token_encrypted: string;
      status: "active" | "broken";
    }>(
      "select item_id, institution, access_token_encrypted, status from plaid_items where user_id = $1 order by item_id",
      [userId],
    );
    return result.rows.map((r) => ({
      itemId: r.item_id,
      institution: r.institution,
      status: r.status,
      sealed: r.access_token_encrypted,
    }));
  }

  openPlaidToken(userId: string, sealed: string): string {
    return decryptSecret(this.keyring, sealed, { userId, purpose: purposes.plaidToken });
  }

  /** Upsert on Plaid's item id; returns false when the item belongs to another user (nothing changed). */
  async savePlaidItem(q: Queryable, userId: string, item: PlaidItemCredentials): Promise<boolean> {
    const result = await q.query(
      `insert into plaid_items (item_id, user_id, institution, access_token_encrypted, status)
       values ($1, $2, $3, $4, $5)
       on conflict (item_id) do update set institution = excluded.institution,
         access_token_encrypted = excluded.access_token_encrypted, status = excluded.status, updated_at = now()
       where plaid_items.user_id = excluded.user_id`,
      [
        item.itemId,
        userId,
        item.institution,
        encryptSecret(this.keyring, item.accessToken, { userId, purpose: purposes.plaidToken }),
        item.status,
      ],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async deletePlaidItem(q: Queryable, userId: string, itemId: string): Promise<void> {
    await q.query("delete from plaid_items where user_id = $1 and item_id = $2", [userId, itemId]);
  }
}
