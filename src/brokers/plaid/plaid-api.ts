import { Configuration, PlaidApi, PlaidEnvironments } from "plaid";
import type { PlaidCallSettings } from "./calls.js";
import type { PlaidSettings } from "./client.js";

/**
 * The Plaid SDK client, authenticated by headers. It follows no redirect: a 3xx is an answer,
 * never a hop, since following one (307 keeps the method and body) would send the client id and
 * secret headers and the request's access token to wherever it points.
 */
export function plaidApi(settings: PlaidSettings, calls: Pick<PlaidCallSettings, "timeoutMs">): PlaidApi {
  return new PlaidApi(
    new Configuration({
      basePath: settings.baseUrl?.replace(/\/+$/, "") ?? PlaidEnvironments.production,
      baseOptions: {
        headers: { "PLAID-CLIENT-ID": settings.clientId, "PLAID-SECRET": settings.secret },
        timeout: calls.timeoutMs,
        maxRedirects: 0,
      },
    }),
  );
}
