import type { Order, PendingConfirmation, ToolActivity } from "../../src/server/api-types.js";

/** A tool call as the HTTP API shows it: the tool message's name and its result. */
export interface ObservedToolCall {
  name: string;
  /** The result parsed as JSON, or the raw text when it is not JSON (a tool error). */
  result: unknown;
}

/** Everything a turn showed through the API, which the expectations are checked against. */
export interface TurnObservation {
  /** 200, or the HTTP status of the error the turn ended with. */
  status: number;
  error: { code: string; message: string } | null;
  toolCalls: ObservedToolCall[];
  /** SSE `tool` events (chat turns only). */
  toolEvents: ToolActivity[];
  /** The assistant's text in this turn. */
  answer: string;
  /** The card open after the turn, as the turn reported it. */
  pending: PendingConfirmation | null;
  /** The card open after the turn, as `GET /api/threads/:id` reports it. */
  pendingInThread: PendingConfirmation | null;
  /** The card open before the turn. */
  pendingBefore: PendingConfirmation | null;
  /** The order the confirmations route returned (card actions). */
  order: Order | null;
  ms: number;
}
