/**
 * The sync step 2 answer to an empty state vector (a first visit) is computed
 * once per document version: shared until the next update, then computed
 * afresh with that update in it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import type { BoardId } from '@/lib/board/ids';
import { jointRoom } from '@/lib/board/rooms';
import { MESSAGE_SYNC, SYNC_STEP2, syncStep2Payload } from '../sync/protocol';
import { rawReader } from './facilitation-helpers';
import { Harness, addOption, optionTitles, waitFor, type RawSocket } from './harness';

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

/** The options a raw first-visit socket was sent in its sync step 2. */
async function firstVisit(h: Harness, room: string, token: string): Promise<{ titles: Record<string, unknown>; bytes: Uint8Array }> {
  const socket: RawSocket = await rawReader(h, room, token);
  const isStep2 = (m: Uint8Array) => m[0] === MESSAGE_SYNC && m[1] === SYNC_STEP2;
  await waitFor(() => socket.messages.some(isStep2), { what: 'a sync step 2 answer' });
  const bytes = socket.messages.find(isStep2)!;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, syncStep2Payload(bytes));
  socket.ws.close();
  return { titles: optionTitles(doc), bytes };
}

test('first visits share one step 2 answer per document version; an update replaces it', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const viewer = board.links.viewer.token;
  const ref = jointRoom(board.id as BoardId);
  const writer = await h.provider(board.id, board.links.parties[0]!.token);
  const reader = await h.provider(board.id, viewer);
  addOption(writer.doc, 'a', 'first');
  await waitFor(() => optionTitles(reader.doc).a === 'first', { what: 'the first option to be stored and broadcast' });

  const [one, two] = await h.server.registry.withRoom(ref, async (room) => [
    await room.syncStep2For(EMPTY_STATE_VECTOR),
    await room.syncStep2For(EMPTY_STATE_VECTOR),
  ]);
  assert.equal(one, two, 'the same answer object: computed once');
  const seen = await firstVisit(h, board.id, viewer);
  assert.deepEqual(seen.titles, { a: 'first' });
  assert.deepEqual(seen.bytes, one, 'a socket is sent that answer');

  addOption(writer.doc, 'b', 'second');
  await waitFor(() => optionTitles(reader.doc).b === 'second', { what: 'the second option to be stored and broadcast' });
  const three = await h.server.registry.withRoom(ref, (room) => room.syncStep2For(EMPTY_STATE_VECTOR));
  assert.notEqual(three, one, 'the update dropped the cached answer');
  assert.deepEqual((await firstVisit(h, board.id, viewer)).titles, { a: 'first', b: 'second' });

  // A client with part of the board (a non-empty state vector) gets only what it lacks.
  const partial = new Y.Doc();
  Y.applyUpdate(partial, syncStep2Payload(one));
  const diff = await h.server.registry.withRoom(ref, (room) => room.syncStep2For(Y.encodeStateVector(partial)));
  Y.applyUpdate(partial, syncStep2Payload(diff));
  assert.deepEqual(optionTitles(partial), { a: 'first', b: 'second' });
  assert.ok(diff.byteLength < three.byteLength, 'the difference, not the whole board');
});
