/** The orders layer's contract: every other layer imports the order vocabulary from here. */
export * from "./amounts.js";
export * from "./confirmation.js";
export * from "./decision.js";
export * from "./default-account.js";
export * from "./order.js";
export * from "./order-changes.js";
export * from "./order-request.js";
export * from "./order-spec.js";
export * from "./results.js";
export * from "./vocabulary.js";
