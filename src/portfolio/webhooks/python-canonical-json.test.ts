import { describe, expect, it } from "vitest";
import { CanonicalJsonError, pythonCanonicalJson } from "./python-canonical-json.js";

/**
 * Every expected string below was printed by CPython 3.11 for the same input:
 * `json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"))`, the string SnapTrade signs.
 */
describe("pythonCanonicalJson renders what Python's json.dumps prints", () => {
  it("floats: Python's repr, fixed notation from 1e-4 up to 1e16, exponent form outside it", () => {
    const body =
      "[0.5, 0.001, 0.0001, 0.00001, 1.0, 12.5, 100.0, 1E2, 1e+2, 1.5e-7, 2.5E300, 1e100, -3.25, -1e-5, 0e5, 0.0, 1e15, 1e16, 9999999999999998.0]";
    expect(pythonCanonicalJson(body)).toBe(
      "[0.5,0.001,0.0001,1e-05,1.0,12.5,100.0,100.0,100.0,1.5e-07,2.5e+300,1e+100,-3.25,-1e-05,0.0,0.0,1000000000000000.0,1e+16,9999999999999998.0]",
    );
    expect(pythonCanonicalJson("[1.0e0, 5e-324, 1.7976931348623157e308, 0.1, 1e22, 123e-2, -0.0]")).toBe(
      "[1.0,5e-324,1.7976931348623157e+308,0.1,1e+22,1.23,-0.0]",
    );
  });

  it("integers stay integers, at any size; -0 is the integer 0", () => {
    expect(pythonCanonicalJson("[-0, -7, 10, 123456789012345678901234567890]")).toBe(
      "[0,-7,10,123456789012345678901234567890]",
    );
  });

  it("refuses a number Python would print as Infinity rather than sign a different string", () => {
    expect(() => pythonCanonicalJson("[1e400]")).toThrow(
      new CanonicalJsonError("number out of range: 1e400"),
    );
    expect(() => pythonCanonicalJson("[-1e400]")).toThrow(CanonicalJsonError);
  });

  it("strings: short escapes, lowercase \\u escapes for control and non-ASCII characters, surrogate pairs", () => {
    const body = String.raw`["q\"b\\s\/n\nr\rt\tb\bf\f", "\u0000\u0001\u001f \u007e\u007f\u0080\u00ff\u0100\uffff"]`;
    expect(pythonCanonicalJson(body)).toBe(
      String.raw`["q\"b\\s/n\nr\rt\tb\bf\f","\u0000\u0001\u001f ~\u007f\u0080\u00ff\u0100\uffff"]`,
    );
    const raw = '{"name":"Soci\\u00e9t\\u00e9 \\ud83d\\ude00 \\u00E9", "raw":"é😀\u007f"}';
    expect(pythonCanonicalJson(raw)).toBe(
      String.raw`{"name":"Soci\u00e9t\u00e9 \ud83d\ude00 \u00e9","raw":"\u00e9\ud83d\ude00\u007f"}`,
    );
  });

  it("a string of printable ASCII is itself; a quote, a backslash, DEL or a tab among it is escaped", () => {
    const body = String.raw`["plain text: 0-9, A-Z, a-z ~!#$%&'()*+,-./:;<=>?@[]^_{|}", "say \"hi\"", "a\\b", "del\u007f", "tab\there", "é"]`;
    expect(pythonCanonicalJson(body)).toBe(
      String.raw`["plain text: 0-9, A-Z, a-z ~!#$%&'()*+,-./:;<=>?@[]^_{|}","say \"hi\"","a\\b","del\u007f","tab\there","\u00e9"]`,
    );
  });

  it("keys sort by code point (not UTF-16 unit), shorter prefix first, at every depth", () => {
    const body = String.raw`{"ab": 1, "a": 2, "B": 3, "\uffff": 4, "\ud83d\ude00": 5, "": 6}`;
    expect(pythonCanonicalJson(body)).toBe(String.raw`{"":6,"B":3,"a":2,"ab":1,"\uffff":4,"\ud83d\ude00":5}`);
    expect(pythonCanonicalJson('{"z":{"b":[{"d":1,"c":2}],"a":null}}')).toBe(
      '{"z":{"a":null,"b":[{"c":2,"d":1}]}}',
    );
  });

  it("keys with characters above U+FFFF (or a lone surrogate) sort by code point among themselves and the rest", () => {
    const body = String.raw`{"\ud83d\ude01": 1, "\ud83d\ude00a": 2, "a\ud83d\ude00": 3, "\ud83d": 4, "a\uffff": 5, "\ud83d\ude00": 6}`;
    expect(pythonCanonicalJson(body)).toBe(
      String.raw`{"a\uffff":5,"a\ud83d\ude00":3,"\ud83d":4,"\ud83d\ude00":6,"\ud83d\ude00a":2,"\ud83d\ude01":1}`,
    );
  });

  it("keeps the last of duplicate keys, as Python does", () => {
    expect(pythonCanonicalJson('{"a": 1, "a": 2}')).toBe('{"a":2}');
  });

  it("accepts JSON whitespace (space, tab, newline, return) anywhere between tokens, and empty containers", () => {
    const body =
      ' \t\n\r{ \t\n\r"k" \t\n\r: \t\n\r[ \t\n\r1 \t\n\r, \t\n\r{ } \t\n\r, [ ] , true , false , null ] \t\n\r} \t\n\r';
    expect(pythonCanonicalJson(body)).toBe('{"k":[1,{},[],true,false,null]}');
    expect(pythonCanonicalJson('"plain"')).toBe('"plain"');
  });

  it.each([
    ["a leading zero", "01", "unexpected trailing characters"],
    ["a bare point", "1.", "unexpected trailing characters"],
    ["a leading point", ".5", "unexpected character"],
    ["a plus sign", "+1", "unexpected character"],
    ["a word before a number", "[x, 5]", "unexpected character at offset 1"],
    ["a trailing comma in an array", "[1,]", "unexpected character"],
    ["a trailing comma in an object", '{"a":1,}', "expected a key"],
    ["a missing colon", '{"a" 1}', "expected ':'"],
    ["a missing comma between members", '{"a":1 "b":2}', "expected ',' or '}'"],
    ["a missing comma between items", "[1 2]", "expected ',' or ']'"],
    ["an unclosed array", "[1", "expected ',' or ']'"],
    ["an unclosed object", '{"a":1', "expected ',' or '}'"],
    ["a key that is not a string", "{1:2}", "expected a key"],
    ["a raw control character in a string", '"a\nb"', "invalid string"],
    ["a raw unit separator in a string", '"a\u001fb"', "invalid string"],
    ["an invalid escape", String.raw`"\x"`, "invalid string"],
    ["an unterminated string", '"abc', "invalid string"],
    ["a string ending in a backslash", '"abc\\', "invalid string"],
    ["trailing characters", '{"a":1} x', "unexpected trailing characters at offset 8"],
    ["a truncated literal", "tru", "unexpected character"],
    ["a non-JSON whitespace", '\u000b{"a":1}', "unexpected character"],
    ["an empty body", "", "unexpected character at offset 0"],
    ["single quotes", "{'a': 1}", "expected a key"],
  ])("refuses %s, as Python's json.loads does, saying what it expected", (_label, body, message) => {
    expect(() => pythonCanonicalJson(body)).toThrow(CanonicalJsonError);
    expect(() => pythonCanonicalJson(body)).toThrow(message);
  });

  it("accepts a string holding an escaped quote and a space (the lowest printable character)", () => {
    expect(pythonCanonicalJson(String.raw`" a\"b "`)).toBe(String.raw`" a\"b "`);
  });
});

describe("pythonCanonicalJson on hostile input", () => {
  it("refuses a body nested too deeply as invalid JSON instead of overflowing the stack", () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect(() => pythonCanonicalJson(deep)).toThrow(CanonicalJsonError);
    const deepObject = `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`;
    expect(() => pythonCanonicalJson(deepObject)).toThrow(CanonicalJsonError);
  });

  it("accepts 500 levels of nesting (Python's json does) and refuses 501", () => {
    const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
    expect(pythonCanonicalJson(nested(500))).toBe(nested(500));
    expect(() => pythonCanonicalJson(nested(501))).toThrow("nested too deeply");
    expect(pythonCanonicalJson(`[${nested(499)},${nested(499)}]`)).toBe(`[${nested(499)},${nested(499)}]`);
  });
});
