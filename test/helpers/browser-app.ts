import { startTestService, type TestService } from "./service.js";

export interface WebTestService extends TestService {
  /** Where the browser goes: the web app and the API share the service's origin. */
  webUrl: string;
}

/** The whole service (embedded sandbox, demo user linked, in-memory database) serving the web app. */
export async function startWebTestService(): Promise<WebTestService> {
  const base = await startTestService();
  return { ...base, webUrl: base.url };
}
