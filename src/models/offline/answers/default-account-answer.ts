import { joinWithAnd } from "../../text/format.js";
import { cleanDataText } from "../../text/untrusted-text.js";
import { type DefaultAccountToolResult, defaultAccountToolResultSchema } from "../../tool-contracts.js";
import type { ToolResult } from "../conversation/tool-results.js";

const DEFAULT_ACCOUNT_TOOLS = new Set(["get_default_account", "set_default_account"]);

export function isDefaultAccountTool(name: string | null): boolean {
  return name !== null && DEFAULT_ACCOUNT_TOOLS.has(name);
}

/**
 * get_default_account / set_default_account → what the setting is now, written only from the
 * result's fields: what changed, whether orders can use the account, and what buys do with it.
 * A problem (an account that can't trade, a name matching several) is relayed as it came.
 */
export function defaultAccountAnswer(result: ToolResult): string | null {
  const data = result.data as Record<string, unknown> | null;
  if (data && typeof data === "object" && typeof data.error === "string") {
    return `${cleanDataText(data.error, 300)} Your default trading account was not changed.`;
  }
  const parsed = defaultAccountToolResultSchema.safeParse(result.data);
  if (!parsed.success) return null;
  return describe(parsed.data);
}

function describe(view: DefaultAccountToolResult): string {
  const rule = cleanDataText(view.rule, 400);
  const chosen = view.chosen;
  if (view.changed === "cleared") {
    return `Done: you no longer have a default trading account. ${rule}`;
  }
  if (!chosen) {
    const names = view.candidates.map((c) => `${cleanDataText(c.label)}${c.isPaper ? " (paper)" : ""}`);
    const choose =
      names.length > 0
        ? ` You can choose ${names.length === 1 ? "" : "one of "}${joinWithAnd(names)}: say, for example, "make ${cleanDataText(view.candidates[0]!.label)} my default".`
        : " None of your accounts can trade right now, so there is nothing to choose yet.";
    return `You haven't chosen a default trading account. ${rule}${choose}`;
  }
  const label = cleanDataText(chosen.label);
  const kind =
    chosen.isPaper === true ? " It is a paper (simulated) account: orders there move no real money." : "";
  const lead =
    view.changed === "set"
      ? `Done: ${label} is now your default trading account.`
      : `Your default trading account is ${label}, chosen by you.`;
  if (chosen.whyNot) {
    return `${lead} Orders can't use it right now: ${cleanDataText(chosen.whyNot, 200)}. ${rule}`;
  }
  return `${lead}${kind} ${rule} Every order still waits for your approval on its card.`;
}
