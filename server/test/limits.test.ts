/**
 * Limits (attacks 3, 8, 9, 10, 11 and the document-size cap): each, when hit,
 * closes with its documented code (docs/operations.md), is counted in
 * cg_limit_refusals_total and logged — and nothing else breaks: another
 * board keeps working in every test.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { base64UrlDecode, base64UrlEncode } from '@/lib/board/access';
import { newBoardId, type BoardId } from '@/lib/board/ids';
import { jointRoom } from '@/lib/board/rooms';
import { optionsMap } from '@/lib/board/schema';
import { awarenessMessage, encodeAwarenessEntries, inspectUpdate, updateMessage } from '../sync/protocol';
import { Harness, addOption, optionTitles, served, storedDoc, waitFor } from './harness';
import { structBomb } from './hostile';

const from = (address: string) => ({ 'X-Forwarded-For': address });

/** Whether a log line names this limit. */
const loggedLimit = (lines: string[], limit: string) =>
  lines.some((line) => (JSON.parse(line) as { limit?: string }).limit === limit);

test('attack 8: a 7-byte update claiming 30M structs is refused cheaply', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const other = await h.createBoard();
  const bomb = structBomb();
  assert.equal(bomb.length, 7);
  // Decoding runs out of bytes at once: nothing is built, nothing reaches a document.
  assert.throws(() => inspectUpdate(bomb), /Unexpected end of array/);

  // Applied, one such message costs ~0.7 s and 250 MB of heap; twenty at once would be 5 GB.
  const heapBefore = process.memoryUsage().heapUsed;
  const sockets = Array.from({ length: 20 }, () => h.raw(board.id, board.links.parties[0]!.token));
  await Promise.all(sockets.map((s) => s.opened));
  for (const socket of sockets) socket.send(updateMessage(bomb));
  for (const socket of sockets) assert.equal((await socket.closed).code, 1008);
  const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  assert.ok(grownMb < 200, `the heap grew ${grownMb.toFixed(0)} MB`);

  const room = await h.server.registry.withRoom(jointRoom(board.id as BoardId), async (r) => r);
  assert.equal(room.pendingBytes(), 0, 'nothing held back either');
  await h.roundTrip(board, 'the attacked board still works');
  await h.roundTrip(other);
});

/** An update whose first `clock` structs (its dependencies) are never sent. */
function orphanUpdate(bytes: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('junk').insert(0, 'dependency that never arrives');
  const before = Y.encodeStateVector(doc);
  doc.getText('junk').insert(0, 'x'.repeat(bytes));
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  return update;
}

test('attack 9: updates whose dependencies never arrive are held invisibly, capped per room (1008)', async (t) => {
  const lines: string[] = [];
  const h = await Harness.start(t, { MAX_PENDING_BYTES: '4096', LOG_LEVEL: 'warn' }, { logLines: lines });
  const board = await h.createBoard();
  const other = await h.createBoard();
  const token = board.links.parties[0]!.token;
  const reader = await h.provider(board.id, board.links.viewer.token);
  const ref = jointRoom(board.id as BoardId);

  const small = h.raw(board.id, token);
  await small.opened;
  small.send(updateMessage(orphanUpdate(1000)));
  await served(small); // handled, and the socket stays
  assert.equal(small.closeInfo, null);
  const held = await h.server.registry.withRoom(ref, async (room) => room.pendingBytes());
  assert.ok(held > 1000, `held back: ${held} bytes`);
  assert.equal(reader.doc.getText('junk').length, 0, 'invisible to everyone');

  const big = h.raw(board.id, token);
  await big.opened;
  big.send(updateMessage(orphanUpdate(5000)));
  assert.equal((await big.closed).code, 1008);
  assert.equal(await h.server.registry.withRoom(ref, async (room) => room.pendingBytes()), 0, 'the held bytes were dropped');
  assert.ok(loggedLimit(lines, 'pending_bytes'));
  assert.equal(await h.metric('cg_limit_refusals_total{limit="pending_bytes"}'), 1);

  await h.roundTrip(board, 'the attacked board still works');
  await h.roundTrip(other);
  assert.equal((await storedDoc(h.server, board.id)).getText('junk').length, 0, 'nothing held back was stored');
});

