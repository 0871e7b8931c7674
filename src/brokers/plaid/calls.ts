import type { PlaidApi } from "plaid";
import type { Logger } from "../../core/logger.js";
import { brokerCallCounter } from "../call-counter.js";
import { type ReadRetryPolicy, retryRead } from "../retry.js";
import { type PlaidFailureContext, translatePlaidError } from "./errors.js";

export interface PlaidCallSettings {
  timeoutMs: number;
  readRetry: ReadRetryPolicy;
}

type SdkCall<T> = (options: { timeout: number }) => Promise<{ data: T }>;

/** Every Plaid SDK call goes through here: counted, timed out, translated, retried only if a read. */
export class PlaidCalls {
  constructor(
    readonly api: PlaidApi,
    private readonly settings: PlaidCallSettings,
    private readonly logger: Logger,
  ) {}

  read<T>(operation: string, call: SdkCall<T>, context: PlaidFailureContext = {}): Promise<T> {
    return retryRead(() => this.attempt("read", operation, call, context), this.settings.readRetry);
  }

  write<T>(operation: string, call: SdkCall<T>, context: PlaidFailureContext = {}): Promise<T> {
    return this.attempt("write", operation, call, context);
  }

  private async attempt<T>(
    kind: "read" | "write",
    operation: string,
    call: SdkCall<T>,
    context: PlaidFailureContext,
  ): Promise<T> {
    brokerCallCounter.increment("plaid");
    try {
      return (await call({ timeout: this.settings.timeoutMs })).data;
    } catch (error) {
      const failure = translatePlaidError(error, kind, context);
      if (failure === null) throw error;
      // The axios error itself is never logged: its config holds the secret headers and token.
      this.logger.warn({ provider: "plaid", operation, code: failure.code }, "broker call failed");
      throw failure;
    }
  }
}
