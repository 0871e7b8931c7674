import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is sandbox/contract/specs.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The vendor specs live next to the project, never copied into it. */
export const specsDir = path.resolve(repoRoot, "../shared/specs");

export const SPEC_FILES = {
  snaptrade: "snaptrade-api.yaml",
  alpacaTrading: "alpaca-trading-api.json",
  alpacaMarketData: "alpaca-market-data-api.json",
  plaid: "plaid-api-2020-09-14.yml",
} as const;

export function specsAvailable(): boolean {
  return Object.values(SPEC_FILES).every((file) => existsSync(path.join(specsDir, file)));
}

export function specPath(name: keyof typeof SPEC_FILES): string {
  return path.join(specsDir, SPEC_FILES[name]);
}
