import { describe, expect, it } from "vitest";
import { pythonDumps } from "../testing/independent-signer.js";
import { pythonCanonicalJson, sdkSortedJson } from "./canonical-json.js";

/** Expected strings produced by CPython: json.dumps(v, sort_keys=True, separators=(",", ":")). */
const PYTHON_CASES: [unknown, string][] = [
  [
    { b: 1, a: { d: [1, 2, { z: null, y: true }], c: "é" } },
    '{"a":{"c":"\\u00e9","d":[1,2,{"y":true,"z":null}]},"b":1}',
  ],
  [
    { name: "Société Générale 😀", tab: "a\tb", quote: '"q"', del: "\u007f", n: -0.5 },
    '{"del":"\\u007f","n":-0.5,"name":"Soci\\u00e9t\\u00e9 G\\u00e9n\\u00e9rale \\ud83d\\ude00","quote":"\\"q\\"","tab":"a\\tb"}',
  ],
];

describe("canonical JSON", () => {
  it.each(PYTHON_CASES)("matches Python's json.dumps for %j", (value, expected) => {
    expect(pythonCanonicalJson(value)).toBe(expected);
    expect(pythonDumps(value)).toBe(expected);
  });

  it("sorts keys at every depth like the SnapTrade SDK", () => {
    expect(sdkSortedJson({ query: "q", path: "/p", content: { b: [{ y: 1, x: 2 }], a: null } })).toBe(
      '{"content":{"a":null,"b":[{"x":2,"y":1}]},"path":"/p","query":"q"}',
    );
  });
});
