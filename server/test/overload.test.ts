/**
 * Overload (attack 11): a reconnect storm after a restart, and a slow reader.
 * The server stays up, every client is either served or told to come back
 * later (1013), a room that was already served keeps answering, and a reader
 * that stops reading is closed (1013) instead of buffered without bound.
 */
import assert from 'node:assert/strict';
import type net from 'node:net';
import { test } from 'node:test';
import { Harness, addOption, optionTitles, waitFor, type RawSocket } from './harness';

/**
 * 400 sockets against a cap of 300: enough that both outcomes (admitted and
 * 1013) must happen and every admitted one authenticates and waits for its
 * room's load, yet on 2 cores the storm settles in a couple of seconds;
 * 1,000 took about three times as long, much of it the clients' own work in
 * this same process, without testing anything more.
 */
const STORM = 400;
const CAP = 300;

const isSyncStep2 = (m: Uint8Array) => m[0] === 0 && m[1] === 1;

test('attack 11: a reconnect storm after a restart: all admitted or told 1013, and a served room keeps answering', { timeout: 60_000 }, async (t) => {
  const h = await Harness.start(t, { MAX_CONNECTIONS: String(CAP), MAX_CONNECTIONS_PER_ROOM: '200' });
  const served = await h.createBoard();
  const boards = await Promise.all([0, 1, 2, 3].map(() => h.createBoard()));
  await h.restart({ samePort: true });

  // The room that was already being served when the storm hit.
  const writer = await h.provider(served.id, served.links.parties[0]!.token);
  const reader = await h.provider(served.id, served.links.viewer.token);

  const storm: RawSocket[] = [];
  for (let i = 0; i < STORM; i++) {
    const board = boards[i % boards.length]!;
    const socket = h.raw(i % 8 < 4 ? board.id : `${board.id}/state`, board.links.viewer.token);
    socket.opened.then(() => socket.send(new Uint8Array([0, 0, 1, 0])), () => {});
    storm.push(socket);
  }

  // Mid-storm, the served room still completes a write → broadcast round trip.
  addOption(writer.doc, 'mid-storm', 'still answering');
  await waitFor(() => optionTitles(reader.doc)['mid-storm'] === 'still answering', {
    what: 'the served room to answer during the storm',
    timeoutMs: 30_000,
  });

  await waitFor(() => storm.every((s) => s.closeInfo !== null || s.messages.some(isSyncStep2)), {
    what: 'every storm socket to be served or refused',
    timeoutMs: 30_000,
  });
  const refused = storm.filter((s) => s.closeInfo !== null);
  const admitted = storm.filter((s) => s.closeInfo === null);
  for (const socket of refused) assert.deepEqual(socket.closeInfo, { code: 1013, reason: 'server busy' });
  assert.ok(admitted.length > 0 && refused.length > 0, `${admitted.length} admitted, ${refused.length} refused`);
  assert.ok(admitted.length + 2 <= CAP, 'the cap held even with upgrades in flight together');
  assert.equal(h.server.stats().connections, admitted.length + 2);

  // The storm leaves; the server is fine.
  for (const socket of admitted) socket.ws.close();
  await waitFor(() => h.server.socketCount() === 2, { what: 'the storm sockets to close', timeoutMs: 20_000 });
  addOption(writer.doc, 'after-storm', 'fine');
  await waitFor(() => optionTitles(reader.doc)['after-storm'] === 'fine', { what: 'the round trip after the storm' });
  await h.roundTrip(boards[0]!);
  assert.equal((await h.fetch('/readyz')).status, 200);
});

test('attack 11: a slow reader (a socket that never reads) is closed with 1013 rather than buffered without bound', { timeout: 60_000 }, async (t) => {
  const lines: string[] = [];
  const h = await Harness.start(
    t,
    { MAX_BUFFERED_BYTES: String(256 * 1024), MAX_DOCUMENT_BYTES: String(512 * 1024 * 1024), LOG_LEVEL: 'warn' },
    { logLines: lines },
  );
  const board = await h.createBoard();
  const writer = await h.provider(board.id, board.links.parties[0]!.token);
  const reader = await h.provider(board.id, board.links.viewer.token);

  const slow = h.raw(board.id, board.links.viewer.token);
  await slow.opened;
  slow.send(new Uint8Array([0, 0, 1, 0]));
  await waitFor(() => slow.messages.some(isSyncStep2), { what: 'the slow reader to sync' });
  // Stop reading: the kernel buffers fill, then the server's send buffer grows.
  const tcp = (slow.ws as unknown as { _socket: net.Socket })._socket;
  tcp.pause();

  // 64 kB edits, until the server gives up on the slow reader.
  const chunk = 'x'.repeat(64 * 1024);
  let written = 0;
  await waitFor(
    () => {
      if (lines.some((l) => l.includes('"limit":"send_buffer"'))) return true;
      addOption(writer.doc, `big${written}`, `${written}${chunk}`);
      written++;
      return false;
    },
    { what: 'the slow reader to be closed', timeoutMs: 45_000 },
  );
  assert.equal(await h.metric('cg_limit_refusals_total{limit="send_buffer"}'), 1);
  assert.equal(h.server.stats().connections, 2, 'only the writer and the normal reader remain');

  // The normal reader got everything; the writer was never disconnected.
  await waitFor(() => optionTitles(reader.doc)[`big${written - 1}`] !== undefined, { what: 'the normal reader to catch up' });
  assert.deepEqual([writer.closeCodes, reader.closeCodes], [[], []]);

  // Once it reads again, the slow reader finds the close code behind what was buffered.
  tcp.resume();
  assert.deepEqual(await slow.closed, { code: 1013, reason: 'slow reader' });
});
