import { z } from "zod";

/**
 * The order vocabulary: every list of sides, order types, times in force and statuses in the
 * product is one of these. Other layers import them; none writes them out again.
 */
export const orderSides = ["buy", "sell"] as const;
export const orderTypes = ["market", "limit", "stop", "stop_limit"] as const;
export const timesInForce = ["day", "gtc", "ioc", "fok"] as const;
export const orderStatuses = [
  "submitting",
  "accepted",
  "partially_filled",
  "filled",
  "cancelled",
  "rejected",
  "unknown",
  "needs_review",
] as const;
export const proposalKinds = ["order", "cancel"] as const;
/** Where a decision was made: a card button, a chat reply, the API, or an MCP client's elicitation. */
export const decisionChannels = ["button", "chat", "api", "mcp"] as const;

export const orderSideSchema = z.enum(orderSides);
export const orderTypeSchema = z.enum(orderTypes);
export const timeInForceSchema = z.enum(timesInForce);
export const orderStatusSchema = z.enum(orderStatuses);
export const proposalKindSchema = z.enum(proposalKinds);
export const decisionChannelSchema = z.enum(decisionChannels);

export type OrderSide = z.infer<typeof orderSideSchema>;
export type OrderType = z.infer<typeof orderTypeSchema>;
export type TimeInForce = z.infer<typeof timeInForceSchema>;
export type OrderStatus = z.infer<typeof orderStatusSchema>;
export type ProposalKind = z.infer<typeof proposalKindSchema>;
export type DecisionChannel = z.infer<typeof decisionChannelSchema>;
