import { TrieRouter } from "hono/router/trie-router";

interface RouteEntry {
  method: string;
  path: string;
}

/**
 * The methods a path answers to, from an app's routes (middleware, registered for every method,
 * is left out). A GET route also answers HEAD, as Hono serves HEAD with the GET handler.
 */
export function allowedMethods(routes: readonly RouteEntry[]): (path: string) => string[] {
  let router: TrieRouter<true> | undefined;
  let methods: string[] = [];
  return (path) => {
    if (!router) {
      // Built on first use: every route is registered by then.
      router = new TrieRouter<true>();
      const seen = new Set<string>();
      for (const route of routes) {
        if (route.method === "ALL") continue;
        router.add(route.method, route.path, true);
        seen.add(route.method);
      }
      methods = [...seen];
    }
    const allowed = methods.filter((method) => router!.match(method, path)[0].length > 0);
    if (allowed.includes("GET") && !allowed.includes("HEAD")) allowed.push("HEAD");
    return allowed;
  };
}
