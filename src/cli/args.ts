import { parseArgs } from "node:util";

export interface ChatArgs {
  url: string;
  email: string | undefined;
  password: string | undefined;
  authUrl: string | undefined;
  anonKey: string | undefined;
  threadId: string | undefined;
  noColor: boolean;
  help: boolean;
}

export const DEFAULT_SERVICE_URL = "http://127.0.0.1:3000";

export const USAGE = `Usage: npm run chat -- [options]

Chat with the trading agent in the terminal. Type a message and press Enter; when an order
waits for confirmation, answer approve, reject or edit (anything else is sent as a message).

Options:
  --url <url>          the service (default ${DEFAULT_SERVICE_URL})
  --email <address>    sign in as this user (default: the demo user the service publishes)
  --password <secret>  that user's password
  --auth-url <url>     Supabase Auth URL (default: from the service's /app-config.json)
  --anon-key <key>     Supabase anon key (default: from /app-config.json)
  --thread <id>        continue this conversation instead of starting a new one
  --no-color           plain output (also when NO_COLOR is set or output is not a terminal)
  -h, --help           this text`;

/** Command-line flags; throws with a readable message on anything unknown or malformed. */
export function parseChatArgs(argv: readonly string[]): ChatArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      url: { type: "string" },
      email: { type: "string" },
      password: { type: "string" },
      "auth-url": { type: "string" },
      "anon-key": { type: "string" },
      thread: { type: "string" },
      "no-color": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const url = values.url ?? DEFAULT_SERVICE_URL;
  if (!/^https?:\/\//.test(url)) throw new Error(`--url must start with http:// or https:// (got "${url}")`);
  return {
    url: url.replace(/\/+$/, ""),
    email: values.email,
    password: values.password,
    authUrl: values["auth-url"],
    anonKey: values["anon-key"],
    threadId: values.thread,
    noColor: values["no-color"] ?? false,
    help: values.help ?? false,
  };
}
