import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger } from "pino";

/** Field names whose values never reach a log line, at any of the first three levels of nesting. */
const sensitiveKeys = [
  "authorization",
  "Authorization",
  "cookie",
  "signature",
  "Signature",
  "plaid-verification",
  "apikey",
  "password",
  "secret",
  "userSecret",
  "user_secret",
  "consumerKey",
  "consumer_key",
  "token",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "publicToken",
  "public_token",
  "keyId",
  "apca-api-key-id",
  "apca-api-secret-key",
  "accountNumber",
  "account_number",
  "number",
  "encryptionKey",
];

export const redactedPaths = sensitiveKeys.flatMap((key) => {
  const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const join = (prefix: string) => (safe.startsWith("[") ? `${prefix}${safe}` : `${prefix}.${safe}`);
  return [safe.startsWith("[") ? safe.slice(2, -2) : safe, join("*"), join("*.*"), join("*.*.*")];
});

export interface LoggerOptions {
  level?: string;
  /** Where lines go; tests pass a capturing stream. Default: stdout. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      redact: { paths: redactedPaths, censor: "[redacted]" },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

/** Shows only the last four characters of an account number: "••••6789". */
export function maskAccountNumber(accountNumber: string | null | undefined): string {
  if (!accountNumber) return "";
  const tail = accountNumber.replace(/\s/g, "").slice(-4);
  return `••••${tail}`;
}
