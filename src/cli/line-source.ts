import { createInterface, type Interface } from "node:readline";

/**
 * Lines from the user, one at a time, whether stdin is a terminal or a pipe. On a terminal the
 * prompt is shown by readline; piped input is echoed after the prompt so the transcript reads
 * like the conversation it was.
 */
export class LineSource {
  private readonly rl: Interface;
  private readonly lines: AsyncIterator<string>;

  constructor(
    input: NodeJS.ReadableStream,
    private readonly output: NodeJS.WritableStream,
    private readonly isTty: boolean,
  ) {
    this.rl = createInterface({ input, output: isTty ? output : undefined, terminal: isTty });
    // readline's iterator buffers lines that arrive while a turn is still running.
    this.lines = this.rl[Symbol.asyncIterator]();
  }

  /** The next line, or null once input has ended (EOF, Ctrl+D, Ctrl+C). */
  async next(prompt: string): Promise<string | null> {
    if (this.isTty) {
      this.rl.setPrompt(prompt);
      this.rl.prompt();
    }
    const result = await this.lines.next();
    if (result.done) return null;
    if (!this.isTty) this.output.write(`${prompt}${result.value}\n`);
    return result.value;
  }

  close(): void {
    this.rl.close();
  }
}
