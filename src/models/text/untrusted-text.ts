/**
 * Text that comes from brokers or tools (security names, broker messages, account names) is data,
 * not instructions (reliability.md section 4). Before it goes into an answer it is flattened to one
 * line, stripped of control characters and truncated, and free-form messages are put in quotes so a
 * reader sees where our words end and the broker's begin.
 */

/** Control characters, zero-width characters and bidirectional overrides (which can disguise text). */
function isHiddenOrControl(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x200b && code <= 0x200f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

export function cleanDataText(value: unknown, maxLength = 80): string {
  if (typeof value !== "string") return "";
  const visible = Array.from(value, (char) =>
    isHiddenOrControl(char.codePointAt(0) ?? 0) ? " " : char,
  ).join("");
  const flat = visible.replace(/\s+/g, " ").trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1).trimEnd()}…` : flat;
}

/** A broker or tool message shown verbatim but marked as quoted data: “…”. */
export function quoteDataText(value: unknown, maxLength = 200): string {
  const cleaned = cleanDataText(value, maxLength).replace(/[“”]/g, '"');
  return `“${cleaned}”`;
}
