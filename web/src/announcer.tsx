import { type ComponentChildren, createContext } from "preact";
import { useCallback, useContext, useRef, useState } from "preact/hooks";

type Announce = (text: string) => void;

const AnnounceContext = createContext<Announce>(() => {});

/** Says `text` once to screen readers (the one polite live region of the page). */
export const useAnnounce = (): Announce => useContext(AnnounceContext);

const KEPT = 3;

/**
 * The page's only polite live region. Each announcement is a new line appended to it, so two
 * said in the same moment (an answer and its card) are both read; old lines are dropped, which
 * screen readers do not read out. Everything else that changes (prices, countdowns, streamed
 * tokens) is outside any live region on purpose.
 */
export function Announcer({ children }: { children: ComponentChildren }) {
  const [lines, setLines] = useState<Array<{ id: number; text: string }>>([]);
  const next = useRef(0);
  const announce = useCallback((text: string) => {
    const trimmed = text.trim();
    if (!trimmed) return;
    next.current += 1;
    const id = next.current;
    setLines((current) => [...current.slice(-(KEPT - 1)), { id, text: trimmed }]);
  }, []);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div
        class="sr-only announcer"
        role="log"
        aria-live="polite"
        aria-relevant="additions"
        data-testid="announcer"
      >
        {lines.map((line) => (
          <p key={line.id}>{line.text}</p>
        ))}
      </div>
    </AnnounceContext.Provider>
  );
}
