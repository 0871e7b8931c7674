import type { AIMessage, BaseMessage, ToolMessage } from "@langchain/core/messages";
import { RemoveMessage } from "@langchain/core/messages";
import { proposalIdOfInterrupt } from "../../graphs/resume.js";
import type { ErrorRecord } from "../core/errors.js";
import type { PendingConfirmation } from "../orders/contract/index.js";
import type { ChatMessage } from "./messages.js";

/** Listeners for a streamed turn (SSE). All optional: a plain JSON request passes none. */
export interface TurnListener {
  token?(text: string): void;
  tool?(event: { id: string; name: string; status: "started" | "finished" | "failed" }): void;
  confirmation?(pending: PendingConfirmation): void;
  message?(message: ChatMessage): void;
}

/** What a run said, collected from its streamed updates. */
export interface RunOutput {
  messages: BaseMessage[];
  interrupts: string[];
  decisionError: ErrorRecord | null;
}

/**
 * One "updates" chunk of a run (node name → what the node wrote): its messages, the card an
 * interrupt waits on and a refused decision go into `run`; tool calls and results are told to the
 * listener as they happen. Text the graph wrote itself (beside a card, after a decision) reaches a
 * streaming listener as tokens too, in one piece, as the model's text does token by token.
 */
export function collectUpdate(update: Record<string, unknown>, listener: TurnListener, run: RunOutput): void {
  for (const [node, value] of Object.entries(update)) {
    if (node === "__interrupt__") {
      const proposalId = proposalIdOfInterrupt((value as Array<{ value: unknown }>)[0]?.value);
      if (proposalId) run.interrupts.push(proposalId);
      continue;
    }
    const written = (value ?? {}) as { messages?: BaseMessage[]; decisionError?: ErrorRecord | null };
    if ("decisionError" in written) run.decisionError = written.decisionError ?? null;
    const messages = (written.messages ?? []).filter((m) => !RemoveMessage.isInstance(m));
    run.messages.push(...messages);
    for (const message of messages) {
      if (node === "agent") {
        for (const call of (message as AIMessage).tool_calls ?? []) {
          listener.tool?.({ id: call.id ?? "", name: call.name, status: "started" });
        }
        continue;
      }
      const text = message.getType() === "ai" ? message.content : null;
      if (typeof text === "string" && text) listener.token?.(text);
      if (node === "tools" && message.getType() === "tool") {
        const tool = message as ToolMessage;
        listener.tool?.({
          id: tool.tool_call_id,
          name: tool.name ?? "tool",
          status: tool.status === "error" ? "failed" : "finished",
        });
      }
    }
  }
}
