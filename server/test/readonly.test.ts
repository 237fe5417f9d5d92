/** A viewer link reads the joint board but can never write it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { rawSyncStep2Message, updateMessage } from '../sync/protocol';
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

test('a viewer sending sync step 2 or an update is closed with 1008 and nothing is applied or stored', async (t) => {
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
