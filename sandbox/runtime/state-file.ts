import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { StoredEcKey } from "../lib/ec-key.js";
import type { WorldSnapshot } from "../world/snapshot.js";

/** What `--state-file` holds: the world plus the signing keys (so issued tokens stay valid). */
export interface StateFile {
  world: WorldSnapshot;
  keys: { auth: StoredEcKey; plaidWebhook: StoredEcKey };
}

export function readStateFile(path: string): StateFile | null {
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, "utf8")) as StateFile;
}

/** Writes atomically (temp file + rename) so a crash never leaves half a file. */
export function writeStateFile(path: string, state: StateFile): void {
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, path);
}
