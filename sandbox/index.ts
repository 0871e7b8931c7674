/** The broker sandbox: SnapTrade, Alpaca, Plaid and Supabase Auth lookalikes in one server. */
export { type CreateSandboxAppOptions, createSandboxApp, type SandboxApp } from "./app.js";
export * from "./defaults.js";
export * from "./demo.js";
export type { LatencyByProvider, RuntimeConfig, SandboxOptions } from "./options.js";
export { FAULT_MODES, type FaultMode } from "./runtime/faults.js";
export { ALL_TARGETS, OPERATIONS } from "./runtime/operations.js";
export { type RunningSandbox, type StartSandboxOptions, startSandbox } from "./server.js";
export { defaultBehaviour, instantFills, type VendorBehaviour } from "./world/behaviour.js";
export { applySeed, type SeedInput, type SeedResultUser } from "./world/seed.js";
export type { Account, Order, SnaptradeConnection } from "./world/types.js";
export { World } from "./world/world.js";
