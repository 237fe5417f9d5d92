/**
 * Degraded states: a document newer than the server is served read-only, and
 * a database that stops taking writes never lets an unstored update reach
 * anyone.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { META_KEYS, metaMap, stateMap } from '@/lib/board/schema';
import { updateMessage } from '../sync/protocol';
import { Harness, addOption, optionTitles, storedDoc, waitFor } from './harness';

/** Store an update that stamps a room with a future schema version (before anyone loads it). */
async function stampFutureVersion(h: Harness, room: string): Promise<void> {
  const doc = await storedDoc(h.server, room);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  metaMap(doc).set(META_KEYS.schemaVersion, 99);
  await h.server.store.append(room, updates);
}

test('a document newer than the server is served read-only', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  await stampFutureVersion(h, board.id);
  await stampFutureVersion(h, `${board.id}/state`);

  const party = await h.provider(board.id, board.links.parties[0]!.token);
  assert.equal(metaMap(party.doc).get(META_KEYS.schemaVersion), 99, 'served as stored');
  const write = new Y.Doc();
  addOption(write, 'x', 'should not land');
  const socket = h.raw(board.id, board.links.parties[0]!.token);
  await socket.opened;
  socket.send(updateMessage(Y.encodeStateAsUpdate(write)));
  assert.equal((await socket.closed).code, 1008, 'writers are readers on a newer document');

  const phase = await h.fetch(`/api/boards/${board.id}/phase`, {
    method: 'POST',
    headers: { authorization: `Bearer ${board.links.facilitator.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ phase: 'score' }),
  });
  assert.equal(phase.status, 409);
  assert.equal(stateMap(await storedDoc(h.server, `${board.id}/state`)).get('phase'), 'frame');
});

test('when the database stops taking writes, nothing unstored is broadcast and clients get 1013', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const writer = await h.provider(board.id, board.links.parties[0]!.token);
  const reader = await h.provider(board.id, board.links.viewer.token);
  addOption(writer.doc, 'stored', 'before the failure');
  await waitFor(() => optionTitles(reader.doc).stored !== undefined, { what: 'the first edit' });

  await h.server.store.close(); // every write now throws
  reader.provider.shouldReconnect = () => false; // keep its doc as it was when the room failed
  addOption(writer.doc, 'lost', 'after the failure');
  await waitFor(() => reader.closeCodes.includes(1013) && writer.closeCodes.includes(1013), { what: '1013 closes' });
  assert.equal(optionTitles(reader.doc).lost, undefined, 'an unstored update reached nobody');
  assert.equal((await h.fetch('/readyz')).status, 503);
});
