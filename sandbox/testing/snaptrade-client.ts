import { Snaptrade, SnaptradeAuth } from "snaptrade-typescript-sdk";
import { DEFAULT_SNAPTRADE_CLIENT_ID, DEFAULT_SNAPTRADE_CONSUMER_KEY } from "../defaults.js";

/** The real SnapTrade SDK pointed at a running sandbox (tests only). */
export function snaptradeClient(url: string, timeout = 5000, consumerKey = DEFAULT_SNAPTRADE_CONSUMER_KEY) {
  return new Snaptrade({
    auth: SnaptradeAuth.commercialApiKey({ clientId: DEFAULT_SNAPTRADE_CLIENT_ID, consumerKey }),
    basePath: `${url}/snaptrade`,
    baseOptions: { timeout },
  });
}
