/**
 * `POST /api/boards/:id/rotate`: revoke every link of a board (attack 15,
 * leaked links). Facilitator only. Bumps the board's epoch, so every older
 * token — HTTP and websocket — stops working; closes this process's open
 * sockets that use an older token with 4401 at once (other processes' sockets
 * are closed by their registry's token sweep within KEEPALIVE_MS); and
 * answers with fresh links in the shape board creation uses.
 */
import { isBoardId } from '@/lib/board/ids';
import { authenticate, tokenFromRequest } from '../auth/authenticate';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { DocStore } from '../persistence/types';
import type { RoomRegistry } from '../sync/rooms';
import { mintLinks, publicOrigin } from './links';
import { HttpError, sendJson } from './respond';
import type { RouteContext, Router } from './router';

export type RotateDeps = {
  readonly config: Config;
  readonly store: DocStore;
  readonly registry: RoomRegistry;
  readonly log: Logger;
};

export function registerRotateRoute(router: Router, deps: RotateDeps): void {
  router.add('POST', '/api/boards/:id/rotate', (ctx) => rotateLinks(ctx, deps));
}

async function rotateLinks({ req, res, url, params }: RouteContext, deps: RotateDeps): Promise<void> {
  const id = params.id ?? '';
  if (!isBoardId(id)) throw new HttpError(404, 'not_found', 'no such board');
  const token = tokenFromRequest(req.headers, url);
  if (!token) throw new HttpError(401, 'unauthorized', 'a token is required (Authorization: Bearer …)');
  const auth = await authenticate(token, deps.store, deps.config.secret);
  // Unknown board, bad signature, rotated away or expired: all alike.
  if (!auth.ok) throw new HttpError(401, 'unauthorized', 'the token is not valid');
  if (auth.claims.b !== id) throw new HttpError(403, 'forbidden', 'the token is for another board');
  if (auth.claims.r !== 'facilitator') throw new HttpError(403, 'forbidden', 'only the facilitator can rotate the links');
  const origin = publicOrigin(req, deps.config);

  const epoch = await deps.store.rotateEpoch(id);
  if (epoch === null) throw new HttpError(401, 'unauthorized', 'the token is not valid');
  const closed = deps.registry.revokeBoard(id, epoch);
  deps.log.info({ board: id, epoch, closed }, 'board links rotated');
  sendJson(res, 200, { id, links: mintLinks(deps.config.secret, origin, auth.board, epoch) });
}
