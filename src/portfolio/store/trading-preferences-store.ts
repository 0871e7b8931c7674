import { z } from "zod";
import type { Queryable } from "../../core/db/queryable.js";

/** The trading account the user chose as default (DESIGN.md section 5), as stored. */
export const defaultAccountChoiceSchema = z.object({
  accountId: z.string().min(1),
  /** The account's name when it was chosen: names the choice even once the account is gone. */
  label: z.string(),
  chosenAt: z.string(),
});
export type DefaultAccountChoice = z.infer<typeof defaultAccountChoiceSchema>;

const rowSchema = z.object({
  default_account_id: z.string(),
  default_account_label: z.string(),
  chosen_at: z.union([z.date(), z.string()]),
});

export const defaultAccountColumns = "default_account_id, default_account_label, chosen_at";

export async function loadDefaultAccountChoice(
  q: Queryable,
  userId: string,
): Promise<DefaultAccountChoice | null> {
  const result = await q.query(
    `select ${defaultAccountColumns} from user_trading_preferences where user_id = $1`,
    [userId],
  );
  return result.rows[0] ? defaultAccountChoiceOf(result.rows[0]) : null;
}

/** The choice from a row of `defaultAccountColumns` (as the driver or `row_to_json` gives it). */
export function defaultAccountChoiceOf(raw: unknown): DefaultAccountChoice {
  const row = rowSchema.parse(raw);
  return defaultAccountChoiceSchema.parse({
    accountId: row.default_account_id,
    label: row.default_account_label,
    chosenAt: new Date(row.chosen_at).toISOString(),
  });
}

/** Records the user's default trading account; null clears it. */
export async function saveDefaultAccountChoice(
  q: Queryable,
  userId: string,
  choice: { accountId: string; label: string } | null,
  now: Date,
): Promise<void> {
  if (choice === null) {
    await q.query("delete from user_trading_preferences where user_id = $1", [userId]);
    return;
  }
  await q.query(
    `insert into user_trading_preferences (user_id, default_account_id, default_account_label, chosen_at)
     values ($1, $2, $3, $4)
     on conflict (user_id) do update set default_account_id = excluded.default_account_id,
       default_account_label = excluded.default_account_label, chosen_at = excluded.chosen_at`,
    [userId, choice.accountId, choice.label, now],
  );
}
