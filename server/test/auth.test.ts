/**
 * Refused upgrades: bad tokens (4401), tokens without access (4403), foreign
 * Origins (HTTP 403) and bad room names (4400). Every refused socket must
 * receive zero messages before its close.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base64UrlDecode, base64UrlEncode } from '@/lib/board/access';
import { newBoardId, type BoardId } from '@/lib/board/ids';
import { Harness, waitFor, type RawSocket } from './harness';
import { tamperedToken } from './hostile';

async function refused(socket: RawSocket): Promise<number> {
  const closed = await socket.closed;
  assert.equal(socket.messages.length, 0, `no message may arrive before the close (code ${closed.code})`);
  return closed.code;
}

test('attack 1: no, tampered, expired or foreign tokens are closed with 4401/4403 before any document byte', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const other = await h.createBoard();
  const b = board.id as BoardId;
  const party = board.links.parties[0]!.token;
  const [payload, signature] = party.split('.') as [string, string];
  const escalated = base64UrlEncode(base64UrlDecode(payload).replace('"party"', '"facilitator"').replace(/,"p":"p1"/, ''));

  const cases: [string, string | null, number][] = [
    ['missing', null, 4401],
    ['empty', '', 4401],
    ['malformed', 'not-a-token', 4401],
    ['garbage claims', `${base64UrlEncode('{"v":2}')}.${signature}`, 4401],
    ['tampered signature', tamperedToken(party), 4401],
    ['tampered claims', `${escalated}.${signature}`, 4401],
    ['expired', h.mint({ v: 1, b, r: 'facilitator', e: 0, x: Math.floor(Date.now() / 1000) - 60 }), 4401],
    ['future epoch', h.mint({ v: 1, b, r: 'facilitator', e: 3 }), 4401],
    ['other board', other.links.facilitator.token, 4403],
    ['unknown board (looks like a forged token: ids cannot be probed)', h.mint({ v: 1, b: newBoardId(), r: 'facilitator', e: 0 }), 4401],
  ];
  for (const [name, token, code] of cases) {
    assert.equal(await refused(h.raw(board.id, token)), code, name);
  }

  // Control: the genuine token, and an unexpired one, open and get data.
  const ok = h.raw(board.id, h.mint({ v: 1, b, r: 'facilitator', e: 0, x: Math.floor(Date.now() / 1000) + 600 }));
  await syncs(ok);
});

test('attack 2: a foreign Origin is refused before the upgrade; same origin and no Origin are allowed', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const token = board.links.facilitator.token;

  const evil = await h.raw(board.id, token, { Origin: 'http://evil.example' }).closed;
  assert.equal(evil.httpStatus, 403);
  const lookalike = await h.raw(board.id, token, { Origin: `http://127.0.0.1:${h.port}.evil.example` }).closed;
  assert.equal(lookalike.httpStatus, 403);

  const same = h.raw(board.id, token, { Origin: `http://127.0.0.1:${h.port}` });
  await same.opened;
  const none = h.raw(board.id, token);
  await none.opened;
});

test('attack 2: ALLOWED_ORIGINS is an exact allowlist', async (t) => {
  const h = await Harness.start(t, { ALLOWED_ORIGINS: 'https://board.example, https://other.example' });
  const board = await h.createBoard();
  const token = board.links.facilitator.token;
  await h.raw(board.id, token, { Origin: 'https://board.example' }).opened;
  assert.equal((await h.raw(board.id, token, { Origin: 'http://board.example' }).closed).httpStatus, 403);
  assert.equal((await h.raw(board.id, token, { Origin: `http://127.0.0.1:${h.port}` }).closed).httpStatus, 403);
});

test('attack 12: bad room names (../, overlong, look-alikes) are refused (4400) and encoded good names work', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const token = board.links.facilitator.token;
  const lookalike = board.id.slice(0, -1) + '\u0410'; // Cyrillic А
  const bad = [
    '..%2Fx',
    '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    `${board.id}%2F..%2F..%2Fx`,
    'A'.repeat(70),
    encodeURIComponent(lookalike),
    `${board.id}/party/p1/extra`,
    `${board.id}/state/x`,
    `${board.id}/party/P1`,
    `${board.id}/secret`,
    '%E0%A4%A', // malformed escape
  ];
  for (const room of bad) {
    assert.equal(await refused(h.raw(room, token)), 4400, room);
  }
  // y-websocket sends the room unencoded; an encoding client sends %2F. Both reach the same room.
  const encoded = h.raw(encodeURIComponent(`${board.id}/state`), token);
  await syncs(encoded);
});

/** Send sync step 1 (empty state vector) and wait for the answer. */
async function syncs(socket: RawSocket): Promise<void> {
  await socket.opened;
  socket.send(new Uint8Array([0, 0, 1, 0]));
  await waitFor(() => socket.messages.some((m) => m[0] === 0 && m[1] === 1), { what: 'sync step 2' });
}
