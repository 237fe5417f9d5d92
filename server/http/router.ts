/**
 * A tiny router: method + path pattern → handler. A path we own with the
 * wrong method is 405; a path we do not own goes to the fallback (Next.js).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type RouteContext = {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
};

export type RouteHandler = (ctx: RouteContext) => Promise<void> | void;

type Route = { readonly method: string; readonly pattern: RegExp; readonly keys: string[]; readonly handler: RouteHandler };

export class Router {
  private readonly routes: Route[] = [];

  /** `path` may contain `:name` segments matching one URL segment each. */
  add(method: string, path: string, handler: RouteHandler): this {
    const keys: string[] = [];
    const source = path.replace(/:([a-zA-Z]+)/g, (_, key: string) => {
      keys.push(key);
      return '([^/]+)';
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), keys, handler });
    return this;
  }

  match(
    method: string,
    pathname: string,
  ): { handler: RouteHandler; params: Record<string, string> } | { allowed: string[] } | null {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.keys.forEach((key, index) => (params[key] = safeDecode(found[index + 1]!)));
      return { handler: route.handler, params };
    }
    return allowed.length > 0 ? { allowed } : null;
  }
}

/** A malformed %-escape yields '' (which no validator accepts) instead of throwing. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}
