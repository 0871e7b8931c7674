/**
 * What kind of failure an error is, independent of any transport: the server maps kinds to HTTP
 * statuses in one place (src/server/error-handler.ts), the MCP server to tool errors.
 */
export type ErrorKind =
  | "invalid"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "gone"
  /** Refused by a rule of the domain (limits, routing, a switch): the request was understood. */
  | "refused"
  | "rate_limited"
  /** A dependency (database, broker, model) cannot serve the request now. */
  | "unavailable"
  /** A dependency answered wrongly (a broker's error we cannot act on). */
  | "upstream"
  | "internal";

/**
 * The application's error hierarchy. Every layer throws these (or subclasses of them), each with
 * a stable code and a kind; none knows about HTTP.
 */
export class AppError extends Error {
  override readonly name: string = "AppError";
  readonly kind: ErrorKind = "internal";
  constructor(
    /** Stable machine-readable code, returned to clients as `error.code`. */
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Input that fails validation: nothing was changed. */
export class ValidationError extends AppError {
  override readonly name = "ValidationError";
  override readonly kind = "invalid";
  constructor(message: string, details?: Record<string, unknown>) {
    super("invalid_request", message, details);
  }
}

export class UnauthorizedError extends AppError {
  override readonly name = "UnauthorizedError";
  override readonly kind = "unauthorized";
  constructor(message = "A valid access token is required.") {
    super("unauthorized", message);
  }
}

export class ForbiddenError extends AppError {
  override readonly name = "ForbiddenError";
  override readonly kind = "forbidden";
  constructor(message: string, code = "forbidden") {
    super(code, message);
  }
}

/** Missing, or owned by someone else: the two are indistinguishable on purpose. */
export class NotFoundError extends AppError {
  override readonly name = "NotFoundError";
  override readonly kind = "not_found";
  constructor(what: string) {
    super("not_found", `${what} was not found.`);
  }
}

/** The request conflicts with the current state (in flight, already decided, tampered). */
export class ConflictError extends AppError {
  override readonly name = "ConflictError";
  override readonly kind = "conflict";
  constructor(message: string, code = "conflict", details?: Record<string, unknown>) {
    super(code, message, details);
  }
}

/** The thing existed but its time is over (an expired confirmation). */
export class GoneError extends AppError {
  override readonly name = "GoneError";
  override readonly kind = "gone";
  constructor(message: string, code = "expired") {
    super(code, message);
  }
}

export class TooManyRequestsError extends AppError {
  override readonly name = "TooManyRequestsError";
  override readonly kind = "rate_limited";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("rate_limited", message, { retryAfterSeconds });
  }
}

/** A dependency we need (database, broker, model) cannot serve the request now. */
export class UnavailableError extends AppError {
  override readonly name = "UnavailableError";
  override readonly kind = "unavailable";
  constructor(message: string, code = "unavailable") {
    super(code, message);
  }
}

/** Start-up configuration is wrong; the message names the variable. */
export class ConfigError extends AppError {
  override readonly name = "ConfigError";
  constructor(message: string) {
    super("config_invalid", message);
  }
}

/** An error as it can be stored and carried (a graph's state, a queue): rebuilt with its kind. */
export interface ErrorRecord {
  kind: ErrorKind;
  code: string;
  message: string;
}

export function errorRecord(error: AppError): ErrorRecord {
  return { kind: error.kind, code: error.code, message: error.message };
}

/** An AppError from a stored record: same kind, code and message. */
export function fromErrorRecord(record: ErrorRecord): AppError {
  return new (class extends AppError {
    override readonly kind = record.kind;
  })(record.code, record.message);
}
