import { createDefaultAccountTools } from "./default-account-tools.js";
import { createOrderTools } from "./order-tools.js";
import { createReadTools, type ToolServices } from "./read-tools.js";
import { createSecurityTools } from "./security-tools.js";

export type { ToolServices } from "./read-tools.js";
export { runContextOf, type ToolRunContext } from "./run-context.js";

/** Every tool the agent may call, built once per process over the shared services. */
export function createAgentTools(services: ToolServices) {
  return [
    ...createReadTools(services),
    ...createSecurityTools(services),
    ...createOrderTools(services),
    ...createDefaultAccountTools(services),
  ];
}

export type AgentTool = ReturnType<typeof createAgentTools>[number];

/** Tools whose result may carry a confirmation that must be put before the user. */
export const preparingTools = new Set(["prepare_order", "prepare_cancel", "revise_pending_order"]);
