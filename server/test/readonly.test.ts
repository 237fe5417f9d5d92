/** A viewer link reads the joint board but can never write it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { rawSyncStep2Message, updateMessage } from '../sync/protocol';
import { optionsMap } from '@/lib/board/schema';
import { Harness, addOption, optionTitles, storedDoc, waitFor } from './harness';

function hostileUpdate(id: string): Uint8Array {
  const doc = new Y.Doc();
  addOption(doc, id, 'written through a view-only link');
  return Y.encodeStateAsUpdate(doc);
}

test('a viewer reads the joint board and stays connected', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const party = await h.provider(board.id, board.links.parties[0]!.token);
  const viewer = await h.provider(board.id, board.links.viewer.token);
  addOption(party.doc, 'o1', 'Visible to viewers');
  await waitFor(() => optionTitles(viewer.doc).o1 === 'Visible to viewers', { what: 'viewer to see the option' });
  assert.deepEqual(viewer.closeCodes, [], 'the viewer was not disconnected');
});

test('attack 4: a viewer sending sync step 2 or an update is closed with 1008 and nothing is applied or stored', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const party = await h.provider(board.id, board.links.parties[0]!.token);

  const viaStep2 = h.raw(board.id, board.links.viewer.token);
  await viaStep2.opened;
  viaStep2.send(rawSyncStep2Message(hostileUpdate('evil-step2')));
  assert.equal((await viaStep2.closed).code, 1008);

  const viaUpdate = h.raw(board.id, board.links.viewer.token);
  await viaUpdate.opened;
  viaUpdate.send(updateMessage(hostileUpdate('evil-update')));
  assert.equal((await viaUpdate.closed).code, 1008);

  // A later legitimate write arrives, so anything sent before it would have too.
  const other = await h.provider(board.id, board.links.parties[1]!.token);
  addOption(other.doc, 'marker', 'after the attack');
  await waitFor(() => optionTitles(party.doc).marker === 'after the attack', { what: 'the marker' });
  assert.deepEqual(Object.keys(optionTitles(party.doc)).sort(), ['marker']);

  await h.restart();
  const stored = await storedDoc(h.server, board.id);
  assert.deepEqual(Object.keys(optionTitles(stored)).sort(), ['marker'], 'nothing hostile in the database');
  const fresh = await h.provider(board.id, board.links.facilitator.token);
  assert.deepEqual(Object.keys(optionTitles(fresh.doc)).sort(), ['marker']);
});

test('a reader resending what the room already has (an offline cache replay) stays connected', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const party = await h.provider(board.id, board.links.parties[0]!.token);
  for (const id of ['a', 'b', 'c']) addOption(party.doc, id, `Option ${id}`);
  optionsMap(party.doc).delete('b'); // the replay will carry a deletion too
  const viewer = await h.provider(board.id, board.links.viewer.token);
  await waitFor(() => Object.keys(optionTitles(viewer.doc)).join() === 'a,c', { what: 'viewer to catch up' });

  const socket = h.raw(board.id, board.links.viewer.token);
  await socket.opened;
  const replay = Y.encodeStateAsUpdate(viewer.doc);
  socket.send(updateMessage(replay));
  socket.send(rawSyncStep2Message(replay));
  socket.send(new Uint8Array([0, 0, 1, 0])); // sync step 1: its answer proves the replays were handled
  await waitFor(() => socket.messages.some((m) => m[0] === 0 && m[1] === 1), { what: 'sync step 2' });
  assert.equal(socket.closeInfo, null, 'a replay is not a write');

  // A deletion the room has not seen is a write, even with no new structs.
  const copy = new Y.Doc();
  Y.applyUpdate(copy, replay);
  const deletion: Uint8Array[] = [];
  copy.on('update', (u: Uint8Array) => deletion.push(u));
  optionsMap(copy).delete('a');
  assert.equal(Y.decodeUpdate(deletion[0]!).structs.length, 0);
  socket.send(updateMessage(deletion[0]!));
  assert.equal((await socket.closed).code, 1008);
  assert.equal(optionTitles(party.doc).a, 'Option a');
});
