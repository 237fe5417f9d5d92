/** sign/verify: every refusal reason, and per-board keys that rotate with the epoch. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base64UrlDecode, base64UrlEncode, type TokenClaims } from '@/lib/board/access';
import type { BoardId } from '@/lib/board/ids';
import { boardKey, boardKeys, sign, verify } from './tokens';

const secret = Buffer.from('x'.repeat(32));
const board = 'AAAAAAAAAAAAAAAAAAAAAA' as BoardId;
const otherBoard = 'BBBBBBBBBBBBBBBBBBBBBB' as BoardId;
const keysAt = (epoch: number) => (id: BoardId) => (id === board ? boardKeys(secret, id, epoch) : null);
const claims: TokenClaims = { v: 1, b: board, r: 'facilitator', e: 0 };
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

test('a signed token verifies and returns its claims', () => {
  const token = sign(claims, boardKey(secret, board, 0));
  assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(verify(token, keysAt(0)), { ok: true, claims });
});

test('every refusal has its reason', () => {
  const token = sign(claims, boardKey(secret, board, 0));
  const [payload, sig] = token.split('.') as [string, string];
  const reason = (t: string | null, keys = keysAt(0), now?: number) => {
    const result = verify(t, keys, now);
    return result.ok ? 'ok' : result.reason;
  };
  assert.equal(reason(null), 'malformed');
  assert.equal(reason(''), 'malformed');
  assert.equal(reason('a.b.c'), 'malformed');
  assert.equal(reason(`${payload}.short`), 'malformed');
  assert.equal(reason(`${payload}.${sig}`.repeat(20)), 'malformed', 'overlong');
  assert.equal(reason(`${base64UrlEncode('not json')}.${sig}`), 'malformed');
  assert.equal(reason(`${base64UrlEncode(JSON.stringify({ ...claims, r: 'party' }))}.${sig}`), 'malformed', 'party without p');
  assert.equal(reason(`${base64UrlEncode(JSON.stringify({ ...claims, extra: 1 }))}.${sig}`), 'malformed');
  // The same MAC bytes written with the last character's two unused bits set: refused, not a second spelling.
  const lastValue = BASE64URL.indexOf(sig.at(-1)!);
  for (let bits = 1; bits < 4; bits++) {
    assert.equal(reason(`${payload}.${sig.slice(0, -1)}${BASE64URL[lastValue + bits]}`), 'malformed', `unused bits ${bits}`);
  }
  const forged = base64UrlEncode(base64UrlDecode(payload).replace('facilitator', 'viewer'));
  assert.equal(reason(`${forged}.${sig}`), 'bad-signature');
  assert.equal(reason(sign(claims, boardKey(Buffer.from('y'.repeat(32)), board, 0))), 'bad-signature', 'other secret');
  assert.equal(reason(sign({ ...claims, b: otherBoard }, boardKey(secret, otherBoard, 0))), 'unknown-board');
  // Rotation: bumping the board's epoch retires every older token.
  assert.equal(reason(token, keysAt(1)), 'stale-epoch');
  assert.equal(reason(sign({ ...claims, e: 1 }, boardKey(secret, board, 1)), keysAt(1)), 'ok');
  assert.equal(reason(sign({ ...claims, e: 2 }, boardKey(secret, board, 2)), keysAt(1)), 'bad-signature', 'future epoch');
  // Expiry is in seconds.
  const expiring = sign({ ...claims, x: 1000 }, boardKey(secret, board, 0));
  assert.equal(reason(expiring, keysAt(0), 999_999), 'ok');
  assert.equal(reason(expiring, keysAt(0), 1_000_000), 'expired');
});

test('keys differ per board and per epoch', () => {
  assert.notDeepEqual(boardKey(secret, board, 0), boardKey(secret, board, 1));
  assert.notDeepEqual(boardKey(secret, board, 0), boardKey(secret, otherBoard, 0));
});
