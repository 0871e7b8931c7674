import type { RunnableConfig } from "@langchain/core/runnables";
import { tool } from "@langchain/core/tools";
import { AppError } from "../src/core/errors.js";
import { accountLabel } from "../src/core/format.js";
import { type DefaultAccountToolResult, toolInputs } from "../src/models/tool-contracts.js";
import type { DefaultAccountView } from "../src/orders/contract/index.js";
import { resolveAccountHint } from "./account-hint.js";
import type { ToolServices } from "./read-tools.js";
import { runContextOf } from "./run-context.js";

/**
 * The default trading account in chat: read it, choose it by the user's words (resolved among
 * the user's own accounts with the same rules as an account named in an order), or clear it.
 * The setting only steers routing; every order still waits for the user's own approval.
 */
export function createDefaultAccountTools({ portfolio, orders }: ToolServices) {
  async function answer(
    userId: string,
    view: DefaultAccountView,
    changed: DefaultAccountToolResult["changed"],
  ): Promise<string> {
    const accounts = await portfolio.listAccounts(userId);
    const { eligibleAccountIds, ...setting } = view;
    const result: DefaultAccountToolResult = {
      ...setting,
      changed,
      candidates: accounts
        .filter((a) => eligibleAccountIds.includes(a.id))
        .map((a) => ({ accountId: a.id, label: accountLabel(a), isPaper: a.isPaper })),
    };
    return JSON.stringify(result);
  }

  const getDefaultAccount = tool(
    async (_input, config: RunnableConfig) => {
      const { userId } = runContextOf(config);
      return answer(userId, await orders.defaultAccount.view(userId), null);
    },
    {
      name: "get_default_account",
      description: toolInputs.get_default_account.description!,
      schema: toolInputs.get_default_account,
    },
  );

  const setDefaultAccount = tool(
    async (input, config: RunnableConfig) => {
      const { userId } = runContextOf(config);
      if (input.clear) return answer(userId, await orders.defaultAccount.clear(userId), "cleared");
      if (!input.account) {
        return JSON.stringify({ error: "Which account should be your default? Name it, or say clear." });
      }
      const hint = resolveAccountHint(input.account, await portfolio.listAccounts(userId));
      if (hint.kind === "problem") return JSON.stringify({ error: hint.message });
      if (hint.kind !== "one") return JSON.stringify({ error: "Name one account to make the default." });
      try {
        return answer(userId, await orders.defaultAccount.choose(userId, hint.account.id), "set");
      } catch (error) {
        if (error instanceof AppError) return JSON.stringify({ error: error.message });
        throw error;
      }
    },
    {
      name: "set_default_account",
      description: toolInputs.set_default_account.description!,
      schema: toolInputs.set_default_account,
    },
  );

  return [getDefaultAccount, setDefaultAccount];
}
