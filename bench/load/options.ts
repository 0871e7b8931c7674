import { assertLoopback } from "../client/http.js";
import { parseArgs } from "../report/args.js";

export interface LoadOptions {
  url: string;
  sandboxUrl: string | undefined;
  users: number;
  durationSeconds: number;
  /** Mean pause between one user's actions (jittered ±50 %). */
  thinkMs: number;
}

export const LOAD_USAGE = `npm run load -- [--url http://127.0.0.1:3000] [--sandbox-url http://127.0.0.1:PORT]
                [--users 20] [--duration 60s] [--think-ms 2500]
  Loopback only. The service must be running (npm start). --duration takes 90, 90s or 2m (at most 10m).`;

const MAX_DURATION_SECONDS = 600;

/** "90", "90s", "2m" -> seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m)?$/.exec(text.trim());
  if (!match) throw new Error(`--duration must look like 60, 60s or 2m (got ${text})`);
  const seconds = Number(match[1]) * (match[2] === "m" ? 60 : 1);
  if (seconds <= 0 || seconds > MAX_DURATION_SECONDS) {
    throw new Error(`--duration must be between 1 s and ${MAX_DURATION_SECONDS / 60} minutes`);
  }
  return seconds;
}

const positive = (name: string, value: string | undefined, fallback: number) => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
  return n;
};

export function loadOptions(argv: string[]): LoadOptions | "help" {
  const args = parseArgs(argv);
  if (args.has("help")) return "help";
  const url = (args.get("url") ?? "http://127.0.0.1:3000").replace(/\/$/, "");
  const sandboxUrl = args.get("sandbox-url")?.replace(/\/$/, "");
  assertLoopback(url);
  if (sandboxUrl) assertLoopback(sandboxUrl);
  const users = positive("users", args.get("users"), 20);
  if (users < 1 || users > 200) throw new Error("--users must be 1 to 200");
  return {
    url,
    sandboxUrl,
    users: Math.floor(users),
    durationSeconds: parseDuration(args.get("duration") ?? "60s"),
    thinkMs: positive("think-ms", args.get("think-ms"), 2500),
  };
}
