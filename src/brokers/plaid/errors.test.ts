import { describe, expect, it } from "vitest";
import { RateLimited } from "../errors.js";
import { translatePlaidError } from "./errors.js";

const plaidFailure = (status: number, data: Record<string, unknown>) => ({
  isAxiosError: true as const,
  message: `Request failed with status code ${status}`,
  response: { status, data, headers: {} },
});

describe("translatePlaidError", () => {
  it("knows a rate limit by its error_type whatever the limit's error_code and status", () => {
    const error = translatePlaidError(
      plaidFailure(400, {
        error_type: "RATE_LIMIT_EXCEEDED",
        error_code: "INVESTMENTS_HOLDINGS_GET_LIMIT",
        error_message: "rate limit exceeded for investments holdings",
      }),
      "read",
      {},
    );
    expect(error).toBeInstanceOf(RateLimited);
  });

  it("does not call another error a rate limit", () => {
    const error = translatePlaidError(
      plaidFailure(400, { error_type: "INVALID_REQUEST", error_code: "INVALID_FIELD", error_message: "bad" }),
      "read",
      {},
    );
    expect(error).not.toBeInstanceOf(RateLimited);
  });
});
