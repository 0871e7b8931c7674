import { z } from "zod";

/**
 * The scenario format of `evals/scenarios/*.json`. A scenario is a conversation with a fresh
 * user: a seed (a preset from `evals/seeds/` or inline), user turns (chat messages or actions on
 * the confirmation card) and what must be observable through the HTTP API after each turn and at
 * the end. Expectations are about tool calls, cards and broker orders rather than wording, so the
 * same files judge the offline model and a real one.
 */

const position = z.object({
  symbol: z.string().min(1),
  units: z.number().positive(),
  avgPrice: z.number().nonnegative().optional(),
});
const brokerAccount = z.object({
  name: z.string().min(1),
  number: z.string().min(1).optional(),
  cash: z.number().optional(),
  buyingPower: z.number().optional(),
  positions: z.array(position).default([]),
});

/** One sandbox user without identity: the runner gives it a fresh id, email and password. */
export const seedUserSchema = z
  .object({
    snaptrade: z
      .object({
        connections: z.array(
          z.object({
            brokerage: z.string().min(1),
            type: z.enum(["trade", "read"]).default("trade"),
            disabled: z.boolean().optional(),
            accounts: z.array(brokerAccount),
          }),
        ),
      })
      .optional(),
    alpaca: z
      .object({
        cash: z.number().optional(),
        buyingPower: z.number().optional(),
        positions: z.array(position).default([]),
      })
      .optional(),
    plaid: z.object({ institution: z.string().min(1), accounts: z.array(brokerAccount) }).optional(),
    history: z.boolean().optional(),
    /** Extra symbols for the sandbox catalogue (global to the world; use unique tickers). */
    symbols: z
      .array(
        z.object({
          symbol: z.string().min(1).max(12),
          name: z.string().min(1),
          price: z.number().positive(),
        }),
      )
      .optional(),
  })
  .strict();
export type SeedUser = z.infer<typeof seedUserSchema>;

/** A regular expression, matched case-insensitively. */
const pattern = z
  .string()
  .min(1)
  .refine(
    (source) => {
      try {
        new RegExp(source, "i");
        return true;
      } catch {
        return false;
      }
    },
    { message: "must be a valid regular expression" },
  );

/** Names an account by institution and/or account name (case-insensitive, exact). */
const accountRef = z
  .object({
    institution: z.string().optional(),
    name: z.string().optional(),
    isPaper: z.boolean().optional(),
  })
  .strict();
export type AccountRef = z.infer<typeof accountRef>;

const orderType = z.enum(["market", "limit", "stop", "stop_limit"]);

export const cardExpectationSchema = z
  .object({
    kind: z.enum(["order", "cancel"]).optional(),
    symbol: z.string().optional(),
    side: z.enum(["buy", "sell"]).optional(),
    quantity: z.number().nullable().optional(),
    notional: z.number().nullable().optional(),
    orderType: orderType.optional(),
    limitPrice: z.number().nullable().optional(),
    stopPrice: z.number().nullable().optional(),
    timeInForce: z.enum(["day", "gtc", "ioc", "fok"]).optional(),
    account: accountRef.optional(),
    /** Each listed account must be among the card's alternatives. */
    alternatives: z.array(accountRef.extend({ canTrade: z.boolean().optional() }).strict()).optional(),
    /** Some warning on the card matches. */
    warning: pattern.optional(),
    /** The routing reason matches. */
    reason: pattern.optional(),
  })
  .strict();
export type CardExpectation = z.infer<typeof cardExpectationSchema>;

/**
 * A tool call as observed through the API: its name (SSE `tool` event, thread message
 * `toolName`) and its result JSON (the tool message content). Arguments are not exposed by the
 * API; they are checked through what the result echoes (holdings `filter`, performance
 * `period`, quote `symbol`, the prepared card).
 */
const toolExpectation = z
  .object({ name: z.string().min(1), result: z.record(z.string(), z.unknown()).optional() })
  .strict();
