import { z } from "zod";
import { providers } from "../../brokers/model.js";
import { accountIdSchema } from "./order-changes.js";
import { accountHintSchema } from "./order-request.js";

/**
 * The default trading account (DESIGN.md section 5): a user setting, read and changed in the web
 * app, over HTTP and in chat. Routing uses it for a buy no tradeable account holds.
 */

/** PUT body: an account id of the user's own that can trade, or null to go back to the automatic default. */
export const defaultAccountUpdateSchema = z.object({ accountId: accountIdSchema.nullable() }).strict();

/** The set_default_account tool's input: the account as the user named it, or none to clear. */
export const defaultAccountRequestSchema = z
  .object({
    account: accountHintSchema
      .optional()
      .describe("The account to make the default, as the user named it; omit with clear: true"),
    clear: z
      .boolean()
      .optional()
      .describe("true to forget the chosen default and go back to the automatic one"),
  })
  .strict();

export const defaultAccountViewSchema = z.object({
  /** The chosen default; null until the user chooses one (routing then picks automatically). */
  chosen: z
    .object({
      accountId: z.string(),
      /** The account's name now, or as it was when chosen if it is no longer linked. */
      label: z.string(),
      chosenAt: z.string(),
      /** False when the account is no longer linked. */
      linked: z.boolean(),
      provider: z.enum(providers).nullable(),
      isPaper: z.boolean().nullable(),
      /** Why orders cannot use it now (read-only, disconnected, gone); null when they can. */
      whyNot: z.string().nullable(),
    })
    .nullable(),
  /** What routing does for a buy no tradeable account holds, in words. */
  rule: z.string(),
  /** The user's accounts that may be chosen now: those that can trade (routing's own rule). */
  eligibleAccountIds: z.array(z.string()),
});

export type DefaultAccountUpdate = z.infer<typeof defaultAccountUpdateSchema>;
export type DefaultAccountRequest = z.infer<typeof defaultAccountRequestSchema>;
export type DefaultAccountView = z.infer<typeof defaultAccountViewSchema>;
