/** The rows a trading session opens, still sealed: SnapTrade's user and the Alpaca key pair. */
export interface SealedTradingCredentials {
  snaptrade: { snaptrade_user_id: string; user_secret_encrypted: string } | null;
  alpaca: {
    account_id: string;
    key_id_encrypted: string;
    secret_encrypted: string;
    is_paper: boolean;
  } | null;
}

/**
 * The select-list columns `snaptrade` and `alpaca`: the user's sealed trading credentials as JSON
 * (null when there are none), for the statements that read them with other rows. `user` is the
 * user id's parameter ("$1").
 */
export function sealedTradingCredentialsColumns(user: string): string {
  return `(select row_to_json(s) from (select snaptrade_user_id, user_secret_encrypted from snaptrade_users
         where user_id = ${user}) s) as snaptrade,
       (select row_to_json(a) from (select account_id, key_id_encrypted, secret_encrypted, is_paper
         from alpaca_credentials where user_id = ${user}) a) as alpaca`;
}
