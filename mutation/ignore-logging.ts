import { declareValuePlugin, PluginKind } from "@stryker-mutator/api/plugin";

/** The part of Babel's NodePath the ignorer reads (Stryker hands it a real one). */
interface PathLike {
  node: { type: string; callee?: CalleeLike };
}
interface CalleeLike {
  type: string;
  object?: { type: string; name?: string; property?: { type: string; name?: string } };
  property?: { type: string; name?: string };
}

const levels = new Set(["trace", "debug", "info", "warn", "error", "fatal"]);

/** `logger.warn(...)` or `this.deps.logger.warn(...)`: a call on something named `logger`. */
function isLoggerCall(callee: CalleeLike | undefined): boolean {
  if (callee?.type !== "MemberExpression" || !levels.has(callee.property?.name ?? "")) return false;
  const target = callee.object;
  if (target?.type === "Identifier") return target.name === "logger";
  return target?.type === "MemberExpression" && target.property?.name === "logger";
}

/**
 * A log line's text and fields are for operators, not behaviour a test of the money path can
 * pin: a mutant inside one would only measure whether tests read logs. What is logged is still
 * reviewed (no secrets, no full account numbers); it is just not mutated.
 */
export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, "logging", {
    shouldIgnore(path: PathLike): string | undefined {
      return path.node.type === "CallExpression" && isLoggerCall(path.node.callee)
        ? "a log call: operator text, not behaviour"
        : undefined;
    },
  }),
];
