import { z } from "@hono/zod-openapi";
import { errorSchema } from "./error-schema.js";

/** Routes behind the bearer-token middleware (the scheme registered by routes/docs.ts). */
export const bearerSecurity = [{ bearer: [] }];

/** A JSON answer described for the OpenAPI document. */
export function jsonResponse<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { "application/json": { schema } } };
}

export const errorResponse = (description: string) => jsonResponse(description, errorSchema);

/** Every operation that takes input (path, query or body) can answer 400: nothing was changed. */
export const invalidInput = { 400: errorResponse("Invalid input: nothing was changed") } as const;

/** Every operation behind the bearer token can answer 401. */
export const signedInOnly = { 401: errorResponse("No valid access token") } as const;

/**
 * A path id documented as `format: uuid`. Any RFC 4122 layout is accepted (zod's `uuid()` also
 * checks the variant digit, which would refuse ids the document calls valid).
 */
export function uuidPathParam(name: string) {
  return z.guid(`must be a ${name} (a UUID)`).openapi({ param: { name, in: "path" }, format: "uuid" });
}