export type ToolExpectation = z.infer<typeof toolExpectation>;

export const turnExpectationSchema = z
  .object({
    /** Each must appear among the turn's tool calls (any order; other calls allowed). */
    tools: z.array(toolExpectation).optional(),
    /** None of these tools may be called in the turn. */
    noTools: z.array(z.string()).optional(),
    /** The card open after the turn; null = no card open. */
    card: cardExpectationSchema.nullable().optional(),
    /** A card was (true) or was not (false) prepared in this turn. */
    newCard: z.boolean().optional(),
    /** The outcome the decision reported (`confirmation_result`): submitted, rejected_by_user, failed... */
    decision: z.enum(["submitted", "cancel_submitted", "rejected_by_user", "unknown", "failed"]).optional(),
    /** The order returned by the confirmations route (card actions only). */
    order: z
      .object({
        symbol: z.string().optional(),
        side: z.enum(["buy", "sell"]).optional(),
        quantity: z.number().nullable().optional(),
        notional: z.number().nullable().optional(),
        status: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    /** Regexes the turn's answer (assistant text) must / must not match, case-insensitive. */
    says: z.array(pattern).optional(),
    saysNot: z.array(pattern).optional(),
    /** An HTTP error status the turn must end with (409, 410...); default: success. */
    status: z.number().int().optional(),
  })
  .strict();
export type TurnExpectation = z.infer<typeof turnExpectationSchema>;

const changesSchema = z
  .object({
    quantity: z.number().positive().optional(),
    notional: z.number().positive().optional(),
    limitPrice: z.number().positive().optional(),
    stopPrice: z.number().positive().optional(),
    orderType: orderType.optional(),
    timeInForce: z.enum(["day", "gtc", "ioc", "fok"]).optional(),
    /** Resolved to the account id through `GET /api/accounts`. */
    account: accountRef.optional(),
  })
  .strict();
export type CardChanges = z.infer<typeof changesSchema>;

export const turnSchema = z.union([
  z.object({ say: z.string().min(1), expect: turnExpectationSchema.default({}) }).strict(),
  z
    .object({
      card: z.enum(["approve", "reject"]),
      /** Approve with this hash instead of the card's (a tampered or stale card). */
      hash: z.string().optional(),
      /** Act on the card this many turns back (a superseded card); default the open one. */
      cardFromTurn: z.number().int().min(1).optional(),
      expect: turnExpectationSchema.default({}),
    })
    .strict(),
  z
    .object({ card: z.literal("edit"), changes: changesSchema, expect: turnExpectationSchema.default({}) })
    .strict(),
]);
export type Turn = z.infer<typeof turnSchema>;

export const finalOrdersSchema = z
  .object({
    /** Orders the sandbox's brokers received for this user, rejected ones included. */
    count: z.number().int().min(0),
    items: z
      .array(
        z
          .object({
            symbol: z.string().optional(),
            side: z.enum(["buy", "sell"]).optional(),
            quantity: z.number().nullable().optional(),
            notional: z.number().nullable().optional(),
            orderType: orderType.optional(),
            limitPrice: z.number().nullable().optional(),
            stopPrice: z.number().nullable().optional(),
            status: z.array(z.string()).optional(),
            account: accountRef.optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();
export type FinalOrders = z.infer<typeof finalOrdersSchema>;

export const scenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case words joined by '-'"),
    category: z.string().min(1),
    description: z.string().optional(),
    /** A preset in evals/seeds/<name>.json, or the user itself. Default "demo". */
    seed: z.union([z.string().min(1), seedUserSchema]).default("demo"),
    turns: z.array(turnSchema).min(1),
    /** The broker orders at the end; default: none at all. */
    orders: finalOrdersSchema.default({ count: 0 }),
  })
  .strict();
export type Scenario = z.infer<typeof scenarioSchema>;

export const scenarioFileSchema = z.object({ scenarios: z.array(scenarioSchema).min(1) }).strict();
