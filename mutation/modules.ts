/**
 * The money path under mutation, one entry per module: what is mutated, which tests may kill its
 * mutants, and the score below which the run fails.
 */
export interface MutationModule {
  name: string;
  mutate: string[];
  tests: string[];
  /** Minimum mutation score (percent), issue 19's bar. */
  breakAt: number;
}

const notTests = ["!**/*.test.ts", "!**/test-support/**"];

/** SnapTrade's signature (with the Python canonical JSON it signs) and Plaid's JWT verification. */
const webhookVerification = [
  "src/portfolio/webhooks/snaptrade-signature.ts",
  "src/portfolio/webhooks/python-canonical-json.ts",
  "src/portfolio/webhooks/plaid-verification.ts",
];

export const mutationModules: MutationModule[] = [
  {
    name: "orders-routing",
    mutate: ["src/orders/routing/**/*.ts", ...notTests],
    tests: ["src/orders/routing/**/*.test.ts"],
    breakAt: 90,
  },
  {
    name: "orders-contract",
    mutate: ["src/orders/contract/**/*.ts", ...notTests],
    tests: ["src/orders/contract/**/*.test.ts", "src/orders/routing/size-order.test.ts"],
    breakAt: 90,
  },
  {
    name: "confirmation-reply",
    mutate: ["src/orders/confirmation-reply.ts"],
    tests: ["src/orders/confirmation-reply.test.ts"],
    breakAt: 90,
  },
  // The orders core (src/orders/*.ts and audit/), split by file so each module runs on 2 cores
  // against only the tests that exercise it.
  {
    name: "orders-decisions",
    mutate: ["src/orders/decisions.ts"],
    tests: [
      "src/orders/decisions*.test.ts",
      "src/orders/approval-guards.test.ts",
      "src/orders/engine.test.ts",
      "src/orders/cancel-card.test.ts",
    ],
    breakAt: 90,
  },
  {
    // Pure functions: their unit tests decide (the approval path's use of them is orders-decisions').
    name: "orders-risk",
    mutate: ["src/orders/risk-limits.ts", "src/orders/proposal-hash.ts"],
    tests: ["src/orders/risk-limits.test.ts", "src/orders/proposal-hash.test.ts"],
    breakAt: 90,
  },
  {
    name: "orders-reconciler",
    mutate: [
      "src/orders/reconciler.ts",
      "src/orders/order-of-record.ts",
      "src/orders/broker-outcome.ts",
      "src/orders/outcome.ts",
    ],
    tests: [
      "src/orders/reconcil*.test.ts",
      "src/orders/outcome.test.ts",
      "src/orders/broker-outcome.test.ts",
    ],
    breakAt: 90,
  },
  {
    name: "orders-audit",
    mutate: ["src/orders/audit/**/*.ts", ...notTests],
    tests: ["src/orders/audit/**/*.test.ts"],
    breakAt: 90,
  },
  {
    name: "orders-prepare",
    mutate: [
      "src/orders/prepare.ts",
      "src/orders/card.ts",
      "src/orders/request-check.ts",
      "src/orders/stored-spec.ts",
      "src/orders/default-account.ts",
    ],
    tests: [
      "src/orders/engine.test.ts",
      "src/orders/price-collar.test.ts",
      "src/orders/snaptrade-daily-cache.test.ts",
      "src/orders/cancel-card.test.ts",
      "src/orders/{request-check,stored-spec,card,default-account}.test.ts",
      "src/orders/prepare*.test.ts",
      "src/orders/routing/default-account-routing.test.ts",
    ],
    breakAt: 90,
  },
  {
    name: "orders-engine-rest",
    mutate: [
      "src/orders/*.ts",
      "!src/orders/confirmation-reply.ts",
      "!src/orders/{decisions,risk-limits,proposal-hash}.ts",
      "!src/orders/{reconciler,order-of-record,broker-outcome,outcome}.ts",
      "!src/orders/{prepare,card,request-check,stored-spec,default-account}.ts",
      ...notTests,
    ],
    tests: [
      "src/orders/{engine,decisions,approval-guards,cancel-card,reconciliation,delayed-fills}.test.ts",
      "src/orders/{trade-update,settled-order-update,snaptrade-daily-cache,price-collar}.test.ts",
      // Each file's own tests (engine-*.test.ts for the engine's).
      "src/orders/{request-reads,submitter,cancellations,engine-,repository,rows,proposal-store,order-of-proposal,trade-update-listener,audited-writes,canonical-json,edited-request,order-sql,errors}*.test.ts",
    ],
    breakAt: 90,
  },
  {
    name: "secrets",
    mutate: ["src/core/secrets/**/*.ts", ...notTests],
    tests: ["src/core/secrets/**/*.test.ts"],
    breakAt: 90,
  },
  // Two halves: every handler test also runs the signature code, and a database-backed test per
  // verification mutant would not finish on 2 cores; the verification tests alone pin it down.
  {
    name: "webhooks-verification",
    mutate: [...webhookVerification],
    tests: webhookVerification.map((file) => file.replace(/\.ts$/, ".test.ts")),
    breakAt: 85,
  },
  {
    name: "webhooks",
    mutate: ["src/portfolio/webhooks/**/*.ts", ...webhookVerification.map((file) => `!${file}`), ...notTests],
    tests: ["src/portfolio/webhooks/*-handler.test.ts"],
    breakAt: 85,
  },
];
