import { useState } from "preact/hooks";

interface Props {
  disabled: boolean;
  /** Offer example questions (an empty conversation): they cost space once a thread has begun. */
  suggest: boolean;
  onSend(text: string): void;
}

const SUGGESTIONS = ["What do I hold?", "Sell 2 shares of AAPL", "Buy $500 of VOO"];

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer({ disabled, suggest, onSend }: Props) {
  const [text, setText] = useState("");
  const submit = (event?: Event) => {
    event?.preventDefault();
    const content = text.trim();
    if (!content || disabled) return;
    onSend(content);
    setText("");
  };
  return (
    <form class="composer" onSubmit={submit}>
      {suggest && (
        <fieldset class="suggestions">
          <legend class="sr-only">Suggestions</legend>
          {SUGGESTIONS.map((s) => (
            <button key={s} type="button" class="chip" disabled={disabled} onClick={() => onSend(s)}>
              {s}
            </button>
          ))}
        </fieldset>
      )}
      <div class="composer-row">
        <label for="composer-input" class="sr-only">
          Message the trading assistant
        </label>
        <textarea
          id="composer-input"
          rows={2}
          maxLength={4000}
          placeholder="Ask about your portfolio or a trade…"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.isComposing) submit(e);
          }}
        />
        <button type="submit" disabled={disabled || text.trim() === ""}>
          Send
        </button>
      </div>
    </form>
  );
}
