/** Awareness: relayed between clients, not spoofable, removed on disconnect; keepalives flow. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { awarenessMessage, encodeAwarenessEntries } from '../sync/protocol';
import { Harness, waitFor } from './harness';

test('awareness is relayed, cannot be spoofed, and is removed when a socket closes', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const a = await h.provider(board.id, board.links.parties[0]!.token);
  const b = await h.provider(board.id, board.links.parties[1]!.token);
  const aId = a.doc.clientID;

  a.provider.awareness.setLocalStateField('user', { name: 'Ana' });
  await waitFor(() => b.provider.awareness.getStates().get(aId)?.user?.name === 'Ana', { what: "B to see A's cursor" });

  // A raw socket claims A's client id with a forged name and a higher clock.
  const spoofer = h.raw(board.id, board.links.viewer.token);
  await spoofer.opened;
  const forged = encodeAwarenessEntries([
    { clientId: aId, clock: 1000, json: JSON.stringify({ user: { name: 'Mallory' } }) },
    { clientId: 777, clock: 1, json: JSON.stringify({ user: { name: 'Spoofer' } }) },
  ]);
  spoofer.send(awarenessMessage(forged));
  // Its own client id (777) goes through; A's does not.
  await waitFor(() => b.provider.awareness.getStates().get(777)?.user?.name === 'Spoofer', { what: 'the spoofer state' });
  assert.equal(b.provider.awareness.getStates().get(aId)?.user?.name, 'Ana');

  // Closing the spoofer removes its state for the others.
  spoofer.ws.close();
  await waitFor(() => !b.provider.awareness.getStates().has(777), { what: 'the closed socket state to go' });

  // A late joiner receives current states at once.
  const c = await h.provider(board.id, board.links.viewer.token);
  await waitFor(() => c.provider.awareness.getStates().get(aId)?.user?.name === 'Ana', { what: 'C to see A' });

  // A disconnecting provider disappears from the others.
  h.destroyProvider(a);
  await waitFor(() => !b.provider.awareness.getStates().has(aId), { what: 'A to leave' });
});

test('oversized awareness closes with 1008', async (t) => {
  const h = await Harness.start(t, { MAX_AWARENESS_BYTES: '1024' });
  const board = await h.createBoard();
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  t.after(() => doc.destroy());
  awareness.setLocalState({ blob: 'x'.repeat(2000) });
  const socket = h.raw(board.id, board.links.parties[0]!.token);
  await socket.opened;
  socket.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])));
  assert.equal((await socket.closed).code, 1008);
});

test('the server sends a protocol message every KEEPALIVE_MS, and answers query-awareness', async (t) => {
  const h = await Harness.start(t, { KEEPALIVE_MS: '30' });
  const board = await h.createBoard();
  const socket = h.raw(board.id, board.links.viewer.token);
  await socket.opened;
  // An empty awareness update: a real message (a ping would not reach a browser's onmessage).
  const isKeepalive = (m: Uint8Array) => m.length === 3 && m[0] === 1 && m[1] === 1 && m[2] === 0;
  await waitFor(() => socket.messages.filter(isKeepalive).length >= 2, { what: 'two keepalives' });

  const other = await h.provider(board.id, board.links.parties[0]!.token);
  other.provider.awareness.setLocalStateField('user', { name: 'Bo' });
  const count = socket.messages.length;
  socket.send(new Uint8Array([3]));
  await waitFor(() => socket.messages.slice(count).some((m) => m[0] === 1 && m.length > 3), { what: 'awareness reply' });
});
