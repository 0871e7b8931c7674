import { OpenAPIHono } from "@hono/zod-openapi";
import { ValidationError } from "../core/errors.js";
import type { AuthVariables } from "./auth/middleware.js";

export type ApiEnv = { Variables: Partial<AuthVariables> & { requestId: string } };

/** The app type every route module registers on; invalid input becomes a 400 through the error handler. */
export function createApiApp() {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
        throw new ValidationError(`${where}${issue?.message ?? "invalid input"}`);
      }
    },
  });
}

export type ApiApp = ReturnType<typeof createApiApp>;
