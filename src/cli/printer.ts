/**
 * Output that mixes streamed tokens (no newline yet) with whole lines: a line always starts on a
 * fresh row, so a tool status never lands in the middle of a half-printed answer.
 */
export class Printer {
  private atLineStart = true;

  constructor(private readonly output: { write(text: string): unknown }) {}

  /** Text as it arrives (tokens). */
  stream(text: string): void {
    if (!text) return;
    this.output.write(text);
    this.atLineStart = text.endsWith("\n");
  }

  /** One or more whole lines. */
  line(text = ""): void {
    this.endLine();
    this.output.write(`${text}\n`);
    this.atLineStart = true;
  }

  endLine(): void {
    if (!this.atLineStart) {
      this.output.write("\n");
      this.atLineStart = true;
    }
  }
}
