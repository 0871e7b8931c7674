import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import YAML from "yaml";

/**
 * A small OpenAPI 3.0 response validator: loads a vendor spec, finds the response schema for
 * (method, path, status), turns OpenAPI's `nullable` into JSON Schema and validates with ajv.
 */

type JsonObject = Record<string, unknown>;

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

/** Vendor formats that carry no constraint ajv can check. */
const LENIENT_FORMATS = [
  "decimal",
  "double",
  "float",
  "int32",
  "int64",
  "uint32",
  "uint64",
  "url",
  "binary",
  "byte",
  "password",
];

const SPEC_ID = "spec";

/** OpenAPI 3.0 -> JSON Schema: `nullable: true` becomes `anyOf [null, ...]`; refs point into the spec document. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== "object") return node;
  const source = node as JsonObject;
  const converted: JsonObject = {};
  for (const [key, value] of Object.entries(source)) {
    if (
      key === "nullable" ||
      key === "example" ||
      key === "examples" ||
      key === "discriminator" ||
      key.startsWith("x-")
    )
      continue;
    if (key === "$ref" && typeof value === "string" && value.startsWith("#/"))
      converted.$ref = `${SPEC_ID}${value}`;
    else if (key === "properties" && value && typeof value === "object") {
      // Property names are data, not keywords: convert each property schema, keep every name.
      converted.properties = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]),
      );
    } else converted[key] = toJsonSchema(value);
  }
  if (source.nullable === true) return { anyOf: [{ type: "null" }, converted] };
  return converted;
}

/**
 * Parses a spec; YAML specs are large (Plaid's is 3 MB, seconds to parse), so the parsed form
 * is cached as JSON in the OS temp folder, keyed by path, size and modification time.
 */
function loadSpec(specPath: string): JsonObject {
  const text = () => readFileSync(specPath, "utf8");
  if (specPath.endsWith(".json")) return JSON.parse(text()) as JsonObject;
  const { size, mtimeMs } = statSync(specPath);
  const cacheDir = path.join(tmpdir(), "broker-sandbox-spec-cache");
  const cacheFile = path.join(cacheDir, `${path.basename(specPath)}-${size}-${Math.round(mtimeMs)}.json`);
  try {
    return JSON.parse(readFileSync(cacheFile, "utf8")) as JsonObject;
  } catch {
    const parsed = YAML.parse(text(), {
      uniqueKeys: false,
      keepSourceTokens: false,
      prettyErrors: false,
      strict: false,
    });
    mkdirSync(cacheDir, { recursive: true });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(parsed));
    renameSync(temporary, cacheFile);
    return parsed as JsonObject;
  }
}

export interface ValidationResult {
  valid: boolean;
  /** The spec path template that matched (e.g. `/accounts/{accountId}`). */
  template: string | null;
  errors: string[];
}

export class OpenApiValidator {
  private readonly spec: JsonObject;
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly templates: { template: string; pattern: RegExp; literals: number }[];

  constructor(specPath: string) {
    this.spec = loadSpec(specPath);
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, validateSchema: false });
    addFormats(this.ajv);
    for (const format of LENIENT_FORMATS) this.ajv.addFormat(format, true);
    this.ajv.addSchema({ $id: SPEC_ID, components: toJsonSchema(this.spec.components) }, SPEC_ID);
    const paths = Object.keys((this.spec.paths ?? {}) as JsonObject);
    this.templates = paths.map((template) => ({
      template,
      pattern: new RegExp(
        `^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`,
      ),
      literals: template.split("/").filter((s) => s && !s.startsWith("{")).length,
    }));
  }

  /** The spec template for a concrete path, preferring the most literal match. */
  matchTemplate(path: string): string | null {
    const matches = this.templates
      .filter((t) => t.pattern.test(path))
      .sort((a, b) => b.literals - a.literals);
    return matches[0]?.template ?? null;
  }

  private responseSchema(method: string, template: string, status: number): unknown {
    const operation = ((this.spec.paths as JsonObject)[template] as JsonObject | undefined)?.[
      method.toLowerCase()
    ] as JsonObject | undefined;
    const responses = (operation?.responses ?? {}) as JsonObject;
    let response = (responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default) as
      | JsonObject
      | undefined;
    if (typeof response?.$ref === "string") {
      const name = response.$ref.split("/").pop() ?? "";
      response = ((this.spec.components as JsonObject).responses as JsonObject)[name] as JsonObject;
    }
    const content = response?.content as JsonObject | undefined;
    return (content?.["application/json"] as JsonObject | undefined)?.schema;
  }

  validate(method: string, path: string, status: number, body: unknown): ValidationResult {
    const template = this.matchTemplate(path);
    if (!template) return { valid: false, template: null, errors: [`no spec path matches ${path}`] };
    const key = `${method} ${template} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const schema = this.responseSchema(method, template, status);
      // A response the spec documents without a JSON schema (e.g. 204) accepts anything.
      if (schema === undefined) return { valid: true, template, errors: [] };
      validate = this.ajv.compile(toJsonSchema(schema) as object);
      this.compiled.set(key, validate);
    }
    const valid = validate(body) as boolean;
    return { valid, template, errors: valid ? [] : (validate.errors ?? []).slice(0, 8).map(describe) };
  }

  /** Validates a value against one of the spec's component schemas (webhook bodies have no path). */
  validateComponent(name: string, value: unknown): ValidationResult {
    const key = `component ${name}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${SPEC_ID}#/components/schemas/${name}` });
      this.compiled.set(key, validate);
    }
    const valid = validate(value) as boolean;
    return { valid, template: name, errors: valid ? [] : (validate.errors ?? []).slice(0, 8).map(describe) };
  }
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || "(root)"} ${error.message ?? "invalid"} ${JSON.stringify(error.params)}`;
}
