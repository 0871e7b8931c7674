import type { Logger } from "../../core/logger.js";
import { brokerCallCounter } from "../call-counter.js";
import type { CallKind } from "../call-failures.js";
import { type ReadRetryPolicy, retryRead } from "../retry.js";
import { type AlpacaFailureContext, translateAlpacaError } from "./errors.js";

/**
 * Every Alpaca SDK call goes through here: counted, translated, retried only if a read. The
 * SDK's own retry is off (see client.ts) so that this is the one retry policy for every broker.
 */
export class AlpacaCalls {
  constructor(
    private readonly readRetry: ReadRetryPolicy,
    private readonly logger: Logger,
  ) {}

  read<T>(operation: string, call: () => Promise<T>, context: AlpacaFailureContext = {}): Promise<T> {
    return retryRead(() => this.attempt("read", operation, call, context), this.readRetry);
  }

  /** Never replayed. `order_send` places an order; `order_write` previews or cancels. */
  write<T>(
    kind: "order_write" | "order_send",
    operation: string,
    call: () => Promise<T>,
    context: AlpacaFailureContext = {},
  ): Promise<T> {
    return this.attempt(kind, operation, call, context);
  }

  private async attempt<T>(
    kind: CallKind,
    operation: string,
    call: () => Promise<T>,
    context: AlpacaFailureContext,
  ): Promise<T> {
    brokerCallCounter.increment("alpaca");
    try {
      return await call();
    } catch (error) {
      const failure = translateAlpacaError(error, kind, context);
      if (failure === null) throw error;
      this.logger.warn({ provider: "alpaca", operation, code: failure.code }, "broker call failed");
      throw failure;
    }
  }
}
