import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readPeers, samePeers } from './presence';

test('peers are validated, the local client first, malformed states skipped', () => {
  const states = new Map<number, Record<string, unknown>>([
    [3, { user: { name: 'Bea', partyId: 'p2', role: 'party' } }],
    [1, { user: { name: 'Ann', partyId: 'p1', role: 'party' } }],
    [9, { user: { name: 'Fay', partyId: null, role: 'facilitator' } }],
    [4, { user: { name: '', partyId: 'p1', role: 'party' } }],
    [5, { user: { name: 'Eve', partyId: '../p1', role: 'party' } }],
    [6, { user: { name: 'Mal', partyId: 'p1', role: 'admin' } }],
    [7, { cursor: 1 }],
  ]);
  const peers = readPeers(states, 3);
  assert.deepEqual(
    peers.map((p) => [p.clientId, p.name, p.isSelf]),
    [
      [3, 'Bea', true],
      [1, 'Ann', false],
      [9, 'Fay', false],
    ],
  );
  assert.equal(samePeers(peers, readPeers(states, 3)), true);
  assert.equal(samePeers(peers, readPeers(new Map([...states].slice(0, 2)), 3)), false);
});

test('activity (view, editing, dragging) is read beside the user; malformed activity reads as none', () => {
  const states = new Map<number, Record<string, unknown>>([
    [1, { user: { name: 'Ann', partyId: 'p1', role: 'party' }, activity: { view: 'cluster', editing: null, dragging: 'k3v9q0a1b2c3' } }],
    [2, { user: { name: 'Bea', partyId: 'p2', role: 'party' }, activity: { view: 'nowhere', editing: '../x', dragging: 5 } }],
    [3, { user: { name: 'Cy', partyId: 'p2', role: 'party' }, activity: 'junk' }],
  ]);
  const peers = readPeers(states, 1);
  assert.deepEqual(
    peers.map((p) => [p.name, p.view, p.editing, p.dragging]),
    [
      ['Ann', 'cluster', null, 'k3v9q0a1b2c3'],
      ['Bea', null, null, null],
      ['Cy', null, null, null],
    ],
  );
  const moved = new Map(states);
  moved.set(1, { ...states.get(1)!, activity: { view: 'cluster', editing: null, dragging: null } });
  assert.equal(samePeers(peers, readPeers(moved, 1)), false);
});
