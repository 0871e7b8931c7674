// @ts-check
// Plain JavaScript: Stryker loads plugins in its worker processes too, where no TypeScript loader runs.
import { declareValuePlugin, PluginKind } from "@stryker-mutator/api/plugin";

const levels = new Set(["trace", "debug", "info", "warn", "error", "fatal"]);

/**
 * `logger.warn(...)` or `this.deps.logger.warn(...)`: a call of a log level on something named `logger`.
 * @param {{ type: string, callee?: any }} node a Babel AST node
 * @returns {boolean}
 */
export function isLoggerCall(node) {
  const callee = node.type === "CallExpression" ? node.callee : undefined;
  if (callee?.type !== "MemberExpression" || !levels.has(callee.property?.name)) return false;
  const target = callee.object;
  if (target?.type === "Identifier") return target.name === "logger";
  return target?.type === "MemberExpression" && target.property?.name === "logger";
}

/**
 * A log line's text and fields are for operators, not behaviour a test of the money path can pin:
 * a mutant inside one would only measure whether tests read logs. What is logged is still reviewed
 * (no secrets, no full account numbers); it is just not mutated.
 */
export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, "logging", {
    /** @param {{ node: { type: string, callee?: any } }} path */
    shouldIgnore(path) {
      return isLoggerCall(path.node) ? "a log call: operator text, not behaviour" : undefined;
    },
  }),
];
