/**
 * A failed call to the service or to its auth server, with what a user needs to act on it. The
 * service's errors are `{error:{code, message}}`; Supabase Auth's are `{error_description}`,
 * `{msg}` or `{message}`.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  static async from(response: Response, fallback: string): Promise<ApiError> {
    const text = await response.text().catch(() => "");
    let code = `http_${response.status}`;
    let message = fallback;
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      const error = body.error as { code?: unknown; message?: unknown } | string | undefined;
      if (error && typeof error === "object") {
        if (typeof error.code === "string") code = error.code;
        if (typeof error.message === "string") message = error.message;
      } else {
        const detail = body.error_description ?? body.msg ?? body.message ?? error;
        if (typeof detail === "string") message = detail;
        if (typeof body.error_code === "string") code = body.error_code;
      }
    } catch {
      if (text.trim()) message = `${fallback}: ${text.trim().slice(0, 200)}`;
    }
    return new ApiError(response.status, code, message);
  }
}

/** The service could not be reached at all (nothing listening, DNS, refused). */
export class ServiceUnreachableError extends Error {
  override readonly name = "ServiceUnreachableError";
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(
      `cannot reach ${url}: ${cause instanceof Error ? (causeCode(cause) ?? cause.message) : String(cause)}`,
    );
  }
}

function causeCode(error: Error): string | undefined {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === "string" ? cause.code : undefined;
}
