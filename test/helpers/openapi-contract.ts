import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

export interface OpenApiOperation {
  parameters?: Array<{
    name: string;
    in: "path" | "query" | "header";
    required?: boolean;
    schema?: JsonSchema;
  }>;
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
  security?: unknown[];
}

export type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const DOCUMENT_ID = "openapi.json";

/**
 * Checks answers against the service's own OpenAPI 3.1 document: is the status documented for
 * the operation, and does a JSON body match the schema documented for that status.
 */
export class OpenApiContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: false });
  private readonly validators = new Map<string, ReturnType<Ajv2020["compile"]>>();

  constructor(readonly document: OpenApiDocument) {
    (addFormats as unknown as (ajv: Ajv2020) => void)(this.ajv);
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: document.components ?? {} });
  }

  operation(path: string, method: string): OpenApiOperation {
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`${method} ${path} is not in the document`);
    return operation;
  }

  /** A schema with its `#/components/...` references pointed at the document. */
  resolve(schema: JsonSchema): JsonSchema {
    return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${DOCUMENT_ID}#/components/`));
  }

  /** A component or inline schema with every `$ref` replaced by its target (for generating values). */
  inline(schema: JsonSchema, depth = 0): JsonSchema {
    if (depth > 20) return {};
    const walk = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(walk);
      if (!node || typeof node !== "object") return node;
      const record = node as JsonSchema;
      if (typeof record.$ref === "string") {
        const name = record.$ref.replace("#/components/schemas/", "");
        return this.inline(this.document.components?.schemas?.[name] ?? {}, depth + 1);
      }
      return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, walk(v)]));
    };
    return walk(schema) as JsonSchema;
  }

  /** Why an answer breaks the document, or null when it keeps to it. */
  async check(path: string, method: string, response: Response): Promise<string | null> {
    const documented = this.operation(path, method).responses;
    const answer = documented[String(response.status)];
    if (!answer) {
      const body = await response.text().catch(() => "");
      return `${method.toUpperCase()} ${path} answered ${response.status}, which the document does not list (${Object.keys(documented).join(", ")}): ${body.slice(0, 300)}`;
    }
    const schema = answer.content?.["application/json"]?.schema;
    const type = response.headers.get("content-type") ?? "";
    if (!schema || !type.includes("application/json")) {
      await response.body?.cancel();
      return null;
    }
    const key = `${method} ${path} ${response.status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(this.resolve(schema));
      this.validators.set(key, validate);
    }
    const body = await response.json();
    if (validate(body)) return null;
    return `${key}: the body does not match its schema: ${this.ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 500)}`;
  }
}
