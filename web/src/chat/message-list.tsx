import type { PortfolioApi } from "../api/portfolio-api.js";
import type { Message, Order } from "../api/types.js";
import { OrderResult } from "./order-result.js";
import { toolLabel } from "./tool-labels.js";
import { toolOutcome } from "./tool-outcome.js";
import type { StreamingTurn } from "./use-conversation.js";

interface Props {
  messages: Message[];
  streaming: StreamingTurn | null;
  knownOrders: ReadonlyMap<string, Order>;
  portfolio: PortfolioApi;
}

function ToolLine({
  message,
  knownOrders,
  portfolio,
}: { message: Message } & Omit<Props, "messages" | "streaming">) {
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

/** The thread: messages, tool activity, and the answer as it streams in. */
export function MessageList({ messages, streaming, knownOrders, portfolio }: Props) {
  return (
    <div class="messages">
      {messages.map((message) =>
        message.role === "tool" ? (
          <ToolLine key={message.id} message={message} knownOrders={knownOrders} portfolio={portfolio} />
        ) : (
          <div key={message.id} class={`bubble bubble-${message.role}`}>
            <span class="sr-only">{message.role === "user" ? "You said:" : "Assistant:"}</span>
            {message.content}
          </div>
        ),
      )}
      {streaming && (
        <div class="streaming">
          {streaming.tools.map((tool) => (
            <p key={tool.id} class={`tool-line tool-${tool.status}`}>
              {tool.status === "started" ? "⋯" : tool.status === "failed" ? "✗" : "✓"}{" "}
              {toolLabel(tool.name, tool.status)}
            </p>
          ))}
          {streaming.text ? (
            <div class="bubble bubble-assistant bubble-streaming">{streaming.text}</div>
          ) : (
            <p class="typing">Thinking…</p>
          )}
        </div>
      )}
    </div>
  );
}
