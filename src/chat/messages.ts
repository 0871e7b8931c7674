import type { BaseMessage } from "@langchain/core/messages";

/** DESIGN.md section 4 `Message`. */
export interface ChatMessage {
  id: string;
  role: "user" | "assistant" | "tool";
  content: string;
  toolName?: string;
}

/** A message's text, its parts joined. */
export function messageText(message: BaseMessage): string {
  if (typeof message.content === "string") return message.content;
  return message.content
    .map((part) =>
      typeof part === "string" ? part : "text" in part && typeof part.text === "string" ? part.text : "",
    )
    .join("");
}

/** The public transcript: user and assistant text, and tool results; empty tool-calling turns are left out. */
export function toChatMessages(messages: BaseMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const message of messages) {
    const type = message.getType();
    const id = message.id ?? "";
    if (type === "human") out.push({ id, role: "user", content: messageText(message) });
    else if (type === "ai") {
      const content = messageText(message);
      if (content.trim()) out.push({ id, role: "assistant", content });
    } else if (type === "tool")
      out.push({ id, role: "tool", content: messageText(message), toolName: message.name ?? "tool" });
  }
  return out;
}
