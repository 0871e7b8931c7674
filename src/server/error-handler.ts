import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ZodError } from "zod";
import type { BrokerErrorCode } from "../brokers/errors.js";
import {
  AppError,
  ConflictError,
  type ErrorKind,
  ForbiddenError,
  GoneError,
  NotFoundError,
  TooManyRequestsError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
} from "../core/errors.js";
import type { Logger } from "../core/logger.js";

/** The one place where typed errors become HTTP statuses. Order matters: subclasses first. */
const statusByClass: Array<[abstract new (...args: never[]) => AppError, ContentfulStatusCode]> = [
  [ValidationError, 400],
  [UnauthorizedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [GoneError, 410],
  [TooManyRequestsError, 429],
  [UnavailableError, 503],
];

/** What each broker error code means on the wire (the brokers layer knows nothing of HTTP). */
const brokerStatusByCode: Record<BrokerErrorCode, ContentfulStatusCode> = {
  broker_unavailable: 503,
  broker_rate_limited: 429,
  connection_broken: 409,
  broker_auth_failed: 502,
  order_rejected: 422,
  outcome_unknown: 202,
  broker_not_found: 404,
  broker_request_refused: 502,
  broker_bad_answer: 502,
};

/** Errors of lower layers that carry their own meaning; each names the status it deserves. */
const statusByCode: Record<string, ContentfulStatusCode> = {
  payload_too_large: 413,
  idempotency_key_reused: 422,
  ...brokerStatusByCode,
};

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** Kinds of error and the status each answers with. */
const statusByKind: Record<ErrorKind, ContentfulStatusCode> = {
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

export function statusOf(error: AppError): ContentfulStatusCode {
  for (const [cls, status] of statusByClass) if (error instanceof cls) return status;
  if (error.kind !== "internal") return statusByKind[error.kind];
  return statusByCode[error.code] ?? (error as { httpStatus?: ContentfulStatusCode }).httpStatus ?? 500;
}

export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  body: ErrorBody,
  headers?: HeadersInit,
) {
  return c.json(body, status, headers as Record<string, string> | undefined);
}

export function createErrorHandler(logger: Logger) {
  return (error: Error, c: Context) => {
    const requestId = c.get("requestId" as never) as string | undefined;
    if (error instanceof AppError) {
      const status = statusOf(error);
      const headers: Record<string, string> = {};
      if (error instanceof TooManyRequestsError)
        headers["Retry-After"] = String(Math.ceil(error.retryAfterSeconds));
      if (error.code === "idempotency_in_progress") headers["Retry-After"] = "1";
      if (status >= 500) logger.error({ err: error, requestId }, "request failed");
      return errorResponse(
        c,
        status,
        { error: { code: error.code, message: error.message, details: error.details } },
        headers,
      );
    }
    if (error instanceof ZodError) {
      const issue = error.issues[0];
      const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
      return errorResponse(c, 400, {
        error: { code: "invalid_request", message: `${where}${issue?.message ?? "invalid input"}` },
      });
    }
    if (error instanceof HTTPException) {
      const status = error.status as ContentfulStatusCode;
      const code = status === 413 ? "payload_too_large" : status === 404 ? "not_found" : "http_error";
      return errorResponse(c, status, { error: { code, message: error.message || "Request failed." } });
    }
    logger.error({ err: error, requestId }, "unhandled error");
    return errorResponse(c, 500, {
      error: {
        code: "internal_error",
        message: "Something went wrong on our side. Nothing was changed by this request.",
      },
    });
  };
}
