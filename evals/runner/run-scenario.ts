import type { PendingConfirmation } from "../../src/server/api-types.js";
import type { EvalService } from "../harness/eval-service.js";
import { createFreshUser } from "../harness/fresh-user.js";
import type { SandboxAdmin } from "../harness/sandbox-admin.js";
import type { Scenario, SeedUser } from "../scenario-schema.js";
import { checkOrders } from "./check-orders.js";
import { checkTurn } from "./check-turn.js";
import type { TurnObservation } from "./observation.js";
import { performTurn } from "./perform-turn.js";

export interface ScenarioResult {
  id: string;
  category: string;
  turns: number;
  passed: boolean;
  /** "turn 2: no prepare_order call", or "orders: ..."; null when it passed. */
  firstFailure: string | null;
  failures: string[];
  observations: TurnObservation[];
  ms: number;
}

export interface ScenarioEnvironment {
  service: EvalService;
  admin: SandboxAdmin;
  seeds: ReadonlyMap<string, SeedUser>;
  timeoutMs: number;
}

/** One scenario, start to finish, on a user of its own. Never throws: a crash is a failure. */
export async function runScenario(scenario: Scenario, env: ScenarioEnvironment): Promise<ScenarioResult> {
  const started = performance.now();
  const failures: string[] = [];
  const observations: TurnObservation[] = [];
  try {
    const seed = typeof scenario.seed === "string" ? env.seeds.get(scenario.seed) : scenario.seed;
    if (!seed) throw new Error(`unknown seed preset "${String(scenario.seed)}"`);
    const user = await createFreshUser(env.service, env.admin, seed, { timeoutMs: env.timeoutMs });
    const threadId = await user.client.createThread();
    const cardsAfterTurn: Array<PendingConfirmation | null> = [];
    let pending: PendingConfirmation | null = null;
    for (const [index, turn] of scenario.turns.entries()) {
      const seen = await performTurn(turn, {
        client: user.client,
        threadId,
        cardsAfterTurn,
        pendingBefore: pending,
      });
      observations.push(seen);
      for (const failure of checkTurn(turn.expect, seen, "say" in turn))
        failures.push(`turn ${index + 1}: ${failure}`);
      pending = seen.pending;
      cardsAfterTurn.push(pending);
    }
    const [orders, accounts] = await Promise.all([env.admin.orders(user.userId), user.client.accounts()]);
    for (const failure of checkOrders(scenario.orders, orders, accounts)) failures.push(`orders: ${failure}`);
  } catch (error) {
    failures.push(`crashed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    id: scenario.id,
    category: scenario.category,
    turns: scenario.turns.length,
    passed: failures.length === 0,
    firstFailure: failures[0] ?? null,
    failures,
    observations,
    ms: Math.round(performance.now() - started),
  };
}
