/**
 * Failed-join limiting for the HTTP board routes (attack 3): a 401 or 403 on
 * `/api/boards/<id>…` counts against the caller's address, and an address
 * whose budget is used up is answered `429 too_many_requests` (with
 * Retry-After) before the route runs — even with a good token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAddress } from '../auth/address';
import type { FailedJoinLimiter } from '../auth/failed-joins';
import type { Config } from '../config';
import { redactUrl, type Logger } from '../log';
import type { Metrics } from '../metrics';
import { sendJson } from './respond';

/** Routes that take a board token: `/api/boards/<id>` and below (not board creation). */
const BOARD_ROUTE = /^\/api\/boards\/[^/]+(\/|$)/;

export type JoinGuardDeps = {
  readonly config: Config;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly failedJoins?: FailedJoinLimiter;
};

/** Returns true when it answered the request (429) and the route must not run. */
export type JoinGuard = (req: IncomingMessage, res: ServerResponse, pathname: string) => boolean;

export function createJoinGuard(deps: JoinGuardDeps): JoinGuard {
  const limiter = deps.failedJoins;
  if (!limiter) return () => false;
  return (req, res, pathname) => {
    if (!BOARD_ROUTE.test(pathname)) return false;
    const address = clientAddress(req, deps.config.trustProxy);
    if (limiter.blocked(address)) {
      deps.metrics.limitRefusals.inc({ limit: 'failed_joins' });
      deps.log.warn({ address, limit: 'failed_joins', url: redactUrl(req.url) }, 'request refused: too many failed attempts');
      const retryAfter = String(Math.max(1, limiter.retryAfterSeconds(address)));
      sendJson(res, 429, { error: { code: 'too_many_requests', message: 'too many failed attempts; try later' } }, { 'Retry-After': retryAfter });
      return true;
    }
    // Counted when the status is known (before the response leaves, so the next request sees it).
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      if (status === 401 || status === 403) {
        deps.metrics.authFailures.inc({ reason: `http-${status}` });
        if (limiter.fail(address)) {
          deps.log.warn({ address, limit: 'failed_joins' }, 'failed-join budget used up; refusing this address for now');
        }
      }
      return writeHead(status, ...rest);
    }) as ServerResponse['writeHead'];
    return false;
  };
}
