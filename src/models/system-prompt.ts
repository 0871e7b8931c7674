import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const promptsDir = path.resolve(fileURLToPath(import.meta.url), "../../../prompts");

/** The system prompt, versioned in prompts/; its file name is its version in the audit trail. */
export function loadSystemPrompt(name = "system.md"): string {
  return readFileSync(path.join(promptsDir, name), "utf8").trim();
}
