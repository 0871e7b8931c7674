/**
 * Text from outside (broker security names, account and institution names, order messages)
 * is data for the user and for any model that reads it, never structure. Invisible characters
 * could hide words from the user while a model still reads them, or reorder what is shown
 * (bidi overrides), so they go, and whitespace of every kind collapses to single spaces.
 */

/** Control characters (C0, DEL, C1) and line/paragraph separators: each becomes a space. */
const breakingCharacters = /[\p{Cc}\p{Zl}\p{Zp}]/gu;

/**
 * Format characters (Unicode category Cf): zero-width space/joiners, word joiner, byte-order
 * mark, soft hyphen, bidi marks, embeddings, overrides and isolates. They draw nothing, so they
 * are removed without leaving a gap.
 */
const invisibleCharacters = /\p{Cf}/gu;

/** The one cleaner for untrusted text, applied where broker data enters the product. */
export function cleanUntrustedText(s: string): string {
  return s.replace(invisibleCharacters, "").replace(breakingCharacters, " ").replace(/\s+/g, " ").trim();
}
