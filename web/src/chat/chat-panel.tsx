import { useEffect, useRef, useState } from "preact/hooks";
import type { ChatApi } from "../api/chat-api.js";
import type { PortfolioApi } from "../api/portfolio-api.js";
import { Composer } from "./composer.js";
import { ConfirmationCard } from "./confirmation-card.js";
import { MessageList } from "./message-list.js";
import { ThreadList } from "./thread-list.js";
import { useConversation } from "./use-conversation.js";

interface Props {
  chat: ChatApi;
  portfolio: PortfolioApi;
  onOrdersChanged(): void;
}

/** The chat side: conversations, the thread, the confirmation card, and the message box. */
export function ChatPanel({ chat, portfolio, onOrdersChanged }: Props) {
  const conversation = useConversation(chat, onOrdersChanged);
  const [showThreads, setShowThreads] = useState(false);
  const busy = conversation.streaming !== null;
  const current = conversation.threads.find((t) => t.threadId === conversation.threadId);
  const end = useRef<HTMLDivElement>(null);
  const { messages, streaming, pending } = conversation;

  // Escape closes the conversations list, as it would a menu.
  useEffect(() => {
    if (!showThreads) return;
    const close = (event: KeyboardEvent) => event.key === "Escape" && setShowThreads(false);
    document.addEventListener("keydown", close);
    return () => document.removeEventListener("keydown", close);
  }, [showThreads]);

  // Keep the newest part of the thread (and a new card) in view.
  useEffect(() => {
    end.current?.scrollIntoView({ block: "end" });
  }, [messages.length, streaming?.text, streaming?.tools.length, pending?.id]);

  return (
    <div class={`chat-panel${showThreads ? " threads-open" : ""}`}>
      <div class="chat-toolbar">
        <button
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
            setShowThreads(false);
            void conversation.openThread(id);
          }}
          onNew={() => {
            setShowThreads(false);
            conversation.startNewThread();
          }}
        />
      </div>
      <div class="conversation">
        {/* role=log: new messages and the streamed answer are announced politely as they arrive. */}
        <div class="conversation-scroll" role="log" aria-label="Conversation">
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
            />
          )}
          {pending && (
            <ConfirmationCard
              pending={pending}
              deciding={conversation.deciding}
              busy={busy}
              onDecide={(decision) => void conversation.decide(decision)}
            />
          )}
          <div ref={end} />
        </div>
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
          suggest={messages.length === 0 && !conversation.loading}
          onSend={(text) => void conversation.send(text)}
        />
      </div>
    </div>
  );
}
