import type { SnaptradeApi } from "./api.js";
import { type SnaptradeConnection, toConnection } from "./mapping.js";

export interface SnaptradeUserCredentials {
  userId: string;
  userSecret: string;
}

export async function fetchConnections(
  api: SnaptradeApi,
  credentials: SnaptradeUserCredentials,
): Promise<SnaptradeConnection[]> {
  const authorizations = await api.read("listBrokerageAuthorizations", (options) =>
    api.sdk.connections.listBrokerageAuthorizations({ ...credentials }, options),
  );
  return authorizations.map(toConnection);
}
