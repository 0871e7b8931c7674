import type { SnaptradeApi } from "./api.js";
import { type SnaptradeConnection, toConnection } from "./mapping.js";
import type { SnaptradeReadCaches } from "./read-caches.js";

export interface SnaptradeUserCredentials {
  userId: string;
  userSecret: string;
}

/**
 * The user's brokerage authorizations. Callers asking at the same moment (a sync lists them
 * beside the accounts, which need them too) share one request; nothing is kept after it.
 */
export function fetchConnections(
  api: SnaptradeApi,
  credentials: SnaptradeUserCredentials,
  caches: SnaptradeReadCaches,
): Promise<SnaptradeConnection[]> {
  const running = caches.connectionsInFlight.get(credentials.userId);
  if (running) return running;
  const request = api
    .read("listBrokerageAuthorizations", (options) =>
      api.sdk.connections.listBrokerageAuthorizations({ ...credentials }, options),
    )
    .then((authorizations) => {
      const connections = authorizations.map(toConnection);
      for (const connection of connections) {
        if (connection.fractionalUnits !== null)
          caches.fractionalUnits.set(connection.id, connection.fractionalUnits);
      }
      return connections;
    })
    .finally(() => caches.connectionsInFlight.delete(credentials.userId));
  caches.connectionsInFlight.set(credentials.userId, request);
  return request;
}
