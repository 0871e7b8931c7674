import fc from "fast-check";
import type { JsonSchema } from "./openapi-contract.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Properties and required keys of an object schema, `allOf` parts merged. */
function objectParts(schema: JsonSchema): { properties: Record<string, JsonSchema>; required: string[] } {
  const properties: Record<string, JsonSchema> = {
    ...((schema.properties as Record<string, JsonSchema>) ?? {}),
  };
  const required = [...((schema.required as string[]) ?? [])];
  for (const part of (schema.allOf as JsonSchema[]) ?? []) {
    const inner = objectParts(part);
    Object.assign(properties, inner.properties);
    required.push(...inner.required);
  }
  return { properties, required };
}

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === "uuid") return fc.stringMatching(UUID);
  if (schema.format === "date")
    return fc
      .date({ noInvalidDate: true, min: new Date("2000-01-01"), max: new Date("2100-01-01") })
      .map((d) => d.toISOString().slice(0, 10));
  if (schema.format === "date-time") return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  if (typeof schema.pattern === "string") return fc.stringMatching(new RegExp(schema.pattern));
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = Math.min((schema.maxLength as number | undefined) ?? 40, minLength + 40);
  return fc.string({ minLength, maxLength, unit: "grapheme" });
}

function numberOf(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const exclusiveMin = schema.exclusiveMinimum as number | undefined;
  const exclusiveMax = schema.exclusiveMaximum as number | undefined;
  const min = (schema.minimum as number | undefined) ?? (exclusiveMin !== undefined ? exclusiveMin : -1e9);
  const max = (schema.maximum as number | undefined) ?? (exclusiveMax !== undefined ? exclusiveMax : 1e9);
  if (integer) {
    const low = Math.ceil(exclusiveMin !== undefined ? exclusiveMin + 1 : min);
    const high = Math.floor(exclusiveMax !== undefined ? exclusiveMax - 1 : max);
    return fc.integer({ min: Math.max(low, -1e9), max: Math.min(high, 1e9) });
  }
  return fc
    .double({
      min,
      max,
      noNaN: true,
      noDefaultInfinity: true,
      minExcluded: exclusiveMin !== undefined,
      maxExcluded: exclusiveMax !== undefined,
    })
    .map((n) => (Object.is(n, -0) ? 0 : n));
}

/**
 * Values a JSON Schema (OpenAPI 3.1, references inlined) accepts. Enough of the keywords the
 * service's document uses: enum, const, anyOf/oneOf/allOf, types (including type lists),
 * string format/pattern/lengths, number bounds, object properties and required keys, arrays.
 */
export function validValue(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 8) return fc.constant(null);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ("const" in schema) return fc.constant(schema.const);
  const choices = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (choices) return fc.oneof(...choices.map((choice) => validValue(choice, depth + 1)));
  const types = ([] as string[]).concat((schema.type as string | string[] | undefined) ?? []);
  if (types.length === 0 && (schema.properties || schema.allOf)) types.push("object");
  if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(
    ...types.map((type): fc.Arbitrary<unknown> => {
      switch (type) {
        case "string":
          return stringOf(schema);
        case "number":
          return numberOf(schema, false);
        case "integer":
          return numberOf(schema, true);
        case "boolean":
          return fc.boolean();
        case "null":
          return fc.constant(null);
        case "array":
          return fc.array(validValue((schema.items as JsonSchema) ?? {}, depth + 1), { maxLength: 3 });
        default: {
          const { properties, required } = objectParts(schema);
          const record = Object.fromEntries(
            Object.entries(properties).map(([key, value]) => [key, validValue(value, depth + 1)]),
          );
          return fc.record(record, { requiredKeys: required.filter((key) => key in record) });
        }
      }
    }),
  );
}

/** Mostly valid values, and values that break the schema: any JSON, an unknown key, a missing key. */
export function anyValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const valid = validValue(schema);
  const { required } = objectParts(schema);
  const broken: Array<fc.Arbitrary<unknown>> = [fc.jsonValue({ maxDepth: 3 })];
  broken.push(
    valid.map((value) =>
      value && typeof value === "object" && !Array.isArray(value) ? { ...value, unexpected: "field" } : value,
    ),
  );
  if (required.length > 0) {
    broken.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([value, key]) => {
        if (!value || typeof value !== "object") return value;
        const { [key]: _dropped, ...rest } = value as Record<string, unknown>;
        return rest;
      }),
    );
  }
  return fc.oneof({ weight: 3, arbitrary: valid }, ...broken.map((arbitrary) => ({ weight: 1, arbitrary })));
}
