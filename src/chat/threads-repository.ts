import { randomUUID } from "node:crypto";
import type { StoredMessage } from "@langchain/core/messages";
import type { EarlierEntry } from "../../graphs/run-history.js";
import type { PoolLike } from "../core/db/queryable.js";
import { NotFoundError } from "../core/errors.js";
import { readToolNames } from "../models/tool-contracts.js";
import { type CheckpointRow, checkpointRowOf } from "./checkpoint-row.js";
import type { ChatMessage } from "./messages.js";
import { type StoredMessageRow, storableJson } from "./stored-messages.js";
import { appendedRowsSql, type ThreadLeaseOptions, ThreadLeases, type TurnLease } from "./thread-lease.js";
import type { TurnAdmission } from "./turn-admission.js";

export interface ThreadRecord {
  id: string;
  userId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

/** What a thread's row says of its checkpoint. */
export interface ThreadGraphState {
  /** The proposal the thread's graph waits on (its interrupt), when settled. */
  waitingOn: string | null;
  /**
   * The row and the message store reflect the checkpoint. False for a thread stored before the
   * message store, or whose last turn failed: it is recovered from its checkpoint once.
   */
  settled: boolean;
}

/**
 * The messages a turn's model sees (in full, but for read tools' results older than the latest
 * earlier turn, left out with a note), and literal extracts of the turns before them.
 */
export interface StoredHistory {
  recent: StoredMessage[];
  earlier: EarlierEntry[];
  earlierOmitted: boolean;
}

/** A thread as a turn on it begins. */
export interface TurnStart extends ThreadRecord, ThreadGraphState {
  /** The thread's cards awaiting a decision. */
  awaitingCards: number;
  history: StoredHistory;
  /**
   * The thread's latest checkpoint, read by the statement that opened the turn when it was asked
   * to and the settled thread waits on a card (a reply resumes from it): null when it has none;
   * undefined when it was not read.
   */
  checkpoint: CheckpointRow | null | undefined;
}

/** One page of a thread's transcript, oldest first. */
export interface TranscriptPage {
  messages: ChatMessage[];
  /** The id to pass as `before` for the page before this one; null at the thread's start. */
  earlierBefore: string | null;
}

/** The user turns before the current one whose messages the model sees in full. */
export const historyTurns = 5;
/** The user turns before those, extracted into the summary. */
export const summaryTurns = 12;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Thread ownership and the one-turn-at-a-time lease. Every read is scoped to the user. */
export interface ThreadsRepositoryOptions extends ThreadLeaseOptions {
  /**
   * The select of a thread's latest checkpoint (the saver's `latestCheckpointSql`): with it, the
   * statement that opens a turn on a thread waiting on a card reads the checkpoint the reply
   * resumes from.
   */
  latestCheckpointSql?: (thread: string, onlyWhen: string) => string;
}

export class ThreadsRepository {
  private readonly leases: ThreadLeases;
  private readonly latestCheckpointSql: ((thread: string, onlyWhen: string) => string) | undefined;

  constructor(
    private readonly pool: PoolLike,
    options: ThreadsRepositoryOptions = {},
  ) {
    const { latestCheckpointSql, ...leaseOptions } = options;
    this.leases = new ThreadLeases(pool, leaseOptions);
    this.latestCheckpointSql = latestCheckpointSql;
  }

  async create(userId: string): Promise<ThreadRecord> {
    const id = randomUUID();
    const rows = await this.pool.query<Record<string, unknown>>(
      "insert into chat_threads (id, user_id, settled) values ($1, $2, true) returning *",
      [id, userId],
    );
    return toThread(rows.rows[0]!);
  }

  /** The thread when the user owns it; NotFoundError otherwise (another user's thread looks absent). */
  async owned(userId: string, threadId: string): Promise<ThreadRecord> {
    if (!uuidPattern.test(threadId)) throw new NotFoundError("Thread");
    const rows = await this.pool.query<Record<string, unknown>>(
      "select * from chat_threads where id = $1 and user_id = $2",
      [threadId, userId],
    );
    if (!rows.rows[0]) throw new NotFoundError("Thread");
    return toThread(rows.rows[0]);
  }

