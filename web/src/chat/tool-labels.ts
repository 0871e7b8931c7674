/** Plain words for the agent's tools, for the small activity lines under the chat. */
const LABELS: Record<string, [running: string, done: string]> = {
  get_holdings: ["Looking up your holdings", "Looked up your holdings"],
  get_accounts: ["Looking up your accounts", "Looked up your accounts"],
  get_buying_power: ["Checking buying power", "Checked buying power"],
  get_quote: ["Getting a quote", "Got a quote"],
  get_orders: ["Looking up your orders", "Looked up your orders"],
  get_portfolio_mode: ["Checking linked accounts", "Checked linked accounts"],
  get_transactions: ["Looking up transactions", "Looked up transactions"],
  get_performance: ["Computing performance", "Computed performance"],
  find_security: ["Looking up the security", "Looked up the security"],
  prepare_order: ["Preparing the order", "Prepared the order"],
  prepare_cancel: ["Preparing the cancellation", "Prepared the cancellation"],
  revise_pending_order: ["Updating the order", "Updated the order"],
  get_default_account: ["Checking your default account", "Checked your default account"],
  set_default_account: ["Setting your default account", "Set your default account"],
};

export function toolLabel(name: string, status: "started" | "finished" | "failed"): string {
  const [running, done] = LABELS[name] ?? [`Running ${name}`, `Ran ${name}`];
  if (status === "started") return `${running}…`;
  if (status === "failed") return `${running} failed`;
  return done;
}