test('attack 10: fragments adding up past MAX_MESSAGE_BYTES close with 1009', async (t) => {
  const lines: string[] = [];
  const h = await Harness.start(t, { MAX_MESSAGE_BYTES: '8192', LOG_LEVEL: 'warn' }, { logLines: lines });
  const board = await h.createBoard();
  const socket = h.raw(board.id, board.links.parties[0]!.token);
  await socket.opened;
  // One message in 40 frames of 1000 bytes (fin: false = more fragments follow).
  for (let i = 0; i < 40 && socket.ws.readyState === socket.ws.OPEN; i++) {
    socket.ws.send(new Uint8Array(1000), { fin: false });
  }
  assert.equal((await socket.closed).code, 1009);
  await waitFor(() => loggedLimit(lines, 'message_size'), { what: 'the log line' });
  await h.roundTrip(board);
});

test('attack 11: a message flood and a byte flood close the sender with 1013', async (t) => {
  const lines: string[] = [];
  const h = await Harness.start(
    t,
    { MESSAGES_PER_SECOND: '10', BYTES_PER_SECOND: '4096', MAX_MESSAGE_BYTES: '8192', LOG_LEVEL: 'warn' },
    { logLines: lines },
  );
  const board = await h.createBoard();
  const other = await h.createBoard();
  const token = board.links.parties[0]!.token;

  // 10 a second with a burst of 20: fifty query-awareness messages at once are too many.
  const chatty = h.raw(board.id, token);
  await chatty.opened;
  for (let i = 0; i < 50 && chatty.ws.readyState === chatty.ws.OPEN; i++) chatty.send(new Uint8Array([3]));
  const chattyClose = await chatty.closed;
  assert.deepEqual([chattyClose.code, chattyClose.reason], [1013, 'message rate limit']);

  // 4096 bytes a second, burst max(2 × 4096, MAX_MESSAGE_BYTES) = 8192: three 3 kB messages are too many.
  const heavy = h.raw(board.id, token);
  await heavy.opened;
  const state = (n: number) =>
    awarenessMessage(encodeAwarenessEntries([{ clientId: 4242, clock: n, json: JSON.stringify({ pad: 'x'.repeat(3000) }) }]));
  for (let i = 1; i <= 3 && heavy.ws.readyState === heavy.ws.OPEN; i++) heavy.send(state(i));
  const heavyClose = await heavy.closed;
  assert.deepEqual([heavyClose.code, heavyClose.reason], [1013, 'byte rate limit']);

  assert.ok(loggedLimit(lines, 'message_rate') && loggedLimit(lines, 'byte_rate'));
  assert.equal(await h.metric('cg_limit_refusals_total{limit="message_rate"}'), 1);
  assert.equal(await h.metric('cg_limit_refusals_total{limit="byte_rate"}'), 1);
  assert.equal(await h.metric('cg_ws_closes_total{code="1013"}'), 2);
  await h.roundTrip(board, 'the flooded board still works');
  await h.roundTrip(other);
});

