import type { Dispatch, StateUpdater } from "preact/hooks";
import { useCallback, useRef, useState } from "preact/hooks";
import { useAnnounce } from "../announcer.js";
import type { ChatApi } from "../api/chat-api.js";
import { type ThreadEntry, withEarlierPage } from "./thread-entries.js";

/** What a load of earlier messages came to. */
export type EarlierLoad = "more" | "start" | "failed" | "ignored";

/** The part of a thread before its first shown message, loaded a page at a time on request. */
export interface EarlierMessages {
  /** Earlier messages exist that are not shown. */
  available: boolean;
  loading: boolean;
  /** Why the last load failed; cleared when it is tried again. */
  error: string | null;
  /**
   * Loads the page before the first shown message and puts it first. `beforeShown` runs just
   * before the thread grows (to note the scroll position).
   */
  load(beforeShown?: () => void): Promise<EarlierLoad>;
  /** A thread was (re)opened: `earlierBefore` from its latest page, or null. */
  reset(earlierBefore: string | null): void;
}

export function useEarlierMessages(
  chat: ChatApi,
  shownThread: { readonly current: string | null },
  setMessages: Dispatch<StateUpdater<ThreadEntry[]>>,
): EarlierMessages {
  const announce = useAnnounce();
  const [before, setBefore] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The cursor as of now (state lags a render), and which opening of a thread it belongs to:
  // an answer for an earlier opening is dropped.
  const cursor = useRef<string | null>(null);
  const opening = useRef(0);
  const inFlight = useRef<number | null>(null);

  const reset = useCallback((earlierBefore: string | null) => {
    opening.current += 1;
    cursor.current = earlierBefore;
    inFlight.current = null;
    setBefore(earlierBefore);
    setLoading(false);
    setError(null);
  }, []);

  const load = useCallback(
    async (beforeShown?: () => void): Promise<EarlierLoad> => {
      const thread = shownThread.current;
      const from = cursor.current;
      const at = opening.current;
      if (!thread || !from || inFlight.current === at) return "ignored";
      inFlight.current = at;
      setLoading(true);
      setError(null);
      const current = () => opening.current === at;
      try {
        const page = await chat.getThread(thread, from);
        if (!current()) return "ignored";
        beforeShown?.();
        setMessages((shown) => withEarlierPage(shown, page.messages));
        cursor.current = page.earlierBefore;
        setBefore(page.earlierBefore);
        announce(
          page.earlierBefore
            ? "Earlier messages loaded."
            : "Earlier messages loaded. This is the start of the conversation.",
        );
        return page.earlierBefore ? "more" : "start";
      } catch (cause) {
        if (!current()) return "ignored";
        setError(cause instanceof Error ? cause.message : "The earlier messages could not be loaded.");
        return "failed";
      } finally {
        if (current()) {
          inFlight.current = null;
          setLoading(false);
        }
      }
    },
    [chat, shownThread, setMessages, announce],
  );

  return { available: before !== null, loading, error, load, reset };
}
