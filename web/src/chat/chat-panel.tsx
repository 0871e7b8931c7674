import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { ChatApi } from "../api/chat-api.js";
import type { PortfolioApi } from "../api/portfolio-api.js";
import type { Decision } from "../api/types.js";
import { Composer, focusComposer } from "./composer.js";
import { ConfirmationCard, focusCard } from "./confirmation-card.js";
import { EarlierMessagesControl } from "./earlier-messages.js";
import { MessageList } from "./message-list.js";
import { ThreadList } from "./thread-list.js";
import { type DecisionOutcome, useConversation } from "./use-conversation.js";

interface Props {
  chat: ChatApi;
  portfolio: PortfolioApi;
  /** False while the service cannot be reached: nothing can be approved or sent. */
  online: boolean;
  onOrdersChanged(): void;
}

/** Where focus goes once a card decision has answered. */
function focusAfter(outcome: DecisionOutcome, scope: HTMLElement | null) {
  if (outcome.kind === "card") return focusCard(scope);
  if (outcome.kind === "order") {
    const result = scope?.querySelector<HTMLElement>(`[data-order-id="${CSS.escape(outcome.orderId)}"]`);
    if (result) return result.focus();
  }
  // Rejected, or a failure: the card (if it is still there) or the message box.
  if (outcome.kind === "failed" && focusCard(scope)) return;
  focusComposer();
}

/** The chat side: conversations, the thread, the confirmation card, and the message box. */
export function ChatPanel({ chat, portfolio, online, onOrdersChanged }: Props) {
  const conversation = useConversation(chat, onOrdersChanged);
  const [showThreads, setShowThreads] = useState(false);
  const [afterDecision, setAfterDecision] = useState<DecisionOutcome | null>(null);
  const busy = conversation.streaming !== null;
  const current = conversation.threads.find((t) => t.threadId === conversation.threadId);
  const end = useRef<HTMLDivElement>(null);
  const scroll = useRef<HTMLElement>(null);
  const threadsToggle = useRef<HTMLButtonElement>(null);
  const { messages, streaming, pending, reconnected, earlier } = conversation;
  const firstKey = messages[0]?.key;
  const lastKey = messages.at(-1)?.key;
  // Where the first shown message was on screen when an earlier page arrived, to put it back there.
  const kept = useRef<{ node: Element; top: number } | null>(null);
  // The earlier-messages button was used: when it goes (the thread's start), focus must not be lost.
  const loadedFromControl = useRef(false);

  const closeThreads = (then: "toggle" | "composer") => {
    setShowThreads(false);
    if (then === "toggle") threadsToggle.current?.focus();
    else focusComposer();
  };

  // Escape closes the conversations list, as it would a menu, and focus goes back to its button.
  // A layout effect: listening from the moment the list is drawn, not a frame later.
  useLayoutEffect(() => {
    if (!showThreads) return;
    const close = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setShowThreads(false);
      threadsToggle.current?.focus();
    };
    document.addEventListener("keydown", close);
    return () => document.removeEventListener("keydown", close);
  }, [showThreads]);

  useEffect(() => {
    if (online) reconnected();
  }, [online, reconnected]);

  // After the decision's answer has been drawn: focus what it produced. A layout effect, so focus
  // moves before the next frame and is never left on the page once the focused card is gone.
  useLayoutEffect(() => {
    if (!afterDecision) return;
    focusAfter(afterDecision, scroll.current);
    setAfterDecision(null);
  }, [afterDecision]);

  // Keep the newest part of the thread (and a new card) in view; earlier messages put first do not move it.
  useEffect(() => {
    end.current?.scrollIntoView({ block: "end" });
  }, [lastKey, streaming?.text, streaming?.tools.length, pending?.id]);

  // Earlier messages were put first: scroll by what they added, so what was on screen stays put.
  useLayoutEffect(() => {
    const anchor = kept.current;
    kept.current = null;
    if (anchor?.node.isConnected && scroll.current)
      scroll.current.scrollTop += anchor.node.getBoundingClientRect().top - anchor.top;
  }, [firstKey]);

  useLayoutEffect(() => {
    if (earlier.available || !loadedFromControl.current) return;
    loadedFromControl.current = false;
    if (document.activeElement === document.body || document.activeElement === null)
      scroll.current?.focus({ preventScroll: true });
  }, [earlier.available]);

  const loadEarlier = async () => {
    loadedFromControl.current = true;
    const outcome = await earlier.load(() => {
      const node = scroll.current?.querySelector(".messages > *");
      kept.current = node ? { node, top: node.getBoundingClientRect().top } : null;
    });
    // Only the thread's start removes the button; otherwise focus is still on it.
    if (outcome !== "start") loadedFromControl.current = false;
    // Nothing was put first: no position to hold.
    if (outcome === "failed" || outcome === "ignored") kept.current = null;
  };

  const decide = async (decision: Decision) => setAfterDecision(await conversation.decide(decision));

  return (
    <div class={`chat-panel${showThreads ? " threads-open" : ""}`}>
      <div class="chat-toolbar">
        <button
          ref={threadsToggle}
          type="button"
          class="button-secondary threads-toggle"
          aria-expanded={showThreads}
          aria-controls="thread-list"
          onClick={() => setShowThreads(!showThreads)}
        >
          Conversations
        </button>
        <h2 class="chat-title">{current?.title || "New conversation"}</h2>
      </div>
      <div id="thread-list" class="thread-list-wrap">
        <ThreadList
          threads={conversation.threads}
          currentId={conversation.threadId}
          disabled={busy}
          onOpen={(id) => {
            closeThreads("composer");
            void conversation.openThread(id);
          }}
          onNew={() => {
            closeThreads("composer");
            conversation.startNewThread();
          }}
        />
      </div>
      <div class="conversation">
        {/* Not a live region: finished answers, cards and outcomes are announced once by the
            Announcer. Focusable, so the keyboard can scroll a long thread that holds no buttons. */}
        <section
          class="conversation-scroll"
          ref={scroll}
          aria-label="Conversation"
          aria-busy={busy}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must be reachable by keyboard (axe scrollable-region-focusable)
          tabIndex={0}
        >
          {!conversation.loading && (
            <EarlierMessagesControl earlier={earlier} onLoad={() => void loadEarlier()} />
          )}
          {conversation.loading ? (
            <p class="muted">Loading the conversation…</p>
          ) : messages.length === 0 && !busy ? (
            <div class="empty-chat">
              <p>Ask about your holdings across every linked account, or ask for a trade.</p>
              <p class="muted">Nothing is ever sent to a broker until you approve it on a card.</p>
            </div>
          ) : (
            <MessageList
              messages={messages}
              streaming={streaming}
              knownOrders={conversation.knownOrders}
              portfolio={portfolio}
              onRetry={(key) => void conversation.retry(key)}
            />
          )}
          {pending && (
            <ConfirmationCard
              pending={pending}
              deciding={conversation.deciding}
              busy={busy}
              online={online}
              onDecide={(decision) => void decide(decision)}
            />
          )}
          <div ref={end} />
        </section>
        {conversation.error && (
          <div class="error-banner" role="alert">
            <p>{conversation.error}</p>
            <button type="button" class="button-link" onClick={conversation.dismissError}>
              Dismiss
            </button>
          </div>
        )}
        <Composer
          disabled={busy || conversation.deciding !== null}
          online={online}
          suggest={messages.length === 0 && !conversation.loading}
          onSend={(text) => void conversation.send(text)}
        />
      </div>
    </div>
  );
}
