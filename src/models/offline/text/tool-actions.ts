import type { ToolName } from "../../tool-contracts.js";

/** What each tool does, as the end of "I couldn't …" / "I can't … here". */
const TOOL_ACTIONS: Record<ToolName, string> = {
  get_accounts: "list your linked accounts",
  get_holdings: "look up your holdings",
  get_buying_power: "look up your cash and buying power",
  get_quote: "get that price",
  get_orders: "look up your orders",
  get_portfolio_mode: "check which of your accounts can trade",
  get_transactions: "load your recent transactions",
  get_performance: "work out how your portfolio did",
  prepare_order: "prepare that order",
  prepare_cancel: "prepare that cancellation",
  revise_pending_order: "change the order waiting for your confirmation",
  get_default_account: "look up your default trading account",
  set_default_account: "change your default trading account",
  find_security: "look up which security you mean",
};

export function toolAction(name: string | null): string {
  return name && name in TOOL_ACTIONS ? TOOL_ACTIONS[name as ToolName] : "finish that";
}

export function isOrderTool(name: string | null): boolean {
  return name === "prepare_order" || name === "prepare_cancel" || name === "revise_pending_order";
}
