/**
 * `POST /api/boards/:id/rotate`: revoke every link of a board (attack 15,
 * leaked links). Facilitator only. Bumps the board's epoch, so every older
 * token — HTTP and websocket — stops working; closes this process's open
 * sockets that use an older token with 4401 at once (other processes' sockets
 * are closed by their registry's token sweep within KEEPALIVE_MS); and
 * answers with fresh links in the shape board creation uses.
 */
import { tokenFromRequest } from '../auth/authenticate';
import { assertFacilitator, authorizeBoard } from '../auth/authorize';
import { mintLinks } from '../auth/links';
import type { Config } from '../config';
import { DomainError } from '../errors';
import type { Logger } from '../log';
import type { DocStore } from '../persistence/types';
import type { RoomRegistry } from '../sync/rooms';
import { publicOrigin } from './origin';
import { sendJson } from './respond';
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

async function rotateLinks(ctx: RouteContext, deps: RotateDeps): Promise<void> {
  // Unknown board, bad signature, rotated away or expired: all alike (401).
  const { claims, board } = await authorizeBoard(ctx.params.id, tokenFromRequest(ctx.req.headers, ctx.url), deps);
  assertFacilitator(claims, 'rotate the links');
  const origin = publicOrigin(ctx.req, deps.config);

  const id = board.id;
  const epoch = await deps.store.rotateEpoch(id);
  // The board went away since the token was checked: its token is no longer valid.
  if (epoch === null) throw new DomainError('unauthorized', 'the token is not valid');
  const closed = deps.registry.revokeBoard(id, epoch);
  deps.log.info({ board: id, epoch, closed }, 'board links rotated');
  sendJson(ctx.res, 200, { id, links: mintLinks(deps.config.secret, origin, board, epoch) });
}
