/** Lanes are private to their party; the state room is written by the server only. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { SCHEMA_VERSION, metaMap, stateMap } from '@/lib/board/schema';
import { updateMessage } from '../sync/protocol';
import { Harness, storedDoc } from './harness';

test("attack 1: a party cannot open another party's lane: 4403 before any byte", async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const [p1, p2] = board.links.parties;

  // p2 writes a secret into its own lane.
  const lane2 = await h.provider(`${board.id}/party/p2`, p2!.token);
  lane2.doc.getMap('notes').set('secret', 'our walk-away point');

  for (const token of [p1!.token, board.links.facilitator.token, board.links.viewer.token]) {
    const socket = h.raw(`${board.id}/party/p2`, token);
    const closed = await socket.closed;
    assert.equal(closed.code, 4403);
    assert.equal(socket.messages.length, 0, 'no bytes before the close');
  }

  // Its own lane works, and holds nothing of p2's.
  const lane1 = await h.provider(`${board.id}/party/p1`, p1!.token);
  assert.equal(lane1.doc.getMap('notes').get('secret'), undefined);
  assert.equal(metaMap(lane1.doc).get('schemaVersion'), SCHEMA_VERSION, 'the server stamped the new lane');
});

test('attack 5: the server-owned state room refuses writes from everyone (1008), and everyone reads it', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const room = `${board.id}/state`;
  const tokens = [board.links.facilitator.token, board.links.parties[0]!.token, board.links.viewer.token];

  for (const token of tokens) {
    const forged = new Y.Doc();
    stateMap(forged).set('phase', 'decide');
    const socket = h.raw(room, token);
    await socket.opened;
    socket.send(updateMessage(Y.encodeStateAsUpdate(forged)));
    assert.equal((await socket.closed).code, 1008);
  }

  for (const token of tokens) {
    const reader = await h.provider(room, token);
    assert.equal(stateMap(reader.doc).get('phase'), 'frame');
  }
  const stored = await storedDoc(h.server, room);
  assert.equal(stateMap(stored).get('phase'), 'frame', 'no forged phase was stored');
});
