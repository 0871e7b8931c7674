import { z } from "@hono/zod-openapi";

/** The one error body every route answers with (`{error:{code,message}}`, DESIGN.md section 4). */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi("Error");
