import type { Message } from "../api/types.js";

/**
 * A message as the thread shows it. The list only ever grows during a session: a message keeps
 * its `key` from the moment it is shown (the server's copy replaces the local one in place).
 */
export interface ThreadEntry extends Message {
  key: string;
  /** Set on the user's own message until the server has it. */
  delivery?: "sending" | "failed";
}

/** Messages from the server, keyed by their ids. */
export const entriesOf = (messages: readonly Message[]): ThreadEntry[] =>
  messages.map((m) => ({ ...m, key: m.id }));

/**
 * The thread with an earlier page (oldest first, as the server sends it) put before what is
 * shown. A message already shown, or twice in the page, is kept once, where it already was:
 * pages are cut by message id, so an overlap means the same message, never a new one.
 */
export function withEarlierPage(shown: readonly ThreadEntry[], page: readonly Message[]): ThreadEntry[] {
  const seen = new Set(shown.map((entry) => entry.id));
  const earlier = page.filter((message) => {
    if (seen.has(message.id)) return false;
    seen.add(message.id);
    return true;
  });
  return [...entriesOf(earlier), ...shown];
}
