import type { ThreadSummary } from "../api/types.js";
import { dateTime } from "../format.js";

interface Props {
  threads: ThreadSummary[];
  currentId: string | null;
  disabled: boolean;
  onOpen(threadId: string): void;
  onNew(): void;
}

/** Past conversations, most recent first, and a way to start a new one. */
export function ThreadList({ threads, currentId, disabled, onOpen, onNew }: Props) {
  return (
    <nav class="thread-list" aria-label="Conversations">
      <button type="button" class="button-secondary new-thread" disabled={disabled} onClick={onNew}>
        + New conversation
      </button>
      <ul>
        {threads.map((thread) => (
          <li key={thread.threadId}>
            <button
              type="button"
              class="thread-link"
              aria-current={thread.threadId === currentId ? "true" : undefined}
              disabled={disabled}
              onClick={() => onOpen(thread.threadId)}
            >
              <span class="thread-title">{thread.title || "New conversation"}</span>
              <span class="thread-time">{dateTime(thread.updatedAt)}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
