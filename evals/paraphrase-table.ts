import { z } from "zod";
import {
  finalOrdersSchema,
  type Scenario,
  scenarioSchema,
  seedUserSchema,
  turnExpectationSchema,
} from "./scenario-schema.js";

/**
 * A paraphrase table: one intent, many ways a person says it, one expectation for all of them.
 * Each phrasing becomes its own one-turn scenario (`<id>-<n>`), so a phrasing the model misreads
 * fails on its own line and the category figures count phrasings, not intents.
 */
const intentSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case words joined by '-'"),
    category: z.string().min(1),
    description: z.string().optional(),
    seed: z.union([z.string().min(1), seedUserSchema]).optional(),
    /** Turns said before each phrasing (context: an earlier question, a card already open). */
    before: z
      .array(z.object({ say: z.string().min(1), expect: turnExpectationSchema.optional() }).strict())
      .optional(),
    phrasings: z.array(z.string().min(1)).min(1),
    expect: turnExpectationSchema,
    /** The broker orders at the end of each phrasing's scenario; default none. */
    orders: finalOrdersSchema.optional(),
  })
  .strict();

export const paraphraseFileSchema = z.object({ intents: z.array(intentSchema).min(1) }).strict();
export type ParaphraseFile = z.infer<typeof paraphraseFileSchema>;

/** The scenarios a table stands for, validated like hand-written ones. */
export function expandParaphrases(file: ParaphraseFile): Scenario[] {
  return file.intents.flatMap((intent) =>
    intent.phrasings.map((say, index) =>
      scenarioSchema.parse({
        id: `${intent.id}-${index + 1}`,
        category: intent.category,
        description: intent.description ?? `${intent.id}: "${say}"`,
        ...(intent.seed ? { seed: intent.seed } : {}),
        ...(intent.orders ? { orders: intent.orders } : {}),
        turns: [...(intent.before ?? []), { say, expect: intent.expect }],
      }),
    ),
  );
}
