/** Reads one response header, case-insensitively; undefined when absent. */
export type HeaderReader = (name: string) => string | undefined;

/** Adapts fetch Headers, axios headers and plain header objects to one reader. */
export function headerReader(headers: unknown): HeaderReader {
  if (headers && typeof (headers as { get?: unknown }).get === "function") {
    const withGet = headers as { get(name: string): unknown };
    return (name) => {
      const value = withGet.get(name);
      return value === null || value === undefined ? undefined : String(value);
    };
  }
  const plain = (headers ?? {}) as Record<string, unknown>;
  return (name) => {
    const key = Object.keys(plain).find((k) => k.toLowerCase() === name.toLowerCase());
    const value = key === undefined ? undefined : plain[key];
    return value === null || value === undefined ? undefined : String(value);
  };
}

const fallbackSeconds = 5;

/**
 * Seconds to wait after a 429, from `Retry-After` (seconds or HTTP date), else
 * `X-RateLimit-Reset` (epoch seconds at Alpaca, seconds-until at SnapTrade: told apart by size),
 * else SnapTrade's "Expected available in N seconds" text, else a conservative default.
 */
export function retryAfterSeconds(readHeader: HeaderReader, bodyText = "", nowMs = Date.now()): number {
  const retryAfter = readHeader("retry-after");
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return atLeastOne(seconds);
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return atLeastOne((at - nowMs) / 1000);
  }
  const reset = Number(readHeader("x-ratelimit-reset"));
  if (Number.isFinite(reset) && reset > 0) {
    return atLeastOne(reset > 1_000_000_000 ? reset - nowMs / 1000 : reset);
  }
  const inText = /available in (\d+) second/i.exec(bodyText);
  if (inText) return atLeastOne(Number(inText[1]));
  return fallbackSeconds;
}

function atLeastOne(seconds: number): number {
  return Math.max(1, Math.ceil(seconds));
}
