import type { CommercialApiKeyAuth, Snaptrade } from "snaptrade-typescript-sdk";
import { SnaptradeError } from "snaptrade-typescript-sdk";
import type { Logger } from "../../core/logger.js";
import { brokerCallCounter } from "../call-counter.js";
import type { CallKind } from "../call-failures.js";
import { DeadlineExceeded, withDeadline } from "../deadline.js";
import { OrderRejected, OutcomeUnknown, RateLimited } from "../errors.js";
import type { BudgetAnswer, RateBudget } from "../rate-budget.js";
import { headerReader, retryAfterSeconds } from "../rate-limit-hints.js";
import { type ReadRetryPolicy, retryRead } from "../retry.js";
import { type FailureContext, translateSnaptradeError } from "./errors.js";

export type SnaptradeSdk = Snaptrade<CommercialApiKeyAuth>;

export interface SnaptradeCallSettings {
  /** Per request, reads and actions. */
  timeoutMs: number;
  /** Order sends: per request and, as an outer bound, for the SDK call as a whole. */
  orderTimeoutMs: number;
  readRetry: ReadRetryPolicy;
  /** The deployment's request budget for this client id, shared by every replica. */
  budget?: { budget: RateBudget; credential: string } | undefined;
}

/** The axios options every SDK method accepts as its second argument. */
export interface SnaptradeRequestOptions {
  timeout: number;
  validateStatus: (status: number) => boolean;
  signal?: AbortSignal;
}

interface SnaptradeResponse<T> {
  status: number;
  data: T;
  headers: unknown;
}

type SdkCall<T> = (options: SnaptradeRequestOptions) => Promise<SnaptradeResponse<T>>;

/**
 * A 429 comes back as a response instead of an error: on an error the SDK replays the request
 * (order POSTs included) for up to 35 s with fixed waits, ignoring Retry-After.
 */
const passRateLimits = (status: number) => (status >= 200 && status < 300) || status === 429;

/** Every SnapTrade SDK call goes through here: counted, timed out, translated, retried only if a read. */
export class SnaptradeApi {
  constructor(
    readonly sdk: SnaptradeSdk,
    private readonly settings: SnaptradeCallSettings,
    private readonly logger: Logger,
  ) {}

  read<T>(operation: string, call: SdkCall<T>, context: FailureContext = {}): Promise<T> {
    return retryRead(
      () => this.attempt("read", operation, call, this.settings.timeoutMs, context),
      this.settings.readRetry,
    );
  }

  /** A write that is never replayed; `order_write` when a refusal is the broker refusing an order. */
  write<T>(
    operation: string,
    call: SdkCall<T>,
    context: FailureContext = {},
    kind: "write" | "order_write" = "write",
  ): Promise<T> {
    return this.attempt(kind, operation, call, this.settings.timeoutMs, context);
  }

  /** Sent once; no answer within the bound means the order may or may not exist. */
  async sendOrder<T>(operation: string, call: SdkCall<T>, context: FailureContext = {}): Promise<T> {
    const bound = this.settings.orderTimeoutMs;
    try {
      return await withDeadline(bound, (signal) =>
        this.attempt("order_send", operation, call, bound, context, signal),
      );
    } catch (error) {
      if (error instanceof DeadlineExceeded) throw new OutcomeUnknown("snaptrade", error.message);
      throw error;
    }
  }

  /**
   * Spends one request of the shared budget, or says why not: a read is RateLimited (the sync
   * serves the stored data with its age), an order is refused at once, nothing sent.
   */
  private async spend(kind: CallKind, operation: string): Promise<void> {
    const shared = this.settings.budget;
    if (!shared) return;
    let answer: BudgetAnswer;
    try {
      answer = await shared.budget.take(shared.credential, kind === "read" ? "read" : "order");
    } catch (error) {
      // The vendor's own 429 stays the backstop when the budget cannot be read.
      this.logger.warn({ err: error, provider: "snaptrade", operation }, "rate budget unavailable");
      return;
    }
    if (answer.granted) return;
    this.logger.warn(
      { provider: "snaptrade", operation, retryAfter: answer.retryAfterSeconds },
      "rate budget spent",
    );
    if (kind === "order_send") {
      throw new OrderRejected(
        "snaptrade",
        `our SnapTrade request budget is spent for the moment; nothing was sent. Try again in ${answer.retryAfterSeconds} s.`,
      );
    }
    throw new RateLimited("snaptrade", answer.retryAfterSeconds, true);
  }

  private async attempt<T>(
    kind: CallKind,
    operation: string,
    call: SdkCall<T>,
    timeoutMs: number,
    context: FailureContext,
    signal?: AbortSignal,
  ): Promise<T> {
    await this.spend(kind, operation);
    brokerCallCounter.increment("snaptrade");
    let response: SnaptradeResponse<T>;
    try {
      response = await call({ timeout: timeoutMs, validateStatus: passRateLimits, signal });
    } catch (error) {
      // Programming errors (a missing parameter) surface as they are.
      if (!(error instanceof SnaptradeError)) throw error;
      const failure = translateSnaptradeError(error, kind, context);
      // Never log the SDK error itself: its url carries the userSecret.
      this.logger.warn(
        { provider: "snaptrade", operation, status: error.status, code: failure.code },
        "broker call failed",
      );
      throw failure;
    }
    if (response.status === 429) {
      const retryAfter = retryAfterSeconds(
        headerReader(response.headers),
        JSON.stringify(response.data ?? ""),
      );
      this.logger.warn({ provider: "snaptrade", operation, retryAfter }, "broker rate limit");
      throw new RateLimited("snaptrade", retryAfter);
    }
    return response.data;
  }
}
