import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { rename, unlink, writeFile } from "node:fs/promises";
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

/**
 * Keeps the state file current without holding the event loop (the sandbox embedded in the
 * service shares it with every request): each write takes its text from one snapshot at once,
 * then writes a temporary file and renames it over the old one off the main thread. One write at
 * a time: a write asked for while one runs is skipped (the next tick brings the newer state).
 * `close` waits for a running write, then writes the last state itself, so no older write can
 * land after it.
 */
export class StateFileWriter {
  private running: Promise<void> | null = null;
  private closed = false;
  private written = 0;

  constructor(
    private readonly path: string,
    private readonly state: () => StateFile,
  ) {}

  /** Starts a write unless one runs (or the writer closed); resolves once it has landed or failed. */
  writeInBackground(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) return this.running;
    const text = JSON.stringify(this.state());
    this.written += 1;
    const temporary = `${this.path}.${process.pid}.${this.written}.tmp`;
    // A failed write leaves the last good file in place; the next tick tries again.
    this.running = writeFile(temporary, text)
      .then(() => rename(temporary, this.path))
      .catch(() => unlink(temporary).catch(() => {}))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Waits for a running write, then writes the final state (synchronously). */
  async close(): Promise<void> {
    this.closed = true;
    await this.running;
    writeStateFile(this.path, this.state());
  }
}
