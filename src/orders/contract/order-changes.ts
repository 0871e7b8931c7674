import { z } from "zod";
import { accountHintSchema } from "./order-request.js";
import { orderTypeSchema, timeInForceSchema } from "./vocabulary.js";

const positiveAmount = z.number().finite().positive("must be more than zero").max(1e9);

export const accountIdSchema = z
  .string()
  .regex(/^(snaptrade|alpaca|plaid)_[A-Za-z0-9._-]{1,100}$/, "must be one of your account ids");

/**
 * Changes a user may make to a pending order (DESIGN.md section 4, `changes`): on the card
 * (an account id picked) or in chat (an account as the user said it). Unknown keys are refused.
 */
export const orderChangesSchema = z
  .object({
    quantity: positiveAmount.optional().describe("Number of shares"),
    notional: positiveAmount.optional().describe("Dollar amount"),
    limitPrice: positiveAmount.optional(),
    stopPrice: positiveAmount.optional(),
    orderType: orderTypeSchema.optional(),
    timeInForce: timeInForceSchema.optional(),
    accountId: accountIdSchema.optional().describe("An account id picked on the card"),
    account: accountHintSchema.optional(),
  })
  .strict()
  .refine(
    (c) => !(c.quantity !== undefined && c.notional !== undefined),
    "give quantity or notional, not both",
  )
  .refine((c) => Object.values(c).some((v) => v !== undefined), "say what to change")
  .describe(
    "Change the order waiting for confirmation; it is replaced by a new card that needs its own approval.",
  );

export type OrderChanges = z.infer<typeof orderChangesSchema>;
