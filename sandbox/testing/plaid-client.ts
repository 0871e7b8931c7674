import { Configuration, PlaidApi } from "plaid";
import { DEFAULT_PLAID_CLIENT_ID, DEFAULT_PLAID_SECRET } from "../defaults.js";

/** The real Plaid SDK pointed at a running sandbox (tests only). */
export function plaidClient(
  url: string,
  credentials = { clientId: DEFAULT_PLAID_CLIENT_ID, secret: DEFAULT_PLAID_SECRET },
) {
  return new PlaidApi(
    new Configuration({
      basePath: url,
      baseOptions: {
        timeout: 5000,
        headers: { "PLAID-CLIENT-ID": credentials.clientId, "PLAID-SECRET": credentials.secret },
      },
    }),
  );
}
