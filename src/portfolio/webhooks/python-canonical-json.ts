/**
 * SnapTrade signs a webhook over `json.dumps(payload, sort_keys=True, separators=(",", ":"))`
 * of the parsed body (Python), not over the raw bytes. Reproducing that string needs more than
 * JSON.stringify: Python escapes every non-ASCII character as `\u` and four lowercase hex
 * digits, sorts keys by code point, and keeps the int/float distinction of the literal (`1.0`
 * stays `1.0`, `1e5` becomes `100000.0`). JSON.parse loses that distinction, so this module
 * parses the body itself and keeps each number's literal.
 */

type JsonValue =
  | { kind: "literal"; text: "true" | "false" | "null" }
  | { kind: "number"; raw: string }
  | { kind: "string"; value: string }
  | { kind: "array"; items: JsonValue[] }
  | { kind: "object"; entries: Map<string, JsonValue> };

export class CanonicalJsonError extends Error {}

/** Python's json gives up on deep nesting too (RecursionError); well below what the JS stack holds. */
const maxDepth = 500;

class Parser {
  private at = 0;
  private depth = 0;
  constructor(private readonly text: string) {}

  parseDocument(): JsonValue {
    const value = this.value();
    this.skipSpace();
    if (this.at !== this.text.length) this.fail("unexpected trailing characters");
    return value;
  }

  private fail(message: string): never {
    throw new CanonicalJsonError(`${message} at offset ${this.at}`);
  }

  private skipSpace(): void {
    for (;;) {
      const code = this.text.charCodeAt(this.at);
      if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return;
      this.at += 1;
    }
  }

  private value(): JsonValue {
    this.skipSpace();
    const ch = this.text[this.at];
    if (ch === "{" || ch === "[") {
      this.depth += 1;
      if (this.depth > maxDepth) this.fail("nested too deeply");
      const container = ch === "{" ? this.object() : this.array();
      this.depth -= 1;
      return container;
    }
    if (ch === '"') return { kind: "string", value: this.string() };
    for (const text of ["true", "false", "null"] as const) {
      if (this.text.startsWith(text, this.at)) {
        this.at += text.length;
        return { kind: "literal", text };
      }
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.at, this.at + 400));
    if (!number) this.fail("unexpected character");
    this.at += number[0].length;
    return { kind: "number", raw: number[0] };
  }

  private object(): JsonValue {
    this.at += 1;
    const entries = new Map<string, JsonValue>();
    this.skipSpace();
    if (this.text[this.at] === "}") {
      this.at += 1;
      return { kind: "object", entries };
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.at] !== '"') this.fail("expected a key");
      const key = this.string();
      this.skipSpace();
      if (this.text[this.at] !== ":") this.fail("expected ':'");
      this.at += 1;
      // Python keeps the last of duplicate keys, and so does a Map set.
      entries.set(key, this.value());
      this.skipSpace();
      const next = this.text[this.at++];
      if (next === "}") return { kind: "object", entries };
      if (next !== ",") this.fail("expected ',' or '}'");
    }
  }

  private array(): JsonValue {
    this.at += 1;
    const items: JsonValue[] = [];
    this.skipSpace();
    if (this.text[this.at] === "]") {
      this.at += 1;
      return { kind: "array", items };
    }
    for (;;) {
      items.push(this.value());
      this.skipSpace();
      const next = this.text[this.at++];
      if (next === "]") return { kind: "array", items };
      if (next !== ",") this.fail("expected ',' or ']'");
    }
  }

  private string(): string {
    const start = this.at;
    // Stryker disable next-line EqualityOperator: one step past the end reads NaN, neither quote nor backslash
    for (let i = start + 1; i < this.text.length; i += 1) {
      const code = this.text.charCodeAt(i);
      if (code === 0x5c) i += 1;
      else if (code === 0x22) {
        this.at = i + 1;
        // Stryker disable BlockStatement: scanning on after a refused slice cannot help, every longer slice holds the same fault
        try {
          // JSON.parse refuses raw control characters and bad escapes, and decodes the rest.
          return JSON.parse(this.text.slice(start, this.at)) as string;
        } catch {
          break;
        }
        // Stryker restore BlockStatement
      }
    }
    this.at = start;
    this.fail("invalid string");
  }
}

const shortEscapes: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

/** Printable ASCII other than the quote and the backslash: such a string is its own encoding. */
const plainAscii = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Python's ensure_ascii string encoding; JS strings are UTF-16, so astral characters come out as surrogate pairs, as in Python. */
function pythonString(value: string): string {
  if (plainAscii.test(value)) return `"${value}"`;
  let out = '"';
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i]!;
    const code = value.charCodeAt(i);
    const short = shortEscapes[ch];
    if (short) out += short;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Python's repr(float): shortest round-trip digits, fixed notation for 1e-4 <= |x| < 1e16, else `1e+16` style. */
function pythonFloat(raw: string): string {
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new CanonicalJsonError(`number out of range: ${raw}`);
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  const [mantissa, exponentText] = Math.abs(value).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exponent = Number(exponentText);
  const pointAt = exponent + 1;
  if (pointAt <= -4 || pointAt > 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : "";
    // Stryker disable next-line EqualityOperator: exponent 0 (1 <= |x| < 10) is printed in fixed notation
    const expSign = exponent < 0 ? "-" : "+";
    return `${sign}${digits[0]}${fraction}e${expSign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  if (pointAt <= 0) return `${sign}0.${"0".repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return `${sign}${digits}${"0".repeat(pointAt - digits.length)}.0`;
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

function pythonNumber(raw: string): string {
  return /[.eE]/.test(raw) ? pythonFloat(raw) : BigInt(raw).toString();
}

const surrogate = /[\ud800-\udfff]/;

/** Code-point order, as Python compares str keys (UTF-16 order differs above U+FFFF). */
function compareKeys(a: string, b: string): number {
  // Without surrogates UTF-16 units are code points, and JS compares strings by unit. An object's
  // keys are distinct, so two keys are never equal here.
  if (!surrogate.test(a) && !surrogate.test(b)) return a < b ? -1 : 1;
  const left = Array.from(a, (c) => c.codePointAt(0)!);
  const right = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    if (left[i] !== right[i]) return left[i]! - right[i]!;
  }
  return left.length - right.length;
}

function serialize(value: JsonValue): string {
  switch (value.kind) {
    case "literal":
      return value.text;
    case "number":
      return pythonNumber(value.raw);
    case "string":
      return pythonString(value.value);
    case "array":
      return `[${value.items.map(serialize).join(",")}]`;
    case "object": {
      const keys = [...value.entries.keys()].sort(compareKeys);
      return `{${keys.map((k) => `${pythonString(k)}:${serialize(value.entries.get(k)!)}`).join(",")}}`;
    }
  }
}

/** The string SnapTrade's signature covers, from the raw request body. Throws CanonicalJsonError on invalid JSON. */
export function pythonCanonicalJson(rawBody: string): string {
  return serialize(new Parser(rawBody).parseDocument());
}
