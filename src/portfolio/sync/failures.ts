import { AuthFailed, BrokerUnavailable, ConnectionBroken, RateLimited } from "../../brokers/errors.js";
import type { ConnectionStatus, Provider } from "../../brokers/model.js";
import { DecryptionError } from "../../core/secrets/cipher.js";

/** Why a provider's data could not be refreshed, in words for the user, and what it says about the link. */
export interface SyncFailure {
  message: string;
  /** The connection state the error proves, or null when it says nothing about the link. */
  status: ConnectionStatus | null;
}

const providerNames: Record<Provider, string> = { snaptrade: "SnapTrade", alpaca: "Alpaca", plaid: "Plaid" };

export function providerName(provider: Provider): string {
  return providerNames[provider];
}

/** A read that took longer than the per-provider budget. */
export class SyncTimeout extends BrokerUnavailable {
  constructor(provider: Provider, ms: number) {
    super(provider, `${providerName(provider)} did not answer within ${ms / 1000} s.`);
  }
}

/** What to do about a disabled SnapTrade connection. */
export function reconnectHint(connectionId: string | null): string {
  return `The brokerage connection is disabled; reconnect it (POST /api/snaptrade/connection-url with {"reconnect":"${connectionId ?? ""}"}).`;
}

/** `connectionId`: the account's connection, named in the reconnect hint when the error does not carry it. */
export function describeFailure(
  provider: Provider,
  error: unknown,
  connectionId?: string | null,
): SyncFailure {
  const name = providerName(provider);
  if (error instanceof ConnectionBroken) {
    if (provider === "snaptrade" && error.reconnectable) {
      return { status: "disabled", message: reconnectHint(error.connectionId ?? connectionId ?? null) };
    }
    return { status: "broken", message: `The ${name} link needs repair; link the account again.` };
  }
  if (error instanceof AuthFailed || error instanceof DecryptionError) {
    return {
      status: "broken",
      message: `${name} no longer accepts the stored credentials; link the account again.`,
    };
  }
  if (error instanceof RateLimited) {
    return {
      status: null,
      message: `${name} is rate-limiting requests; try again in ${error.retryAfter} s.`,
    };
  }
  if (error instanceof BrokerUnavailable) return { status: null, message: error.message };
  return { status: null, message: `${name} could not be refreshed.` };
}

/** Stops waiting for `work` after `ms`; the work itself carries on but its result is ignored. */
export async function withTimeout<T>(work: Promise<T>, ms: number, provider: Provider): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SyncTimeout(provider, ms)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
