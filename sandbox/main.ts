import { parseArgs } from "node:util";
import { DEFAULT_HOST, DEFAULT_PORT } from "./defaults.js";
import {
  DEMO_ALPACA_KEY_ID,
  DEMO_ALPACA_SECRET,
  DEMO_EMAIL,
  DEMO_PASSWORD,
  DEMO_PLAID_PUBLIC_TOKEN,
  DEMO_USER_ID,
} from "./demo.js";
import { startSandbox } from "./server.js";

/** `npm run sandbox -- --port 4010 --demo`: runs the broker sandbox alone. */
const { values } = parseArgs({
  options: {
    port: { type: "string", default: String(DEFAULT_PORT) },
    host: { type: "string", default: DEFAULT_HOST },
    "snaptrade-client-id": { type: "string" },
    "snaptrade-consumer-key": { type: "string" },
    "plaid-client-id": { type: "string" },
    "plaid-secret": { type: "string" },
    "webhook-url": { type: "string" },
    "plaid-webhook-url": { type: "string" },
    demo: { type: "boolean", default: false },
    seed: { type: "string" },
    "price-tick-ms": { type: "string" },
    "state-file": { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(`broker sandbox
  --port N                      (default ${DEFAULT_PORT})
  --host H                      (default ${DEFAULT_HOST})
  --snaptrade-client-id ID      --snaptrade-consumer-key KEY
  --plaid-client-id ID          --plaid-secret SECRET
  --webhook-url URL             SnapTrade webhook target
  --plaid-webhook-url URL       Plaid webhook target
  --demo                        seed the demo world
  --seed N                      price random-walk seed
  --price-tick-ms N             price tick interval (0 = frozen)
  --state-file PATH             load/save the world as JSON`);
  process.exit(0);
}

const sandbox = await startSandbox({
  port: Number(values.port),
  host: values.host,
  snaptradeClientId: values["snaptrade-client-id"],
  snaptradeConsumerKey: values["snaptrade-consumer-key"],
  plaidClientId: values["plaid-client-id"],
  plaidSecret: values["plaid-secret"],
  snaptradeWebhookUrl: values["webhook-url"] ?? null,
  plaidWebhookUrl: values["plaid-webhook-url"] ?? null,
  demo: values.demo,
  seed: values.seed === undefined ? undefined : Number(values.seed),
  priceTickMs: values["price-tick-ms"] === undefined ? undefined : Number(values["price-tick-ms"]),
  stateFile: values["state-file"],
});

const { options } = sandbox.sandbox.context;
console.log(`broker sandbox listening on ${sandbox.url}`);
console.log(
  `  SNAPTRADE_BASE_URL=${sandbox.url}/snaptrade  (clientId ${options.snaptradeClientId}, consumerKey ${options.snaptradeConsumerKey})`,
);
console.log(`  ALPACA_TRADING_BASE_URL=${sandbox.url}  ALPACA_DATA_BASE_URL=${sandbox.url}`);
console.log(
  `  PLAID_BASE_URL=${sandbox.url}  (client ${options.plaidClientId}, secret ${options.plaidSecret})`,
);
console.log(`  SUPABASE_URL=${sandbox.url}  (anon key ${options.supabaseAnonKey})`);
console.log(`  admin: ${sandbox.url}/__sandbox`);
if (values.demo) {
  console.log(`demo user ${DEMO_USER_ID}: ${DEMO_EMAIL} / ${DEMO_PASSWORD}`);
  console.log(
    `  Alpaca keys ${DEMO_ALPACA_KEY_ID} / ${DEMO_ALPACA_SECRET}; Plaid public token ${DEMO_PLAID_PUBLIC_TOKEN}`,
  );
}

const stop = () => {
  void sandbox.close().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
