import type { EarlierMessages } from "./use-earlier-messages.js";

interface Props {
  earlier: EarlierMessages;
  onLoad(): void;
}

/**
 * Top of a thread whose earlier messages are not shown: says so, and loads them a page at a time.
 * Busy is aria-disabled, not disabled, so a keyboard user's focus stays on the button.
 */
export function EarlierMessagesControl({ earlier, onLoad }: Props) {
  if (!earlier.available) return null;
  return (
    <div class="earlier-messages" data-testid="earlier-messages">
      {earlier.error ? (
        <p class="earlier-messages-failed" role="alert">
          The earlier messages could not be loaded: {earlier.error}
        </p>
      ) : (
        <p class="muted">
          {earlier.loading
            ? "Loading earlier messages…"
            : "Earlier messages in this conversation are not shown."}
        </p>
      )}
      <button
        type="button"
        class="button-secondary"
        aria-disabled={earlier.loading}
        onClick={() => {
          if (!earlier.loading) onLoad();
        }}
      >
        {earlier.error ? "Try again" : "Load earlier messages"}
      </button>
    </div>
  );
}
