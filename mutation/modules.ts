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
  {
    name: "orders-core",
    mutate: ["src/orders/*.ts", "src/orders/audit/**/*.ts", "!src/orders/confirmation-reply.ts", ...notTests],
    tests: ["src/orders/*.test.ts", "src/orders/audit/**/*.test.ts"],
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
