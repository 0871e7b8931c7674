import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { globSync } from "tinyglobby";
import { describe, expect, it } from "vitest";
import { filesOfMutateGlobs, pruneIncrementalReport } from "./module-files.js";
import { mutationModules } from "./modules.js";
import { decodeTestGlobs, encodeTestGlobs } from "./test-globs.js";

const root = path.resolve(import.meta.dirname, "..");

describe("mutation modules", () => {
  it("a brace glob with commas reaches the vitest config whole", () => {
    const globs = ["src/orders/{engine,decisions}.test.ts", "src/a.test.ts"];
    expect(decodeTestGlobs(encodeTestGlobs(globs))).toEqual(globs);
    expect(decodeTestGlobs(undefined)).toEqual([]);
    expect(() => decodeTestGlobs('{"a":1}')).toThrow(/JSON list/);
  });

  // A glob that matches nothing leaves the module's mutants without the tests meant to kill them.
  it.each(mutationModules.map((module) => [module.name, module] as const))(
    "%s: every test glob matches a test file, every mutate glob a source file",
    (_name, module) => {
      for (const glob of decodeTestGlobs(encodeTestGlobs(module.tests))) {
        expect(globSync(glob, { cwd: root }), glob).not.toHaveLength(0);
      }
      const positive = module.mutate.filter((glob) => !glob.startsWith("!"));
      const negative = module.mutate.filter((glob) => glob.startsWith("!")).map((glob) => glob.slice(1));
      for (const glob of positive) {
        expect(globSync(glob, { cwd: root, ignore: negative }), glob).not.toHaveLength(0);
      }
    },
  );
});

describe("a module's files", () => {
  it("are its mutate globs with the `!` globs taken out", () => {
    const webhooks = mutationModules.find((module) => module.name === "webhooks");
    const files = filesOfMutateGlobs(webhooks?.mutate ?? [], root);
    expect(files.has("src/portfolio/webhooks/snaptrade-webhook-handler.ts")).toBe(true);
    expect(files.has("src/portfolio/webhooks/snaptrade-signature.ts")).toBe(false);
    expect([...files].some((file) => file.endsWith(".test.ts"))).toBe(false);
  });

  it("an incremental record loses the files its module no longer mutates, and only those", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "incremental-"));
    const report = path.join(dir, "module.json");
    const mutants = { language: "typescript", mutants: [], source: "" };
    writeFileSync(
      report,
      JSON.stringify({ files: { "a.ts": mutants, "gone.ts": mutants }, schemaVersion: "2" }),
    );
    expect(pruneIncrementalReport(report, new Set(["a.ts"]))).toEqual(["gone.ts"]);
    const pruned = JSON.parse(readFileSync(report, "utf8"));
    expect(Object.keys(pruned.files)).toEqual(["a.ts"]);
    expect(pruned.schemaVersion).toBe("2");
    expect(pruneIncrementalReport(report, new Set(["a.ts"]))).toEqual([]);
  });
});
