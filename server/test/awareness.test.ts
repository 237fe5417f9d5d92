/** Awareness: relayed between clients, not spoofable, removed on disconnect; keepalives flow. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { LIMITS } from '@/lib/board/schema';
import { readPeers } from '@/lib/sync/presence';
import { awarenessMessage, encodeAwarenessEntries } from '../sync/protocol';
import { MAX_AWARENESS_CLIENTS_PER_PEER } from '../sync/extensions/awareness-policy';
import { Harness, addOption, waitFor } from './harness';

test('attack 6: awareness is relayed, cannot be spoofed (client ids belong to their first socket), and is removed when a socket closes', async (t) => {
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

test('awareness state size: an awareness update over MAX_AWARENESS_BYTES closes with 1008', async (t) => {
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

test('keepalives only where it is quiet: a socket that is sent and sends traffic gets no keepalive message and no ping', async (t) => {
  const h = await Harness.start(t, { KEEPALIVE_MS: '400' });
  const board = await h.createBoard();
  const otherBoard = await h.createBoard();
  const busy = h.raw(board.id, board.links.parties[0]!.token);
  const quiet = h.raw(otherBoard.id, otherBoard.links.viewer.token);
  await Promise.all([busy.opened, quiet.opened]);
  const pings = { busy: 0, quiet: 0 };
  busy.ws.on('ping', () => pings.busy++);
  quiet.ws.on('ping', () => pings.quiet++);
  const isKeepalive = (m: Uint8Array) => m.length === 3 && m[0] === 1 && m[1] === 1 && m[2] === 0;
  const writer = await h.provider(board.id, board.links.parties[1]!.token);
  // Traffic every 50 ms both ways (well inside half an interval): another party's edits reach `busy`, and `busy` asks for awareness.
  let edits = 0;
  const traffic = setInterval(() => {
    addOption(writer.doc, `o${edits++}`, 'an edit');
    busy.send(new Uint8Array([3]));
  }, 50);
  try {
    await waitFor(() => quiet.messages.filter(isKeepalive).length >= 3 && pings.quiet >= 3, { what: 'three intervals of the quiet socket' });
  } finally {
    clearInterval(traffic);
  }
  assert.ok(edits >= 10);
  assert.equal(busy.messages.filter(isKeepalive).length, 0, 'no keepalive message: it was being sent edits');
  assert.equal(pings.busy, 0, 'no ping: it was sending');
  // Once it is quiet, it gets them again.
  await waitFor(() => busy.messages.filter(isKeepalive).length >= 1 && pings.busy >= 1, { what: 'keepalives once quiet' });
});

test('attack 6: a raw socket forging another party in awareness is shown as what its token says', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const observer = await h.provider(board.id, board.links.parties[1]!.token);
  const states = () => observer.provider.awareness.getStates() as Map<number, Record<string, unknown>>;
  const send = async (token: string, clientId: number, state: unknown) => {
    const socket = h.raw(board.id, token);
    await socket.opened;
    socket.send(awarenessMessage(encodeAwarenessEntries([{ clientId, clock: 1, json: JSON.stringify(state) }])));
    return socket;
  };

  // Party p1 claims to be p2's facilitator; a viewer claims to be party p1; a long name; a non-object user.
  await send(board.links.parties[0]!.token, 501, { user: { name: 'Mallory', partyId: 'p2', role: 'facilitator', color: '#f00' }, cursor: { x: 1 } });
  await send(board.links.viewer.token, 502, { user: { name: 'Vic', partyId: 'p1', role: 'party' } });
  await send(board.links.facilitator.token, 503, { user: { name: 'F'.repeat(500), partyId: 'p1', role: 'party' } });
  await send(board.links.parties[0]!.token, 504, { user: 'p2 facilitator', cursor: { x: 2 } });
  await waitFor(() => [501, 502, 503, 504].every((id) => states().has(id)), { what: 'all four states' });

  assert.deepEqual(states().get(501), {
    user: { name: 'Mallory', partyId: 'p1', role: 'party', color: '#f00' },
    cursor: { x: 1 },
  });
  assert.deepEqual(states().get(502), { user: { name: 'Vic', partyId: null, role: 'viewer' } });
  const long = states().get(503)!.user as { name: string; role: string; partyId: null };
  assert.deepEqual([long.name.length, long.role, long.partyId], [LIMITS.displayName, 'facilitator', null]);
  assert.deepEqual(states().get(504), { cursor: { x: 2 } }, 'a user that is not an object is dropped');

  // What the presence list shows (lib/sync/presence validates what it reads).
  const peers = readPeers(states(), observer.doc.clientID);
  assert.deepEqual(
    peers.filter((p) => !p.isSelf).map((p) => [p.clientId, p.partyId, p.role]),
    [
      [503, null, 'facilitator'],
      [501, 'p1', 'party'],
      [502, null, 'viewer'],
    ],
  );

  // One socket cannot flood the room with identities: it holds at most MAX_AWARENESS_CLIENTS_PER_PEER ids.
  const many = h.raw(board.id, board.links.viewer.token);
  await many.opened;
  const ids = Array.from({ length: 10 }, (_, i) => 600 + i);
  many.send(awarenessMessage(encodeAwarenessEntries(ids.map((clientId) => ({ clientId, clock: 1, json: '{"user":{"name":"x"}}' })))));
  await waitFor(() => states().has(600), { what: 'the first ids' });
  assert.deepEqual(
    ids.filter((id) => states().has(id)),
    ids.slice(0, MAX_AWARENESS_CLIENTS_PER_PEER),
  );
});
