/**
 * The browser's client layer (lib/sync BoardSession, lib/board actions and
 * store) against the real server: what the UI does, minus the DOM.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import WebSocket from 'ws';
import type { BoardId } from '@/lib/board/ids';
import { BoardSession } from '@/lib/sync/session';
import { Harness, waitFor, type CreatedBoard } from './harness';

function open(h: Harness, board: CreatedBoard, token: string, name: string, participantId: string): BoardSession {
  return BoardSession.open({
    boardId: board.id as BoardId,
    token,
    displayName: name,
    serverUrl: h.wsUrl,
    offlineCache: false,
    WebSocketPolyfill: WebSocket,
    participantId,
  });
}

function sessions(t: TestContext, list: BoardSession[]): BoardSession[] {
  t.after(() => list.forEach((s) => s.destroy()));
  return list;
}

const synced = (s: BoardSession) => s.getSyncState().status === 'synced';
const titles = (s: BoardSession) => s.store.getOptionIds().map((id) => s.store.getOption(id)!.title);

/** Alice (party 1) and Bob (party 2) on a new board of a new server, both synced. */
async function aliceAndBob(t: TestContext): Promise<{ h: Harness; alice: BoardSession; bob: BoardSession }> {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const [alice, bob] = sessions(t, [
    open(h, board, board.links.parties[0]!.token, 'Alice', 'alice'),
    open(h, board, board.links.parties[1]!.token, 'Bob', 'bob'),
  ]);
  await waitFor(() => synced(alice!) && synced(bob!), { what: 'both synced' });
  return { h, alice: alice!, bob: bob! };
}

test('sessions of two parties and a viewer see each other live; the viewer cannot change anything', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const [alice, bob, viewer] = sessions(t, [
    open(h, board, board.links.parties[0]!.token, 'Alice', 'alice'),
    open(h, board, board.links.parties[1]!.token, 'Bob', 'bob'),
    open(h, board, board.links.viewer.token, 'Vic', 'vic'),
  ]);
  await waitFor(() => [alice!, bob!, viewer!].every(synced), { what: 'all three synced' });
  assert.equal(alice!.store.getMeta()?.title, 'Water rights');

  const id = alice!.actions.addOption({ title: 'Shared reservoir' })!;
  await waitFor(() => titles(bob!).includes('Shared reservoir') && titles(viewer!).includes('Shared reservoir'), {
    what: 'bob and the viewer to see the option',
  });
  bob!.actions.updateOption(id, { description: 'built jointly' });
  await waitFor(() => alice!.store.getOption(id)?.description === 'built jointly', { what: 'alice to see the edit' });

  assert.equal(viewer!.canEdit, false);
  assert.equal(viewer!.actions.addOption({ title: 'Viewer idea' }), null);
  viewer!.actions.deleteOption(id);
  assert.ok(viewer!.store.getOption(id), 'nothing changed locally for the viewer');

  // Presence: everyone sees three people, with the parties from their links.
  await waitFor(() => bob!.getPresence().length === 3, { what: 'bob to see three people' });
  assert.deepEqual(
    bob!.getPresence().map((p) => [p.name, p.partyId, p.role]).sort(),
    [
      ['Alice', 'p1', 'party'],
      ['Bob', 'p2', 'party'],
      ['Vic', null, 'viewer'],
    ],
  );
});

test('a private interest stays in its lane; sharing it reaches the other party; proposals stay side-blind', async (t) => {
  const { alice, bob } = await aliceAndBob(t);
  const secret = alice.actions.addInterest({ text: 'PRIVATE-MARKER cash is tight in Q1', private: true })!;
  const option = alice.actions.addOption({ title: 'Pay in two instalments' })!;
  await waitFor(() => bob.store.getOption(option) !== undefined, { what: 'bob to see the option' });
  assert.equal(bob.store.getInterests().length, 0, 'bob has no interest at all');
  assert.deepEqual({ ...alice.store.getAuthorship() }, { [option]: 'p1' }, 'alice knows she proposed it'); // a null-prototype dict (lib/board/dict.ts)
  assert.deepEqual({ ...bob.store.getAuthorship() }, {}, 'bob does not know who proposed it');

  alice.actions.shareInterest(secret);
  await waitFor(() => bob.store.getInterests().some((i) => i.id === secret), { what: 'bob to see the shared interest' });
  assert.equal(bob.store.getInterests()[0]!.private, false);
});

test('offline edits are counted, kept, and merged when the server is back', async (t) => {
  const { h, alice, bob } = await aliceAndBob(t);
  await h.server.close();
  await waitFor(() => alice.getSyncState().status === 'offline', { what: 'alice to go offline' });
  alice.actions.addOption({ title: 'Made offline' });
  alice.actions.addOption({ title: 'Also offline' });
  assert.equal(alice.getSyncState().unsyncedChanges >= 2, true);
  await h.restart({ samePort: true });
  await waitFor(() => titles(bob).includes('Made offline') && titles(bob).includes('Also offline'), {
    what: 'bob to receive the offline edits',
    timeoutMs: 15_000,
  });
  await waitFor(() => synced(alice), { what: 'alice synced again' });
  assert.equal(alice.getSyncState().unsyncedChanges, 0);
});

test('undo in a session removes only my own option', async (t) => {
  const { alice, bob } = await aliceAndBob(t);
  alice.actions.addOption({ title: 'Mine' });
  bob.actions.addOption({ title: 'Theirs' });
  await waitFor(() => titles(alice).length === 2 && titles(bob).length === 2, { what: 'both options everywhere' });
  alice.undo();
  await waitFor(() => titles(bob).length === 1, { what: 'the undo to reach bob' });
  assert.deepEqual(titles(bob), ['Theirs']);
  assert.deepEqual(titles(alice), ['Theirs']);
});
