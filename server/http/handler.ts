/**
 * The HTTP entry point: our routes first, then the fallback (Next.js), else
 * a JSON 404. Errors become JSON: HttpErrors and DomainErrors as
 * ./errors.ts maps them; unexpected ones are logged and answered 500
 * without details.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FailedJoinLimiter } from '../auth/failed-joins';
import type { Config } from '../config';
import type { Publisher } from '../facilitation/publisher';
import { registerFacilitationRoutes } from '../facilitation/routes';
import { redactUrl, type Logger } from '../log';
import type { Metrics } from '../metrics';
import type { DocStore } from '../persistence/types';
import type { RedisFanout } from '../scaleout/fanout';
import type { RoomRegistry } from '../sync/rooms';
import { BoardLimits } from './board-limits';
import { registerBoardRoutes } from './boards';
import { registerExportRoutes } from './export';
import { httpErrorOf } from './errors';
import { registerImportRoute } from './import';
import { createJoinGuard } from './join-guard';
import { HttpError, SECURITY_HEADERS, sendError, sendJson } from './respond';
import { registerRotateRoute } from './rotate';
import { Router } from './router';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export type HttpDeps = {
  readonly config: Config;
  readonly store: DocStore;
  readonly registry: RoomRegistry;
  readonly metrics: Metrics;
  readonly log: Logger;
  /** whether the server is shutting down (readyz answers 503) */
  readonly isClosing?: () => boolean;
  /** refused tokens on board routes count against the caller's address (attack 3) */
  readonly failedJoins?: FailedJoinLimiter;
  /** scale-out: Redis fan-out, reported by /readyz (informational: without it, catch-up still delivers) */
  readonly fanout?: RedisFanout | null;
  readonly fallback?: RequestHandler;
  /** the facilitation publisher the settings and reveal routes write through (a room extension, composed in server/app.ts) */
  readonly publisher: Publisher;
};

export function createHttpHandler(deps: HttpDeps): RequestHandler {
  const { publisher } = deps;
  const router = new Router();
  router.add('GET', '/healthz', ({ res }) => sendJson(res, 200, { ok: true }));
  let lastNotReady: string | null = null;
  router.add('GET', '/readyz', async ({ res }) => {
    // A real write: a full disk, a read-only file or an unreachable database shows here, not at the next edit.
    const reason = deps.isClosing?.() ? 'shutting down' : (await deps.store.isWritable()) ? null : 'database does not take writes';
    if (reason !== lastNotReady) {
      // Logged when readiness changes, not on every probe.
      if (reason) deps.log.error({ reason }, `not ready: ${reason}`);
      else deps.log.info('ready again');
      lastNotReady = reason;
    }
    const body: Record<string, unknown> = reason ? { ok: false, reason } : { ok: true };
    // Scale-out: Redis down is not "not ready" (updates still arrive, by catch-up, only later), but it is shown.
    if (deps.fanout) body.fanout = deps.fanout.up ? 'up' : 'down';
    sendJson(res, reason ? 503 : 200, body);
  });
  router.add('GET', '/metrics', async ({ res }) => {
    const text = await deps.metrics.registry.metrics();
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': deps.metrics.registry.contentType });
    res.end(text);
  });
  // Creation and import share one set of limits (attack 18), per server instance.
  const boardLimits = new BoardLimits(deps);
  registerBoardRoutes(router, { ...deps, boardLimits });
  registerImportRoute(router, { ...deps, boardLimits });
  registerFacilitationRoutes(router, deps, publisher);
  registerExportRoutes(router, deps);
  registerRotateRoute(router, deps);
  const joinGuard = createJoinGuard(deps);

  const handle: RequestHandler = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const found = router.match(req.method ?? 'GET', url.pathname);
    if (found !== null && joinGuard(req, res, url.pathname)) return;
    try {
      if (found === null) {
        if (deps.fallback) return await deps.fallback(req, res);
        throw new HttpError(404, 'not_found', 'not found');
      }
      if ('allowed' in found) {
        return sendJson(
          res,
          405,
          { error: { code: 'method_not_allowed', message: `use ${found.allowed.join(', ')}` } },
          { Allow: found.allowed.join(', ') },
        );
      }
      await found.handler({ req, res, url, params: found.params });
    } catch (error) {
      if (res.headersSent) {
        deps.log.error({ err: error, url: redactUrl(req.url) }, 'error after response started');
        res.destroy();
        return;
      }
      const answer = httpErrorOf(error);
      if (answer) return sendError(res, answer);
      if (deps.store.isTransientError?.(error)) {
        deps.log.warn({ err: error, method: req.method, url: redactUrl(req.url) }, 'request failed: storage unavailable');
        return sendError(res, new HttpError(503, 'unavailable', 'storage is unavailable; try again'));
      }
      deps.log.error({ err: error, method: req.method, url: redactUrl(req.url) }, 'request failed');
      sendError(res, new HttpError(500, 'internal', 'internal error'));
    }
  };
  return handle;
}
