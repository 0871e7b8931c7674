import { startTestService, type TestService, type TestServiceOptions } from "./service.js";

export interface WebTestService extends TestService {
  /** Where the browser goes: the web app and the API share the service's origin. */
  webUrl: string;
}

/** The whole service (embedded sandbox, demo user linked, in-memory database) serving the web app. */
export async function startWebTestService(options: TestServiceOptions = {}): Promise<WebTestService> {
  const base = await startTestService(options);
  return { ...base, webUrl: base.url };
}