test('attack 11: connections per address are capped (1013); IPv6 counts per /64; others are admitted', async (t) => {
  const lines: string[] = [];
  const h = await Harness.start(t, { TRUST_PROXY: '1', MAX_CONNECTIONS_PER_IP: '2', LOG_LEVEL: 'warn' }, { logLines: lines });
  const board = await h.createBoard();
  const token = board.links.viewer.token;

  const first = h.raw(board.id, token, from('203.0.113.7'));
  const second = h.raw(board.id, token, from('198.51.100.1, 203.0.113.7')); // the last entry counts
  await Promise.all([served(first), served(second)]);
  const third = await h.raw(board.id, token, from('203.0.113.7')).closed;
  assert.deepEqual([third.code, third.reason], [1013, 'too many connections from this address']);
  await served(h.raw(board.id, token, from('203.0.113.8')));

  first.ws.close();
  await first.closed;
  await waitFor(() => h.server.socketCount() === 2, { what: 'the server to see the close' });
  await served(h.raw(board.id, token, from('203.0.113.7')));

  await Promise.all([served(h.raw(board.id, token, from('2001:db8::1'))), served(h.raw(board.id, token, from('2001:db8:0:0:ffff::2')))]);
  assert.equal((await h.raw(board.id, token, from('2001:db8::3')).closed).code, 1013, 'same /64');
  await served(h.raw(board.id, token, from('2001:db8:0:1::1')));

  assert.ok(loggedLimit(lines, 'connections_per_ip'));
  assert.equal(await h.metric('cg_limit_refusals_total{limit="connections_per_ip"}'), 2);
  await h.roundTrip(board);
});

test('attack 11: connections per room and per process are capped (1013); other rooms keep working', async (t) => {
  const lines: string[] = [];
  const h = await Harness.start(t, { MAX_CONNECTIONS_PER_ROOM: '2', MAX_CONNECTIONS: '4', LOG_LEVEL: 'warn' }, { logLines: lines });
  const board = await h.createBoard();
  const other = await h.createBoard();
  const token = board.links.viewer.token;

  const inRoom = [h.raw(board.id, token), h.raw(board.id, token)];
  await Promise.all(inRoom.map(served));
  const full = await h.raw(board.id, token).closed;
  assert.deepEqual([full.code, full.reason], [1013, 'room is full']);
  await served(h.raw(`${board.id}/state`, token)); // another room of the same board

  const fourth = h.raw(other.id, other.links.viewer.token);
  await served(fourth);
  const busy = await h.raw(other.id, other.links.viewer.token).closed;
  assert.deepEqual([busy.code, busy.reason], [1013, 'server busy']);

  for (const socket of [...inRoom, fourth]) socket.ws.close();
  await waitFor(() => h.server.socketCount() === 1, { what: 'the server to see the closes' });
  await h.roundTrip(other, 'capacity freed, another board works');
  assert.ok(loggedLimit(lines, 'connections_per_room') && loggedLimit(lines, 'connections'));
});

test('document size: an update that would grow a room past MAX_DOCUMENT_BYTES closes with 1009; deleting still works', async (t) => {
  const lines: string[] = [];
  const h = await Harness.start(t, { MAX_DOCUMENT_BYTES: '16384', LOG_LEVEL: 'warn' }, { logLines: lines });
  const board = await h.createBoard();
  const other = await h.createBoard();
  const reader = await h.provider(board.id, board.links.viewer.token);

  // A raw writer appends 3 kB options, each its own update, until it is refused.
  const writer = h.raw(board.id, board.links.parties[0]!.token);
  await served(writer);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(reader.doc));
  const outgoing: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => outgoing.push(u));
  let sent = 0;
  while (writer.ws.readyState === writer.ws.OPEN && sent < 20) {
    addOption(doc, `big${sent}`, 'x'.repeat(3000));
    writer.send(updateMessage(outgoing.shift()!));
    sent++;
    await waitFor(() => Object.keys(optionTitles(reader.doc)).length === sent || writer.closeInfo !== null, {
      what: 'the option to arrive or the writer to be closed',
    });
  }
  const refused = await writer.closed;
  assert.deepEqual([refused.code, refused.reason], [1009, 'document too large']);
  const accepted = Object.keys(optionTitles(reader.doc)).length;
  assert.ok(accepted >= 2 && accepted < sent, `${accepted} of ${sent} accepted`);
  assert.ok(loggedLimit(lines, 'document_size'));

  // A full board can still be trimmed: a pure deletion is accepted.
  const party = await h.provider(board.id, board.links.parties[1]!.token);
  optionsMap(party.doc).delete('big0');
  await waitFor(() => optionTitles(reader.doc).big0 === undefined, { what: 'the deletion to arrive' });
  assert.deepEqual(party.closeCodes, []);

  // After a restart the size is counted from what is stored (the unload compacted it): growth is still refused.
  h.destroyProvider(party);
  h.destroyProvider(reader);
  await h.restart();
  const again = h.raw(board.id, board.links.parties[0]!.token);
  await served(again);
  const more = new Y.Doc();
  addOption(more, 'after-restart', 'y'.repeat(8000));
  again.send(updateMessage(Y.encodeStateAsUpdate(more)));
  assert.equal((await again.closed).code, 1009);
  await h.roundTrip(other);
});

