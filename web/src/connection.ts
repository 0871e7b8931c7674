import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export type Reachability = "online" | "offline";

export interface Connection {
  state: Reachability;
  /** Something failed in a way a lost connection would explain: find out now. */
  check(): void;
  /** An answer came back from the service: it is reachable. */
  reached(): void;
}

export interface ConnectionOptions {
  /** How often to try again while the service cannot be reached. */
  retryMs?: number;
  /** A probe that takes longer counts as a failure. */
  timeoutMs?: number;
}

/**
 * Whether the service can be reached, for the whole page. A failed request or a dropped stream
 * asks for a check (GET /health); while it fails the page is offline and the check repeats until
 * the service answers again.
 */
export function useConnection({ retryMs = 3_000, timeoutMs = 4_000 }: ConnectionOptions = {}): Connection {
  const [state, setState] = useState<Reachability>("online");
  const probing = useRef(false);
  const retry = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const check = useCallback(() => {
    if (probing.current) return;
    probing.current = true;
    clearTimeout(retry.current);
    fetch("/health", { cache: "no-store", signal: AbortSignal.timeout(timeoutMs) })
      .then((response) => response.ok)
      .catch(() => false)
      .then((ok) => {
        probing.current = false;
        setState(ok ? "online" : "offline");
        if (!ok) retry.current = setTimeout(check, retryMs);
      });
  }, [retryMs, timeoutMs]);

  const reached = useCallback(() => setState("online"), []);

  useEffect(() => {
    const lost = () => check();
    window.addEventListener("offline", lost);
    window.addEventListener("online", lost);
    return () => {
      window.removeEventListener("offline", lost);
      window.removeEventListener("online", lost);
      clearTimeout(retry.current);
    };
  }, [check]);

  return { state, check, reached };
}
