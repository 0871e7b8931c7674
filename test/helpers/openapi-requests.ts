import fc from "fast-check";
import type { JsonSchema, OpenApiContract } from "./openapi-contract.js";
import { anyValue, validValue } from "./schema-arbitrary.js";

export interface GeneratedRequest {
  url: string;
  body: string | undefined;
}

/**
 * A path segment: the id of something that exists (so handlers run on real state), any value
 * valid for its schema, or any text (never "." or "..", which a URL folds away).
 */
function segment(schema: JsonSchema, known: string[], validOnly: boolean): fc.Arbitrary<string> {
  if (validOnly)
    return (known.length > 0 ? fc.constantFrom(...known) : validValue(schema).map(String)).map(
      encodeURIComponent,
    );
  const invalid = fc.string({ minLength: 1, maxLength: 24 }).filter((s) => s !== "." && s !== "..");
  return fc
    .oneof(
      ...(known.length > 0 ? [{ weight: 4, arbitrary: fc.constantFrom(...known) }] : []),
      { weight: 2, arbitrary: validValue(schema).map(String) },
      { weight: 1, arbitrary: invalid },
    )
    .map(encodeURIComponent);
}

/**
 * Requests for one operation of the document: path, query and body from their schemas, valid or
 * not; with `validOnly`, only ids that exist (where known) and values valid for their schemas.
 */
export function requests(
  contract: OpenApiContract,
  template: string,
  method: string,
  known: Record<string, string[]>,
  options: { validOnly?: boolean } = {},
): fc.Arbitrary<GeneratedRequest> {
  const validOnly = options.validOnly ?? false;
  const operation = contract.operation(template, method);
  const parameters = (operation.parameters ?? []).map((p) => ({
    ...p,
    schema: contract.inline(p.schema ?? {}),
  }));
  const pathParts = Object.fromEntries(
    parameters
      .filter((p) => p.in === "path")
      .map((p) => [p.name, segment(p.schema, known[p.name] ?? [], validOnly)]),
  );
  const queryParts = Object.fromEntries(
    parameters
      .filter((p) => p.in === "query")
      .map((p) => {
        const valid = validValue(p.schema).map(String);
        const value = validOnly
          ? valid
          : fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: fc.string({ maxLength: 24 }) });
        return [p.name, p.required ? value : fc.option(value, { nil: undefined })];
      }),
  );
  const bodySchema = operation.requestBody?.content["application/json"]?.schema;
  const body: fc.Arbitrary<string | undefined> = !bodySchema
    ? fc.constant(undefined)
    : validOnly
      ? validValue(contract.inline(bodySchema)).map((v) => JSON.stringify(v))
      : fc.oneof(
          { weight: 6, arbitrary: anyValue(contract.inline(bodySchema)).map((v) => JSON.stringify(v)) },
          { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
          { weight: 1, arbitrary: fc.constant(undefined) },
        );
  return fc
    .record({ path: fc.record(pathParts), query: fc.record(queryParts), body })
    .map(({ path, query, body }) => {
      const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => path[name] as string);
      const search = new URLSearchParams(
        Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
      );
      return { url: `${filled}${search.size ? `?${search}` : ""}`, body };
    });
}