  /**
   * A turn on the user's thread, opened in one statement: ownership, the thread's last activity
   * (and its title from its first message), what its graph waits on, its cards awaiting a
   * decision, the model's history, and the thread's lease (all read in the statement's one
   * snapshot). Then `work` runs holding the lease; ConflictError `thread_busy` when a live turn
   * holds it, NotFoundError unless the user owns the thread (no lease is taken on a thread the
   * user does not own). An `admission` (the message budget) is checked first in the same
   * statement; its refusal opens nothing. With `resumeLikely` (a decision, a yes or no), the
   * statement also reads the checkpoint a reply to a waiting card resumes from; other turns, most
   * of them new exchanges, do not pay for planning that read.
   */
  async openTurn<T>(
    userId: string,
    threadId: string,
    title: string,
    work: (thread: TurnStart, lease: TurnLease) => Promise<T>,
    options: { admission?: TurnAdmission; resumeLikely?: boolean } = {},
  ): Promise<T> {
    const { admission, resumeLikely = false } = options;
    if (!uuidPattern.test(threadId)) throw new NotFoundError("Thread");
    const lease = this.leases.acquisition("touched.id", 5, "touched");
    const params: unknown[] = [
      threadId,
      userId,
      threadTitle(title),
      historyTurns - 1,
      historyTurns + summaryTurns - 1,
      ...lease.params,
    ];
    const admitted = admission?.cte(params.length);
    if (admitted) params.push(...admitted.params);
    // The checkpoint is read only where a reply resumes from it: the settled thread waits on a card.
    const readsCheckpoint = "touched.settled and touched.waiting_on is not null";
    const checkpoint =
      this.latestCheckpointSql && resumeLikely
        ? `left join lateral (${this.latestCheckpointSql("touched.id", readsCheckpoint)}) cp on true`
        : "";
    const opened = `select touched.*, (select count(*) from trade_proposals p where p.user_id = $2 and p.thread_id = $1::text
           and p.status = 'awaiting') as awaiting_cards, h.*,
         (select holder from lease) as lease_holder, (select took_over from lease) as lease_took_over
         ${checkpoint ? `, (${readsCheckpoint}) as checkpoint_read, cp.*` : ""}
       from touched cross join lateral (${historySql("$1", "$4", "$5")}) h ${checkpoint}`;
    const rows = await this.pool.query<Record<string, unknown>>(
      `with ${admitted ? `admission as (${admitted.sql}), ` : ""}touched as (
         update chat_threads set updated_at = now(), title = case when title = '' then $3 else title end
         where id = $1 and user_id = $2${admitted ? " and (select admission_admitted from admission)" : ""}
         returning *
       ), lease as (
         ${lease.sql}
       )
       ${admitted ? `select admission.*, opened.* from admission left join lateral (${opened}) opened on true` : opened}`,
      params,
    );
    const row = rows.rows[0];
    if (admission && row && row.admission_admitted !== true) throw admission.refusal(row);
    if (!row || row.id == null) throw new NotFoundError("Thread");
    const thread: TurnStart = {
      ...toThread(row),
      ...graphStateOf(row),
      awaitingCards: Number(row.awaiting_cards),
      history: historyOf(row),
      checkpoint: row.checkpoint_read === true ? checkpointRowOf(row) : undefined,
    };
    const acquired = lease.outcome({ holder: row.lease_holder, took_over: row.lease_took_over });
    return this.leases.runHeld(threadId, acquired, (held) => work(thread, held));
  }

  /** The history a turn's model gets (after a recovery changed it). */
  async history(threadId: string): Promise<StoredHistory> {
    const rows = await this.pool.query<Record<string, unknown>>(historySql("$1", "$2", "$3"), [
      threadId,
      historyTurns - 1,
      historyTurns + summaryTurns - 1,
    ]);
    return historyOf(rows.rows[0]!);
  }

  /**
   * `owned` and one page of the thread's transcript in one statement: the `limit` latest
   * messages, or those before message `before`.
   */
  async ownedWithTranscript(
    userId: string,
    threadId: string,
    page: { limit: number; before?: string | undefined },
  ): Promise<ThreadRecord & ThreadGraphState & TranscriptPage> {
    if (!uuidPattern.test(threadId)) throw new NotFoundError("Thread");
    const rows = await this.pool.query<Record<string, unknown>>(
      `select t.*, (
         select coalesce(jsonb_agg(jsonb_build_object('id', p.message_id, 'role', p.role, 'content', p.content,
           'toolName', p.tool_name) order by p.seq desc), '[]'::jsonb)
         from (select m.seq, m.message_id, m.role, m.content, m.tool_name from chat_messages m
           where m.thread_id = t.id and m.role <> 'call'
             and ($4::text is null or m.seq < (select b.seq from chat_messages b where b.thread_id = t.id and b.message_id = $4))
           order by m.seq desc limit $3::int + 1) p
       ) as page
       from chat_threads t where t.id = $1 and t.user_id = $2`,
      [threadId, userId, page.limit, page.before ?? null],
    );
    const row = rows.rows[0];
    if (!row) throw new NotFoundError("Thread");
    const newestFirst = row.page as Array<{
      id: string;
      role: ChatMessage["role"];
      content: string;
      toolName: string | null;
    }>;
    const more = newestFirst.length > page.limit;
    const messages = newestFirst
      .slice(0, page.limit)
      .reverse()
      .map(({ toolName, ...m }): ChatMessage => (toolName === null ? m : { ...m, toolName }));
    return {
      ...toThread(row),
      ...graphStateOf(row),
      messages,
      earlierBefore: more ? (messages[0]?.id ?? null) : null,
    };
  }

