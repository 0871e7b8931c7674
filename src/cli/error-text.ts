import { ApiError, ServiceUnreachableError } from "./api-error.js";

/** What the user reads when something fails, and whether the chat can go on after it. */
export interface ErrorReport {
  text: string;
  fatal: boolean;
}

export function describeError(error: unknown, serviceUrl: string): ErrorReport {
  if (error instanceof ServiceUnreachableError) {
    return {
      text: `The service is not reachable (${error.message}). Is it running? Start it with "npm start", or pass --url (now ${serviceUrl}).`,
      fatal: true,
    };
  }
  if (error instanceof ApiError) {
    switch (error.status) {
      case 400:
      case 422:
        return { text: `Refused (${error.code}): ${error.message}`, fatal: false };
      case 401:
      case 403:
        return {
          text: `Not authorised (${error.status} ${error.code}): ${error.message}. Check --email / --password, or sign in again.`,
          fatal: true,
        };
      case 404:
        return { text: `Not found: ${error.message}`, fatal: false };
      case 409:
        return { text: `Conflict: ${error.message}`, fatal: false };
      case 410:
        return { text: `Expired: ${error.message}`, fatal: false };
      case 429:
        return { text: `Too many requests: ${error.message} Wait a moment and try again.`, fatal: false };
      case 504:
        return { text: `Timed out: ${error.message}`, fatal: false };
      default:
        return { text: `The service failed (${error.status} ${error.code}): ${error.message}`, fatal: false };
    }
  }
  return { text: `Unexpected error: ${error instanceof Error ? error.message : String(error)}`, fatal: true };
}
