import type { Summary } from "../report/percentiles.js";

// What the throughput load generator measures and prints (its RESULT line).

/** A conversation of this many turns, then a new thread (threads stay short, as in real use). */
export const TURNS_PER_THREAD = 5;

export interface LevelReport {
  users: number;
  seconds: number;
  turns: number;
  turnsPerSecond: number;
  errors: number;
  errorKinds: Record<string, number>;
  latency: Summary;
  /** This process's CPU over the measurement, in cores (1 = one core busy all the time). */
  clientCpuCores: number;
  /** This process's event-loop utilisation over the measurement (near 1: the client is the limit). */
  clientEventLoop: number;
}

export interface LoadGeneratorReport {
  linkSeconds: number;
  warmupSeconds: number;
  levels: LevelReport[];
}
