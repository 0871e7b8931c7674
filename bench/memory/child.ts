import { inBatches } from "../client/in-batches.js";
import { seedAndLinkUser } from "../client/user-linking.js";
import { type Backend, startBenchService } from "../harness/bench-service.js";
import { parseArgs } from "../report/args.js";

/**
 * Runs in its own process (`node --expose-gc --import tsx`), so nothing else the bench did
 * weighs on its RSS. Prints one `RESULT <json>` line on stdout.
 */
export const MEMORY_QUESTION = "what's my buying power?";

const args = parseArgs(process.argv.slice(2));
const backend = (args.get("backend") ?? "pglite") as Backend;
const threads = Number(args.get("threads") ?? 10_000);
const maxSeconds = Number(args.get("max-seconds") ?? 240);
const concurrency = 10;
const gc = (globalThis as { gc?: () => void }).gc;

const sample = () => {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rssMb: m.rss / 2 ** 20, heapUsedMb: m.heapUsed / 2 ** 20, externalMb: m.external / 2 ** 20 };
};

const svc = await startBenchService(backend, process.env.BENCH_DATABASE_URL || undefined);
try {
  const users = await inBatches([0, 1, 2, 3, 4], 5, () =>
    seedAndLinkUser({ admin: svc.admin, serviceUrl: svc.url }),
  );
  for (const user of users) await user.client.send(await user.client.createThread(), MEMORY_QUESTION);
  await svc.admin.settle();
  const before = sample();
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  let done = 0;
  let errors = 0;
  await inBatches(
    Array.from({ length: threads }, (_, i) => i),
    concurrency,
    async (i) => {
      if (performance.now() > deadline) return;
      const client = users[i % users.length]!.client;
      try {
        const answer = await client.send(await client.createThread(), MEMORY_QUESTION);
        if (answer.status === 200) done += 1;
        else errors += 1;
      } catch (error) {
        errors += 1;
        process.stderr.write(`  memory: request failed: ${error instanceof Error ? error.message : error}\n`);
      }
      if ((done + errors) % 1000 === 0) process.stderr.write(`  memory: ${done + errors} threads\n`);
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const after = sample();
  console.log(
    `RESULT ${JSON.stringify({ backend, requested: threads, threads: done, errors, seconds, before, after, gc: Boolean(gc) })}`,
  );
} finally {
  await svc.close();
}
process.exit(0);
