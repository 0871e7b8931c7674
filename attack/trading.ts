import type { PendingConfirmation, ThreadView } from "../src/server/api-types.js";
import type { CallOptions, CallResult, Category, ExchangeLog } from "./exchange-log.js";
import type { BrokerOrder, Card, Ledger, OrderRecord } from "./ledger.js";
import type { Stack } from "./stack.js";
import type { Actor } from "./users.js";

/** What one category needs to act: the recorded client, the ledger, the processes. */
export interface Run {
  stack: Stack;
  log: ExchangeLog;
  ledger: Ledger;
  quick: boolean;
}

/** Acts as one user within one category. */
export class Session {
  constructor(
    private readonly run: Run,
    readonly category: Category,
    readonly actor: Actor,
  ) {}

  call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    return this.run.log.call(this.category, method, path, { token: this.actor.token, ...options });
  }

  async newThread(): Promise<string> {
    const answer = await this.call("POST", "/api/threads");
    return (answer.json as { threadId: string }).threadId;
  }

  /** One chat message; the card it made, if any, is entered in the ledger (not approved). */
  async say(threadId: string, content: string, headers?: Record<string, string>): Promise<CallResult> {
    const answer = await this.call("POST", `/api/threads/${threadId}/messages`, {
      body: { content },
      headers,
    });
    this.enter((answer.json as ThreadView | undefined)?.pendingConfirmation);
    return answer;
  }

  /** A fresh thread with the card for `content`; throws when no card came. */
  async cardFor(content: string): Promise<{ threadId: string; card: PendingConfirmation }> {
    const threadId = await this.newThread();
    const answer = await this.say(threadId, content);
    const card = (answer.json as ThreadView | undefined)?.pendingConfirmation;
    if (!card) throw new Error(`no card for "${content}": ${answer.status} ${answer.text.slice(0, 300)}`);
    return { threadId, card };
  }

  enter(card: PendingConfirmation | null | undefined): Card | undefined {
    if (card?.kind !== "order") return undefined;
    return this.run.ledger.card({
      proposalId: card.id,
      category: this.category,
      userId: this.actor.id,
      accountId: card.account.id,
      order: card.order,
      approved: false,
    });
  }

  /**
   * A decision on a card. An approve with the card's own hash before its expiry is the owner's
   * confirmation, and marks the card approved in the ledger whatever the service answers.
   */
  async decide(
    threadId: string,
    card: PendingConfirmation,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<CallResult> {
    this.run.ledger.touch(card.id);
    const decision = body as { decision?: string; hash?: string };
    if (decision.decision === "approve" && (decision.hash === undefined || decision.hash === card.hash)) {
      if (Date.parse(card.expiresAt) > Date.now()) this.run.ledger.approve(card.id);
    }
    const answer = await this.call("POST", `/api/threads/${threadId}/confirmations/${card.id}`, {
      body,
      headers,
    });
    this.enter((answer.json as ThreadView | undefined)?.pendingConfirmation);
    return answer;
  }

  /** The owner confirms on another channel (the MCP approval page's route). */
  confirmedElsewhere(card: PendingConfirmation): void {
    if (Date.parse(card.expiresAt) > Date.now()) this.run.ledger.approve(card.id);
  }

  approve(
    threadId: string,
    card: PendingConfirmation,
    headers?: Record<string, string>,
  ): Promise<CallResult> {
    return this.decide(threadId, card, { decision: "approve", hash: card.hash }, headers);
  }

  async orders(): Promise<OrderRecord[]> {
    const answer = await this.call("GET", "/api/orders?limit=200");
    return (answer.json as { orders: OrderRecord[] }).orders;
  }
}

/** The broker's orders now (every provider, every user). */
export async function brokerOrders(stack: Stack): Promise<BrokerOrder[]> {
  return (await stack.admin<{ orders: BrokerOrder[] }>("/orders")).orders;
}

/**
 * Runs one attempt and records which broker orders arrived while it ran, and the cards it
 * touched: the ground truth that ties SnapTrade's orders (no client order id) to a card.
 */
export async function inWindow<T>(
  run: Run,
  category: Category,
  attempt: () => Promise<T>,
): Promise<T | undefined> {
  const before = new Set((await brokerOrders(run.stack)).map((o) => o.id));
  run.ledger.touched.clear();
  let result: T | undefined;
  try {
    result = await attempt();
  } catch (error) {
    run.log.find(category, "harness", `attempt failed: ${(error as Error).message.slice(0, 300)}`);
  }
  const after = await brokerOrders(run.stack);
  run.ledger.windows.push({
    category,
    proposalIds: [...run.ledger.touched],
    brokerOrderIds: after.filter((o) => !before.has(o.id)).map((o) => o.id),
  });
  run.log.attempt(category);
  return result;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
