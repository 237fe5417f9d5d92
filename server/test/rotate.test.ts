/**
 * Attack 15 (leaked links): rotating a board's links. `POST
 * /api/boards/:id/rotate` (facilitator only) bumps the board's epoch and
 * answers with fresh links; sockets on old tokens are closed with 4401 and
 * old tokens stop working over HTTP and websocket. Sockets whose token was
 * rotated by another process, or expired, are closed by the token sweep.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readClaimsUnverified } from '@/lib/board/access';
import type { BoardId } from '@/lib/board/ids';
import { Harness, addOption, optionTitles, waitFor, type CreatedBoard } from './harness';

const rotate = (h: Harness, id: string, token?: string) =>
  h.fetch(`/api/boards/${id}/rotate`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} });

test('attack 15: rotating links closes old sockets with 4401, retires old tokens, and mints fresh links', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const other = await h.createBoard();
  const old = board.links;
  const joint = await h.provider(board.id, old.parties[0]!.token);
  const lane = await h.provider(`${board.id}/party/p2`, old.parties[1]!.token);
  const viewer = await h.provider(board.id, old.viewer.token);
  const state = await h.provider(`${board.id}/state`, old.facilitator.token);
  const bystander = await h.provider(other.id, other.links.parties[0]!.token);
  addOption(joint.doc, 'kept', 'written before the rotation');
  await waitFor(() => optionTitles(viewer.doc).kept !== undefined, { what: 'the option to be seen (so stored)' });

  assert.equal((await rotate(h, board.id)).status, 401);
  assert.equal((await rotate(h, board.id, 'junk')).status, 401);
  assert.equal((await rotate(h, board.id, old.parties[0]!.token)).status, 403);
  assert.equal((await rotate(h, board.id, old.viewer.token)).status, 403);
  assert.equal((await rotate(h, board.id, other.links.facilitator.token)).status, 403, "another board's facilitator");
  assert.equal((await rotate(h, 'not-a-board', old.facilitator.token)).status, 404);

  const res = await rotate(h, board.id, old.facilitator.token);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const fresh = (await res.json()) as CreatedBoard;
  assert.equal(fresh.id, board.id);
  assert.deepEqual(
    fresh.links.parties.map((p) => [p.partyId, p.name]),
    old.parties.map((p) => [p.partyId, p.name]),
  );
  assert.equal(fresh.links.facilitator.url, `${h.httpUrl}/b/${board.id}#t=${fresh.links.facilitator.token}`);
  assert.deepEqual(readClaimsUnverified(fresh.links.parties[1]!.token), { v: 1, b: board.id as BoardId, r: 'party', p: 'p2', e: 1 });

  // Every socket on an old token is closed with 4401; the other board's are not touched.
  for (const client of [joint, lane, viewer, state]) {
    await waitFor(() => client.closeCodes.includes(4401), { what: 'a 4401 close' });
  }
  assert.deepEqual(bystander.closeCodes, []);

  // Old tokens stop working, over HTTP and websocket (and cannot rotate again).
  const info = await h.fetch(`/api/boards/${board.id}`, { headers: { authorization: `Bearer ${old.parties[0]!.token}` } });
  assert.equal(info.status, 401);
  assert.equal((await h.raw(board.id, old.parties[0]!.token).closed).code, 4401);
  assert.equal((await rotate(h, board.id, old.facilitator.token)).status, 401);

  // The new links work and show the board as it was.
  const again = await h.provider(board.id, fresh.links.parties[0]!.token);
  assert.equal(optionTitles(again.doc).kept, 'written before the rotation');
  const newInfo = await h.fetch(`/api/boards/${board.id}`, { headers: { authorization: `Bearer ${fresh.links.viewer.token}` } });
  assert.equal(newInfo.status, 200);
  await h.roundTrip(other);
});

test('attack 15: a rotation made elsewhere, and an expired token, close open sockets within seconds (token sweep)', async (t) => {
  const h = await Harness.start(t, { KEEPALIVE_MS: '200' });
  const board = await h.createBoard();
  const client = await h.provider(board.id, board.links.parties[0]!.token);

  // Another process bumped the epoch in the shared database: this process learns it from the sweep.
  assert.equal(await h.server.store.rotateEpoch(board.id), 1);
  await waitFor(() => client.closeCodes.includes(4401), { what: 'the sweep to close the socket', timeoutMs: 5000 });

  const other = await h.createBoard();
  const expiring = h.mint({ v: 1, b: other.id as BoardId, r: 'viewer', e: 0, x: Math.floor(Date.now() / 1000) + 1 });
  const socket = h.raw(other.id, expiring);
  await socket.opened;
  const closed = await socket.closed;
  assert.deepEqual([closed.code, closed.reason], [4401, 'token expired']);
});
