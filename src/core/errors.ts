/**
 * The application's error hierarchy. Every layer throws these (or subclasses of them);
 * the HTTP server maps them to statuses in exactly one place (src/server/error-handler.ts).
 */
export class AppError extends Error {
  override readonly name: string = "AppError";
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
  constructor(message: string, details?: Record<string, unknown>) {
    super("invalid_request", message, details);
  }
}

export class UnauthorizedError extends AppError {
  override readonly name = "UnauthorizedError";
  constructor(message = "A valid access token is required.") {
    super("unauthorized", message);
  }
}

export class ForbiddenError extends AppError {
  override readonly name = "ForbiddenError";
  constructor(message: string, code = "forbidden") {
    super(code, message);
  }
}

/** Missing, or owned by someone else: the two are indistinguishable on purpose. */
export class NotFoundError extends AppError {
  override readonly name = "NotFoundError";
  constructor(what: string) {
    super("not_found", `${what} was not found.`);
  }
}

/** The request conflicts with the current state (in flight, already decided, tampered). */
export class ConflictError extends AppError {
  override readonly name = "ConflictError";
  constructor(message: string, code = "conflict", details?: Record<string, unknown>) {
    super(code, message, details);
  }
}

/** The thing existed but its time is over (an expired confirmation). */
export class GoneError extends AppError {
  override readonly name = "GoneError";
  constructor(message: string, code = "expired") {
    super(code, message);
  }
}

export class TooManyRequestsError extends AppError {
  override readonly name = "TooManyRequestsError";
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
