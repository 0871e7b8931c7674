import { z } from "zod";
import { providers } from "../../brokers/model.js";
import { moneySchema } from "./amounts.js";
import { orderSpecSchema } from "./order-spec.js";
import { orderStatusSchema, proposalKindSchema } from "./vocabulary.js";

export const accountCardSchema = z.object({
  id: z.string(),
  provider: z.enum(providers),
  institution: z.string(),
  name: z.string(),
  numberMasked: z.string(),
  isPaper: z.boolean(),
});

export const routingAlternativeSchema = z.object({
  accountId: z.string(),
  institution: z.string(),
  name: z.string(),
  /** Shares of the symbol this account holds. */
  holds: z.number(),
  buyingPower: moneySchema.nullable(),
  canTrade: z.boolean(),
  /** Why this account cannot take the order; null when the user may pick it instead. */
  whyNot: z.string().nullable(),
});

/**
 * Which routing rule (DESIGN.md section 5) chose the card's account: the account the user named
 * or picked, the account that holds the symbol, the default trading account the user chose, the
 * automatic default (the live account with the most buying power) when none is chosen or the
 * chosen one cannot take the order, or, for a cancel, the account the order was placed in.
 */
export const routingRules = [
  "named",
  "holder",
  "user_default",
  "automatic_default",
  "order_account",
] as const;
export const routingRuleSchema = z.enum(routingRules);

export const routingCardSchema = z.object({
  /** Generated from the facts routing used. */
  reason: z.string(),
  /** Null on cards stored before the rule was recorded. */
  rule: routingRuleSchema.nullable(),
  alternatives: z.array(routingAlternativeSchema),
});

/** The card's estimate: the broker's preview, or our own estimate labelled as such. */
export const estimateSchema = z.object({
  price: moneySchema.nullable(),
  priceSource: z.string(),
  asOf: z.string(),
  amount: moneySchema.nullable(),
  amountSource: z.enum(["broker_preview", "estimate"]),
  /** Null when unknown: never 0 by guess. */
  fees: moneySchema.nullable(),
  buyingPowerBefore: moneySchema.nullable(),
  buyingPowerAfter: moneySchema.nullable(),
  currency: z.string(),
});

/** On a cancel card: the order being cancelled, as it stands. */
export const cancelTargetSchema = z.object({
  orderId: z.string().uuid(),
  status: orderStatusSchema,
  filledQuantity: z.number(),
  /** Shares still open; null for a dollar-amount order. */
  remainingQuantity: z.number().nullable(),
});

/**
 * DESIGN.md section 4 `pendingConfirmation`: what the user is asked to approve, rendered from
 * the stored proposal row whenever it is shown.
 */
export const pendingConfirmationSchema = z.object({
  id: z.string().uuid(),
  kind: proposalKindSchema,
  /** The order to place, or (a cancel card) the order to cancel. */
  order: orderSpecSchema,
  account: accountCardSchema,
  routing: routingCardSchema,
  estimate: estimateSchema,
  /** How the size was worked out from a holding ("half of the 25 TSLA in …"); null when given in shares or dollars. */
  basis: z.string().nullable(),
  cancel: cancelTargetSchema.nullable(),
  warnings: z.array(z.string()),
  /** The text shown and audited, rendered from exactly the values sent. */
  text: z.string(),
  hash: z.string(),
  expiresAt: z.string(),
});

export type AccountCard = z.infer<typeof accountCardSchema>;
export type RoutingRule = z.infer<typeof routingRuleSchema>;
export type RoutingCard = z.infer<typeof routingCardSchema>;
export type RoutingAlternative = z.infer<typeof routingAlternativeSchema>;
export type Estimate = z.infer<typeof estimateSchema>;
export type CancelTarget = z.infer<typeof cancelTargetSchema>;
export type PendingConfirmation = z.infer<typeof pendingConfirmationSchema>;
