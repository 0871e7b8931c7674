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
  {
    name: "webhooks",
    mutate: ["src/portfolio/webhooks/**/*.ts", ...notTests],
    tests: ["src/portfolio/webhooks/**/*.test.ts"],
    breakAt: 85,
  },
];
