import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ZodError } from "zod";
import { AppError, type ErrorKind } from "../core/errors.js";
import type { Logger } from "../core/logger.js";

/** The one place where an error's kind becomes an HTTP status. No other layer knows about HTTP. */
const statusByKind: Readonly<Record<ErrorKind, ContentfulStatusCode>> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  refused: 422,
  rate_limited: 429,
  unavailable: 503,
  upstream: 502,
  internal: 500,
};

/** Hono's own refusals (body limit, unknown method, bad JSON) answered with our body shape. */
const codeByHttpStatus: Partial<Record<number, { code: string; message: string }>> = {
  400: { code: "invalid_request", message: "The request is malformed." },
  404: { code: "not_found", message: "No such route." },
  405: { code: "method_not_allowed", message: "This method is not allowed on this route." },
  413: { code: "payload_too_large", message: "The request body is too large." },
};

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** Seconds a rate-limited caller should wait, when the error says. */
function retryAfterOf(error: AppError): number | undefined {
  const seconds = error.details?.retryAfterSeconds ?? error.details?.retryAfter;
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/** The error as the `{error:{code,message}}` body and its status; unknown errors say nothing of their cause. */
export function errorAnswer(error: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  if (error instanceof AppError) {
    return {
      status: statusByKind[error.kind] ?? 500,
      body: { error: { code: error.code, message: error.message, details: error.details } },
    };
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return {
      status: 400,
      body: { error: { code: "invalid_request", message: `${where}${issue?.message ?? "invalid input"}` } },
    };
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const known = codeByHttpStatus[status];
    return {
      status,
      body: {
        error: {
          code: known?.code ?? "http_error",
          message: error.message || known?.message || "Request failed.",
        },
      },
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: "internal_error",
        message: "Something went wrong on our side. Nothing was changed by this request.",
      },
    },
  };
}

export function createErrorHandler(logger: Logger) {
  return (error: Error, c: Context) => {
    const requestId = c.get("requestId" as never) as string | undefined;
    const { status, body } = errorAnswer(error);
    const headers: Record<string, string> = {};
    // A rate limit, or a conflict that clears by itself (a retry while the first request runs).
    if (error instanceof AppError) {
      const seconds = retryAfterOf(error);
      if (seconds !== undefined) headers["Retry-After"] = String(Math.ceil(seconds));
    }
    if (status >= 500) logger.error({ err: error, requestId }, "request failed");
    return c.json(body, status, headers);
  };
}