test('attack 3: an unknown board looks like a forged token; failed joins are rate-limited per address', async (t) => {
  const lines: string[] = [];
  const h = await Harness.start(t, { TRUST_PROXY: '1', FAILED_JOINS_PER_MINUTE: '3', LOG_LEVEL: 'warn' }, { logLines: lines });
  const board = await h.createBoard();
  const good = board.links.parties[0]!.token;
  const [payload, signature] = good.split('.') as [string, string];
  const forged = `${payload}.${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
  // Ids are 22 characters of a 64-letter alphabet (132 bits), token MACs 43 (256 bits): no two alike.
  const someIds = Array.from({ length: 2000 }, () => newBoardId());
  assert.equal(new Set(someIds).size, someIds.length);
  assert.ok(someIds.every((id) => /^[A-Za-z0-9_-]{22}$/.test(id)));
  assert.match(signature, /^[A-Za-z0-9_-]{43}$/);
  const missing = newBoardId();
  const guessed = `${base64UrlEncode(base64UrlDecode(payload).replace(board.id, missing))}.${signature}`;

  // "Not found" and "forbidden" look alike, on the websocket and over HTTP (each from its own address).
  const wsExisting = await h.raw(board.id, forged, from('192.0.2.1')).closed;
  const wsMissing = await h.raw(missing, guessed, from('192.0.2.2')).closed;
  assert.deepEqual(wsMissing, wsExisting);
  assert.deepEqual([wsExisting.code, wsExisting.reason], [4401, 'unauthorized']);
  const info = async (id: string, token: string, address: string) => {
    const res = await h.fetch(`/api/boards/${id}`, { headers: { authorization: `Bearer ${token}`, ...from(address) } });
    return { status: res.status, body: await res.text() };
  };
  assert.deepEqual(await info(missing, guessed, '192.0.2.3'), await info(board.id, forged, '192.0.2.4'));

  // Three failures from one address use up its budget: then even a good token is refused, on both paths.
  const attacker = '192.0.2.66';
  for (const token of [forged, guessed, 'junk']) {
    assert.equal((await h.raw(board.id, token, from(attacker)).closed).code, 4401);
  }
  const blocked = await h.raw(board.id, good, from(attacker)).closed;
  assert.deepEqual([blocked.code, blocked.reason], [1013, 'too many failed attempts']);
  const http = await h.fetch(`/api/boards/${board.id}`, { headers: { authorization: `Bearer ${good}`, ...from(attacker) } });
  assert.equal(http.status, 429);
  assert.ok(Number(http.headers.get('retry-after')) >= 1);

  // HTTP failures count too, and everyone else is unaffected.
  for (let i = 0; i < 3; i++) assert.equal((await info(board.id, forged, '192.0.2.77')).status, 401);
  assert.equal((await info(board.id, good, '192.0.2.77')).status, 429);
  assert.equal((await info(board.id, good, '192.0.2.99')).status, 200);
  await served(h.raw(board.id, good, from('192.0.2.99')));
  assert.ok(loggedLimit(lines, 'failed_joins'));
  assert.ok((await h.metric('cg_auth_failures_total{reason="bad-signature"}')) >= 2);
  await h.roundTrip(board);
});
