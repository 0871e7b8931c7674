import os from "node:os";
import { requestJson } from "./client/http.js";
import { inBatches } from "./client/in-batches.js";
import { SandboxAdmin } from "./client/sandbox-admin.js";
import { seedAndLinkUser } from "./client/user-linking.js";
import { discoverSandbox } from "./load/discover-sandbox.js";
import { checkDuplicates } from "./load/duplicate-check.js";
import { LOAD_USAGE, loadOptions } from "./load/options.js";
import { LoadRecorder } from "./load/recorder.js";
import { VirtualUser } from "./load/virtual-user.js";

/**
 * Load test against a running service (see bench/README.md): N seeded and linked users chat and
 * trade for a fixed time; then the sandbox's order book must show no proposal sent twice.
 * Exit code 1 when exactly-once was violated, 2 when the run could not start.
 */
async function main(): Promise<number> {
  const options = loadOptions(process.argv.slice(2));
  if (options === "help") {
    console.log(LOAD_USAGE);
    return 0;
  }
  const health = await requestJson<{ status: string; brokers: string }>(`${options.url}/health`).catch(
    (error: unknown) => {
      throw new Error(
        `the service at ${options.url} does not answer (${String(error)}); start it with npm start`,
      );
    },
  );
  if (health.status !== 200) throw new Error(`${options.url}/health answered ${health.status}`);
  const sandboxUrl = options.sandboxUrl ?? (await discoverSandbox(options.url));
  const admin = new SandboxAdmin(sandboxUrl);
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
  console.log(
    `service ${options.url} (brokers: ${health.body.brokers}), sandbox ${sandboxUrl}; load ${load()}`,
  );

  console.log(`seeding and linking ${options.users} users ...`);
  const users = await inBatches(
    Array.from({ length: options.users }, (_, i) => i),
    5,
    () => seedAndLinkUser({ admin, serviceUrl: options.url }),
  );
  const ordersBefore = new Set((await admin.orders()).map((o) => o.id));

  console.log(`running for ${options.durationSeconds} s ...`);
  const recorder = new LoadRecorder();
  const started = Date.now();
  const deadline = started + options.durationSeconds * 1000;
  await Promise.all(users.map((u) => new VirtualUser(u.client, recorder, options.thinkMs).run(deadline)));
  const seconds = (Date.now() - started) / 1000;
  await admin.settle(500, 10_000);

  console.log(`\n${recorder.table(seconds)}\n`);
  const orders = (await admin.orders()).filter((o) => !ordersBefore.has(o.id));
  const check = checkDuplicates(orders, recorder);
  for (const line of check.lines) console.log(line);
  console.log(`\n${options.users} users, ${seconds.toFixed(0)} s; load ${load()}`);
  return check.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    console.error(LOAD_USAGE);
    process.exit(2);
  },
);