  /**
   * A thread recovered from its checkpoint: the checkpoint's messages the store lacks are
   * appended (all of them for a thread from before the store), and the row says what it waits on.
   */
  async settleFromCheckpoint(threadId: string, messages: StoredMessageRow[], waitingOn: string | null) {
    await this.pool.query(
      `with appended as (
         insert into chat_messages (thread_id, message_id, role, content, tool_name, gist, message)
         ${appendedRowsSql("$1", "$2")}
       )
       update chat_threads set waiting_on = $3, settled = true where id = $1`,
      [threadId, storableJson(messages), waitingOn],
    );
  }

  async list(userId: string, limit = 50): Promise<ThreadRecord[]> {
    const rows = await this.pool.query<Record<string, unknown>>(
      "select * from chat_threads where user_id = $1 order by updated_at desc limit $2",
      [userId, limit],
    );
    return rows.rows.map(toThread);
  }

  /**
   * Runs `work` holding the thread's lease: one turn at a time per thread, on any replica. What
   * the turn records is written with the lease's release.
   */
  withLease<T>(threadId: string, work: (lease: TurnLease) => Promise<T>): Promise<T> {
    return this.leases.run(threadId, work);
  }
}

/**
 * A title from the start of a message: Postgres text cannot hold a NUL byte, and control
 * characters have no place in a title, so both go; whitespace runs become one space.
 */
function threadTitle(text: string): string {
  let kept = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code === 0x09 || code === 0x0a || code === 0x0d) kept += " ";
    else if (code >= 0x20 && code !== 0x7f) kept += ch;
  }
  return kept.replace(/\s+/g, " ").trim();
}

/**
 * What the model gets instead of a read tool's result older than the latest earlier turn
 * (`format` argument: the tool). A model shown several snapshots of the same figures can quote an
 * old one as current; the latest earlier turn's results stay whole for a follow-up question, and
 * the model's own answers stay whole in every turn of the window. No time is given: a row's
 * `created_at` is when it was stored, which for a thread recovered from its checkpoint is not when
 * the tool answered.
 */
const leftOutResultNote =
  "Left out: the result %1$s gave in an earlier turn. Its figures may be out of date; call %1$s again for current ones.";

/** The read tools, as a SQL array literal (constant names, checked to be plain identifiers). */
const readToolsSql = (() => {
  if (!readToolNames.every((name) => /^[a-z_]+$/.test(name)))
    throw new Error("a read tool's name is not an identifier");
  return `'{${readToolNames.join(",")}}'::text[]`;
})();

/**
 * A stored message as the model gets it: a read tool's result from before message `latestFrom`
 * becomes `leftOutResultNote`, keeping its tool call id and name.
 */
const windowMessageSql = (latestFrom: string) =>
  `case when m.role = 'tool' and m.seq < ${latestFrom} and m.tool_name = any(${readToolsSql})
     then jsonb_set(m.message, '{data,content}', to_jsonb(format('${leftOutResultNote.replaceAll("'", "''")}', m.tool_name)))
     else m.message end`;

/**
 * The select of a thread's history (param `thread`): the messages from its `recentOffset + 1`-th
 * latest user message on (read tools' results whole only from the latest one on), and the user
 * and tool extracts of the turns before them back to the `earlierOffset + 1`-th latest;
 * `earlier_omitted` when older turns exist still.
 */
function historySql(thread: string, recentOffset: string, earlierOffset: string): string {
  const nthUser = (offset: string) =>
    `(select u.seq from chat_messages u where u.thread_id = ${thread}::uuid and u.role = 'user'
      order by u.seq desc offset ${offset}::int limit 1)`;
  return `select
      (select coalesce(jsonb_agg(${windowMessageSql("b.latest_from")} order by m.seq), '[]'::jsonb) from chat_messages m
        where m.thread_id = ${thread}::uuid and m.seq >= coalesce(b.recent_from, 0)) as recent,
      (select coalesce(jsonb_agg(jsonb_build_object('role', m.role, 'gist', m.gist) order by m.seq), '[]'::jsonb)
        from chat_messages m
        where m.thread_id = ${thread}::uuid and b.recent_from is not null and m.seq < b.recent_from
          and m.seq >= coalesce(b.earlier_from, 0) and m.gist is not null) as earlier,
      (b.earlier_from is not null and exists (select 1 from chat_messages m
        where m.thread_id = ${thread}::uuid and m.seq < b.earlier_from)) as earlier_omitted
    from (select ${nthUser(recentOffset)} as recent_from, ${nthUser(earlierOffset)} as earlier_from,
      ${nthUser("0")} as latest_from) b`;
}

function historyOf(row: Record<string, unknown>): StoredHistory {
  return {
    recent: row.recent as StoredMessage[],
    earlier: row.earlier as EarlierEntry[],
    earlierOmitted: row.earlier_omitted === true,
  };
}

function graphStateOf(row: Record<string, unknown>): ThreadGraphState {
  return { waitingOn: (row.waiting_on as string | null) ?? null, settled: row.settled === true };
}

function toThread(row: Record<string, unknown>): ThreadRecord {
  return {
    id: row.id as string,
    userId: row.user_id as string,
    title: row.title as string,
    createdAt: new Date(row.created_at as string).toISOString(),
    updatedAt: new Date(row.updated_at as string).toISOString(),
  };
}
