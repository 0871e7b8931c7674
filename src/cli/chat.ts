import { parseChatArgs, USAGE } from "./args.js";
import { fetchAppConfig, resolveSignIn, signInWithPassword } from "./auth.js";
import { runChatLoop } from "./chat-loop.js";
import { describeError } from "./error-text.js";
import { LineSource } from "./line-source.js";
import { Printer } from "./printer.js";
import { ServiceClient } from "./service-client.js";
import { chooseStyle } from "./style.js";

/** `npm run chat`: sign in, open (or continue) a thread, then chat until input ends. */
async function main(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parseChatArgs>;
  try {
    args = parseChatArgs(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const isTty = Boolean(process.stdout.isTTY);
  const style = chooseStyle({ isTty, noColorFlag: args.noColor, env: process.env });
  const printer = new Printer(process.stdout);

  let client: ServiceClient;
  let thread: Awaited<ReturnType<ServiceClient["getThread"]>>;
  try {
    const config = await fetchAppConfig(args.url);
    const settings = resolveSignIn(args, config);
    const token = await signInWithPassword(settings);
    client = new ServiceClient(args.url, token);
    const threadId = args.threadId ?? (await client.createThread());
    thread = await client.getThread(threadId);
    printer.line(style.dim(`Signed in as ${settings.email} at ${args.url}; thread ${threadId}.`));
    printer.line(style.dim('Ask about your holdings or for a trade. "quit" or Ctrl+D to leave.'));
  } catch (error) {
    printer.line(style.red(describeError(error, args.url).text));
    return 1;
  }

  const lines = new LineSource(process.stdin, process.stdout, Boolean(process.stdin.isTTY));
  try {
    return await runChatLoop(
      { client, threadId: thread.threadId, lines, printer, style, serviceUrl: args.url },
      thread,
    );
  } finally {
    lines.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
