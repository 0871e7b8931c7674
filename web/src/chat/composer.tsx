import { useState } from "preact/hooks";

interface Props {
  disabled: boolean;
  /** False while the service cannot be reached: the text stays in the box until it can be sent. */
  online: boolean;
  /** Offer example questions (an empty conversation): they cost space once a thread has begun. */
  suggest: boolean;
  onSend(text: string): void;
}

const SUGGESTIONS = ["What do I hold?", "Sell 2 shares of AAPL", "Buy $500 of VOO"];
const INPUT_ID = "composer-input";

/** Puts the cursor in the message box (after a card closes, a new conversation, …). */
export function focusComposer(): void {
  document.getElementById(INPUT_ID)?.focus();
}

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer({ disabled, online, suggest, onSend }: Props) {
  const [text, setText] = useState("");
  const blocked = disabled || !online;
  const submit = (event?: Event) => {
    event?.preventDefault();
    const content = text.trim();
    if (!content || blocked) return;
    onSend(content);
    setText("");
  };
  return (
    <form class="composer" onSubmit={submit}>
      {suggest && (
        <fieldset class="suggestions">
          <legend class="sr-only">Suggestions</legend>
          {SUGGESTIONS.map((s) => (
            <button key={s} type="button" class="chip" disabled={blocked} onClick={() => onSend(s)}>
              {s}
            </button>
          ))}
        </fieldset>
      )}
      <div class="composer-row">
        <label for={INPUT_ID} class="sr-only">
          Message the trading assistant
        </label>
        <textarea
          id={INPUT_ID}
          rows={2}
          maxLength={4000}
          placeholder="Ask about your portfolio or a trade…"
          aria-describedby={online ? undefined : "composer-offline"}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.isComposing) submit(e);
          }}
        />
        <button type="submit" disabled={blocked || text.trim() === ""}>
          Send
        </button>
      </div>
      {!online && (
        <p id="composer-offline" class="muted small">
          Sending resumes when the service is back; your text stays here.
        </p>
      )}
    </form>
  );
}
