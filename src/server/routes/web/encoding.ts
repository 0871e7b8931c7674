import { parseAccept } from "hono/utils/accept";

/** The precompressed form to send for an Accept-Encoding header: brotli, then gzip, else none. */
export function preferredEncoding(header: string | undefined): "br" | "gzip" | null {
  if (!header) return null;
  const accepted = parseAccept(header);
  const quality = (name: string) =>
    accepted.find((a) => a.type.toLowerCase() === name)?.q ?? accepted.find((a) => a.type === "*")?.q ?? 0;
  if (quality("br") > 0 && quality("br") >= quality("gzip")) return "br";
  if (quality("gzip") > 0) return "gzip";
  return null;
}
