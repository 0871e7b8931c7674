import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { randomToken } from "../lib/ids.js";
import type { FaultResponder } from "../runtime/operation.js";

export function plaidRequestId(): string {
  return randomToken(15, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
}

interface PlaidErrorInput {
  type: string;
  code: string;
  message: string;
  display?: string | null;
  status: ContentfulStatusCode;
}

/** Plaid's error envelope, with every key the spec lists. */
export function plaidError(c: Context, error: PlaidErrorInput): Response {
  return c.json(
    {
      error_type: error.type,
      error_code: error.code,
      error_code_reason: null,
      error_message: error.message,
      display_message: error.display ?? null,
      request_id: plaidRequestId(),
      causes: [],
      status: error.status,
      documentation_url: `https://plaid.com/docs/errors/${error.type.toLowerCase().replace(/_/g, "-")}/#${error.code.toLowerCase()}`,
      suggested_action: null,
    },
    error.status,
  );
}

export const plaidErrors = {
  invalidApiKeys: {
    type: "INVALID_INPUT",
    code: "INVALID_API_KEYS",
    message: "invalid client_id or secret provided",
    status: 400,
  },
  invalidAccessToken: {
    type: "INVALID_INPUT",
    code: "INVALID_ACCESS_TOKEN",
    message:
      "provided access token is in an invalid format. expected format: access-<environment>-<identifier>",
    status: 400,
  },
  invalidPublicToken: {
    type: "INVALID_INPUT",
    code: "INVALID_PUBLIC_TOKEN",
    message:
      "provided public token is expired. Public tokens expire 30 minutes after creation at which point they can no longer be exchanged",
    display: null,
    status: 400,
  },
  itemLoginRequired: {
    type: "ITEM_ERROR",
    code: "ITEM_LOGIN_REQUIRED",
    message:
      "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information. use Link's update mode to restore the item to a good state",
    display: "The provided credentials were not correct. Please try again.",
    status: 400,
  },
  internal: {
    type: "API_ERROR",
    code: "INTERNAL_SERVER_ERROR",
    message: "an unexpected error occurred",
    display: "Something went wrong. Please try again later.",
    status: 500,
  },
  rateLimited: {
    type: "RATE_LIMIT_EXCEEDED",
    code: "RATE_LIMIT",
    message: "rate limit exceeded for attempts to access this item. please try again later",
    status: 429,
  },
} satisfies Record<string, PlaidErrorInput>;

export const invalidRequest = (message: string): PlaidErrorInput => ({
  type: "INVALID_REQUEST",
  code: "INVALID_FIELD",
  message,
  status: 400,
});

export const respondToPlaidFault: FaultResponder = (c, mode) => {
  switch (mode) {
    case "error500":
      return plaidError(c, plaidErrors.internal);
    case "rateLimit":
      c.header("Retry-After", "1");
      return plaidError(c, plaidErrors.rateLimited);
    case "connectionDisabled":
      return plaidError(c, plaidErrors.itemLoginRequired);
  }
};
