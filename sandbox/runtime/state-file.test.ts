import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type StateFile, StateFileWriter } from "./state-file.js";

/** A state file whose world says which version it is (the writer never looks inside). */
const stateOf = (version: number) => ({ world: { version }, keys: {} }) as unknown as StateFile;
const versionIn = (file: string) =>
  (JSON.parse(readFileSync(file, "utf8")) as { world: { version: number } }).world.version;

describe("StateFileWriter: the state file kept current without holding the event loop", () => {
  let dir: string;
  let file: string;
  let version: number;
  let writer: StateFileWriter;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "state-file-"));
    file = path.join(dir, "world.json");
    version = 1;
    writer = new StateFileWriter(file, () => stateOf(version));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("a background write returns before anything is on disk, and lands whole", async () => {
    const writing = writer.writeInBackground();
    expect(existsSync(file)).toBe(false);
    await writing;
    expect(versionIn(file)).toBe(1);
    expect(readdirSync(dir)).toEqual(["world.json"]);
  });

  it("writes one at a time: a write asked for meanwhile is the running one; the next writes the newer state", async () => {
    const first = writer.writeInBackground();
    version = 2;
    expect(writer.writeInBackground()).toBe(first);
    await first;
    expect(versionIn(file)).toBe(1);
    await writer.writeInBackground();
    expect(versionIn(file)).toBe(2);
  });

  it("close waits for a running write, then writes the final state: no older write lands after it", async () => {
    const running = writer.writeInBackground();
    version = 2;
    await writer.close();
    await running;
    expect(versionIn(file)).toBe(2);
    await writer.writeInBackground();
    expect(versionIn(file)).toBe(2);
  });

  it("a write that fails leaves what was there and no temporary file", async () => {
    // A directory where the file should be: the rename fails.
    mkdirSync(file);
    writeFileSync(path.join(file, "keep"), "");
    await writer.writeInBackground();
    expect(readdirSync(dir)).toEqual(["world.json"]);
    expect(readdirSync(file)).toEqual(["keep"]);
  });
});
