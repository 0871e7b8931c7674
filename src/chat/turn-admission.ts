/**
 * A check the statement that opens a turn runs first, in the same round trip (the server's
 * per-user message budget). Its SQL is a data-modifying CTE returning one row with a boolean
 * column `admission_admitted` (and whatever `refusal` needs, its columns prefixed
 * `admission_`). When the row says no, the turn is not opened: the thread is neither touched
 * nor leased, and `refusal` is thrown.
 */
export interface TurnAdmission {
  /** The CTE's body, its parameters numbered from `$<offset + 1>`. */
  cte(offset: number): { sql: string; params: unknown[] };
  /** The error for a row that was not admitted. */
  refusal(row: Record<string, unknown>): Error;
}
