import type { PortfolioApi } from "../api/portfolio-api.js";
import type { Order } from "../api/types.js";
import { OrderResult } from "./order-result.js";
import type { ThreadEntry } from "./thread-entries.js";
import { toolLabel } from "./tool-labels.js";
import { toolOutcome } from "./tool-outcome.js";
import type { StreamingTurn } from "./use-conversation.js";

interface Props {
  messages: ThreadEntry[];
  streaming: StreamingTurn | null;
  knownOrders: ReadonlyMap<string, Order>;
  portfolio: PortfolioApi;
  onRetry(key: string): void;
}

function ToolLine({
  message,
  knownOrders,
  portfolio,
}: { message: ThreadEntry } & Pick<Props, "knownOrders" | "portfolio">) {
  const outcome = toolOutcome(message);
  switch (outcome.kind) {
    case "order":
      return (
        <OrderResult
          orderId={outcome.orderId}
          known={knownOrders.get(outcome.orderId)}
          portfolio={portfolio}
        />
      );
    case "note":
      return <p class={`thread-note tone-${outcome.tone}`}>{outcome.text}</p>;
    case "refused":
      return (
        <p class="thread-note tone-warn">
          Not prepared: {outcome.reason}
          {outcome.reconnectUrl && (
            <>
              {" "}
              <a href={outcome.reconnectUrl}>Reconnect the account</a>
            </>
          )}
        </p>
      );
    default:
      return <p class="tool-line">✓ {toolLabel(outcome.name, "finished")}</p>;
  }
}

interface BubbleProps {
  message: ThreadEntry;
  /** The answer still arriving. */
  streaming?: boolean;
  onRetry(key: string): void;
}

function Bubble({ message, streaming = false, onRetry }: BubbleProps) {
  const state = message.delivery ? ` delivery-${message.delivery}` : streaming ? " bubble-streaming" : "";
  return (
    <div class={`bubble bubble-${message.role}${state}`}>
      <span class="sr-only">{message.role === "user" ? "You said:" : "Assistant:"}</span>
      {message.content}
      {message.delivery === "failed" && (
        <span class="delivery-failed-note">
          Not sent: the service could not be reached.{" "}
          <button type="button" class="button-link" onClick={() => onRetry(message.key)}>
            Retry
          </button>
        </span>
      )}
    </div>
  );
}

/**
 * The thread. It only grows while it is shown: each message keeps its element from the moment
 * it appears (the streamed answer becomes the finished one), so nothing is re-read or re-laid out.
 * What the turn is doing right now (tools, "Thinking…") is shown apart, below the list.
 */
export function MessageList({ messages, streaming, knownOrders, portfolio, onRetry }: Props) {
  return (
    <>
      {/* One flat keyed list: the streamed answer is a sibling of the messages, so the finished
          answer (same key) keeps its element. */}
      <div class="messages">
        {[
          ...messages.map((message) =>
            message.role === "tool" ? (
              <ToolLine key={message.key} message={message} knownOrders={knownOrders} portfolio={portfolio} />
            ) : (
              <Bubble key={message.key} message={message} onRetry={onRetry} />
            ),
          ),
          streaming?.text ? (
            <Bubble
              key={streaming.key}
              message={{ id: streaming.key, key: streaming.key, role: "assistant", content: streaming.text }}
              streaming
              onRetry={onRetry}
            />
          ) : null,
        ]}
      </div>
      {streaming && (
        <div class="turn-activity">
          {streaming.tools.map((tool) => (
            <p key={tool.id} class={`tool-line tool-${tool.status}`}>
              {tool.status === "started" ? "⋯" : tool.status === "failed" ? "✗" : "✓"}{" "}
              {toolLabel(tool.name, tool.status)}
            </p>
          ))}
          {!streaming.text && <p class="typing">Thinking…</p>}
        </div>
      )}
    </>
  );
}
