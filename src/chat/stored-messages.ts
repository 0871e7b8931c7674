import {
  type BaseMessage,
  mapChatMessagesToStoredMessages,
  mapStoredMessagesToChatMessages,
  type StoredMessage,
} from "@langchain/core/messages";
import { type ChatMessage, messageText } from "./messages.js";

/** One row of `chat_messages` as a turn appends it. */
export interface StoredMessageRow {
  id: string;
  /** `call`: a model step that only called tools, kept for the model but not in the transcript. */
  role: ChatMessage["role"] | "call";
  /** The transcript's text; absent when it is the stored message's own string content (sent once). */
  content?: string;
  toolName: string | null;
  gist: string | null;
  message: StoredMessage;
}

/** Longest literal extract of a request kept for the summary of earlier turns. */
const gistChars = 160;

function clipped(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** What a tool's answer says it did, read from its own fields (`outcome` or `status`), never guessed. */
function toolGist(name: string, content: string, failed: boolean): string {
  if (failed) return `${name}: failed`;
  try {
    const parsed = JSON.parse(content) as { outcome?: unknown; status?: unknown };
    const said = typeof parsed?.outcome === "string" ? parsed.outcome : parsed?.status;
    return typeof said === "string" ? `${name}: ${clipped(said, 40)}` : name;
  } catch {
    return name;
  }
}

/** The rows a turn appends for its new messages, in order. Every message must carry its id. */
export function toStoredRows(messages: BaseMessage[]): StoredMessageRow[] {
  const stored = mapChatMessagesToStoredMessages(messages);
  return messages.map((message, i): StoredMessageRow => {
    if (!message.id) throw new Error("a message reached the store without an id");
    const type = message.getType();
    const text = messageText(message);
    // A message's text is sent once: the row's content is read from the stored message when it is its string content.
    const content = typeof message.content === "string" ? undefined : text;
    if (type === "human") {
      return {
        id: message.id,
        role: "user",
        content,
        toolName: null,
        gist: clipped(text, gistChars),
        message: stored[i]!,
      };
    }
    if (type === "tool") {
      const name = message.name ?? "tool";
      const failed = (message as { status?: string }).status === "error";
      return {
        id: message.id,
        role: "tool",
        content,
        toolName: name,
        gist: toolGist(name, text, failed),
        message: stored[i]!,
      };
    }
    const role = type === "ai" && text.trim() ? "assistant" : "call";
    return { id: message.id, role, content, toolName: null, gist: null, message: stored[i]! };
  });
}

/** The stored messages back as LangChain messages, for the model. */
export function fromStoredMessages(stored: StoredMessage[]): BaseMessage[] {
  return mapStoredMessagesToChatMessages(stored);
}

/**
 * Rows as the JSON parameter of the append: Postgres text and jsonb cannot hold a NUL character,
 * so one is stored as U+FFFD, the mark of a character that could not be kept (the checkpoint of
 * the turn keeps the original).
 */
export function storableJson(rows: StoredMessageRow[]): string {
  return JSON.stringify(rows, (_key, value: unknown) =>
    typeof value === "string" && value.includes("\u0000") ? value.replaceAll("\u0000", "\uFFFD") : value,
  );
}
