import type { Message } from "../api/types.js";

/**
 * What a tool message means for the person reading the thread. Tool output is the server's
 * structured JSON (not model prose), so reading its fields is safe; anything unexpected is
 * shown as a plain activity line.
 */
export type ToolOutcome =
  | { kind: "order"; orderId: string }
  | { kind: "note"; text: string; tone: "info" | "warn" }
  | { kind: "refused"; reason: string; reconnectUrl: string | null }
  | { kind: "activity"; name: string };

function parse(content: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(content);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const text = (value: unknown) => (typeof value === "string" ? value : null);

export function toolOutcome(message: Message): ToolOutcome {
  const name = message.toolName ?? "tool";
  const body = parse(message.content);
  if (!body) return { kind: "activity", name };
  if (body.status === "refused") {
    return {
      kind: "refused",
      reason: text(body.reason) ?? "The order was refused.",
      reconnectUrl: text(body.reconnectUrl),
    };
  }
  if (body.status === "awaiting_confirmation" && name !== "prepare_order" && name !== "prepare_cancel") {
    return { kind: "note", text: "The order was updated: check the card before approving.", tone: "info" };
  }
  switch (body.outcome) {
    case "submitted":
    case "unknown": {
      const order = body.order as { id?: unknown } | undefined;
      const orderId = text(order?.id) ?? text(body.orderId);
      return orderId ? { kind: "order", orderId } : { kind: "activity", name };
    }
    case "cancel_submitted":
      return text(body.orderId)
        ? { kind: "order", orderId: text(body.orderId)! }
        : { kind: "activity", name };
    case "rejected_by_user":
      return { kind: "note", text: "You rejected the order. Nothing was sent.", tone: "info" };
    case "failed":
      return { kind: "note", text: `Not sent: ${text(body.reason) ?? "the order failed."}`, tone: "warn" };
    default:
      return { kind: "activity", name };
  }
}
