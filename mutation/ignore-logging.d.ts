/** Types of ignore-logging.js (plain JavaScript so Stryker's workers can load it). */
export function isLoggerCall(node: { type: string; callee?: unknown }): boolean;
export const strykerPlugins: unknown[];
