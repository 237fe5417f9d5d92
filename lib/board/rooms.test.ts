import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readClaimsUnverified, roomAccess, base64UrlEncode, type TokenClaims } from './access';
import { newBoardId, type BoardId, type PartyId } from './ids';
import { parseRoomName, roomName } from './rooms';

const board = newBoardId();
const other = newBoardId();

test('room names round-trip for the three kinds of room', () => {
  for (const ref of [
    { kind: 'joint', boardId: board },
    { kind: 'lane', boardId: board, partyId: 'p2' as PartyId },
    { kind: 'state', boardId: board },
  ] as const) {
    assert.deepEqual(parseRoomName(roomName(ref)), ref);
  }
});

test('room-name tricks are rejected', () => {
  for (const name of [
    '',
    '../etc/passwd',
    `${board}/../x`,
    `${board}/party/p1/extra`,
    `${board}/party/../p1`,
    `${board}/party/q1`,
    `${board}/State`,
    `${board.slice(0, 21)}е`, // Cyrillic look-alike
    `${board}x`,
    `${board}/party/p1`.padEnd(200, '/'),
  ]) {
    assert.equal(parseRoomName(name), null, name);
  }
});

const claims = (r: TokenClaims['r'], p?: string, b: BoardId = board): TokenClaims =>
  ({ v: 1, b, r, ...(p ? { p: p as PartyId } : {}), e: 0 }) as TokenClaims;

test('access: parties write the joint board and only their own lane; viewers read; nobody writes state', () => {
  const joint = { kind: 'joint', boardId: board } as const;
  const lane1 = { kind: 'lane', boardId: board, partyId: 'p1' as PartyId } as const;
  const state = { kind: 'state', boardId: board } as const;
  assert.equal(roomAccess(claims('party', 'p1'), joint), 'write');
  assert.equal(roomAccess(claims('party', 'p1'), lane1), 'write');
  assert.equal(roomAccess(claims('party', 'p2'), lane1), 'none');
  assert.equal(roomAccess(claims('facilitator'), lane1), 'none');
  assert.equal(roomAccess(claims('viewer'), lane1), 'none');
  assert.equal(roomAccess(claims('viewer'), joint), 'read');
  assert.equal(roomAccess(claims('facilitator'), joint), 'write');
  for (const role of ['party', 'facilitator', 'viewer'] as const) {
    assert.equal(roomAccess(claims(role, role === 'party' ? 'p1' : undefined), state), 'read');
  }
  assert.equal(roomAccess(claims('party', 'p1', other), joint), 'none', 'a token for another board opens nothing');
});

test('client-side claim reading accepts well-formed claims and rejects everything else', () => {
  const good = { v: 1, b: board, r: 'party', p: 'p1', e: 0 };
  assert.deepEqual(readClaimsUnverified(`${base64UrlEncode(JSON.stringify(good))}.sig`), good);
  assert.equal(readClaimsUnverified(`${base64UrlEncode(JSON.stringify({ ...good, p: undefined }))}.sig`), null);
  assert.equal(readClaimsUnverified(`${base64UrlEncode(JSON.stringify({ ...good, r: 'viewer' }))}.sig`), null);
  assert.equal(readClaimsUnverified('%%%.sig'), null);
  assert.equal(readClaimsUnverified(''), null);
});
