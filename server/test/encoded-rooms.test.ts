/**
 * Encoded rooms: a room keeps its document encoded (no Y.Doc) from its load
 * on. Its clients stay connected and write to it; newcomers sync from the
 * encoded state; server-side readers and writers (export, facilitation,
 * the publisher) work on transient docs — none of it wakes the room. Only
 * an update that is not safe without the doc (a missing dependency) wakes
 * it; it hibernates again after ROOM_HIBERNATE_MS. Nothing is lost on the
 * way — not across a restart either.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { newRecordId } from '@/lib/board/ids';
import { parseRoomName } from '@/lib/board/rooms';
import { ROOT, flatMap, optionsMap, stateMap } from '@/lib/board/schema';
import { setRating } from '@/lib/board/scoring';
import { ok } from './facilitation-helpers';
import { updateMessage } from '../sync/protocol';
import { TAIL_LIMIT } from '../sync/encoded-doc';
import { ENCODED_WRITES_MAX_BYTES } from '../sync/room/document';
import { Harness, addOption, optionTitles, storedDoc, waitFor } from './harness';

const HIBERNATE = { ROOM_HIBERNATE_MS: '100' };

/** Wait until `count` rooms hold their document encoded only (the gauge and the registry agree). */
async function hibernated(h: Harness, count: number): Promise<void> {
  await waitFor(async () => h.server.stats().hibernated === count && (await h.metric('cg_rooms_hibernated')) === count, {
    what: `${count} hibernated room(s)`,
  });
}

test('a loaded room is encoded; newcomers sync its content from the encoded state without waking it; awareness still works', async (t) => {
  const h = await Harness.start(t, HIBERNATE);
  const board = await h.createBoard();
  const writer = await h.provider(board.id, board.links.parties[0]!.token);
  for (let i = 0; i < 3; i++) addOption(writer.doc, `o${i}`, `Option ${i}`);
  // A copy of the board as it is now: a returning client with a cache (non-empty state vector).
  const cached = new Y.Doc();
  const reader = await h.provider(board.id, board.links.viewer.token);
  await waitFor(() => Object.keys(optionTitles(reader.doc)).length === 3, { what: 'reader to see 3 options' });
  Y.applyUpdate(cached, Y.encodeStateAsUpdate(reader.doc));
  addOption(writer.doc, 'o3', 'Option 3');
  addOption(writer.doc, 'o4', 'Option 4');
  await waitFor(() => Object.keys(optionTitles(reader.doc)).length === 5, { what: 'reader to see 5 options' });
  const expected = optionTitles(reader.doc);

  await hibernated(h, 1);
  // (On a busy machine the room may already have napped and woken while the options went in: count from here.)
  const wakes = await h.metric('cg_room_wakes_total');
  assert.equal(h.server.stats().rooms, 1, 'still loaded');
  assert.equal(h.server.stats().connections, 2, 'its clients stay connected');

  const fresh = await h.provider(board.id, board.links.viewer.token);
  assert.deepEqual(optionTitles(fresh.doc), expected, 'an empty state vector gets the whole board');
  const returning = await h.provider(board.id, board.links.parties[1]!.token, cached);
  assert.deepEqual(optionTitles(returning.doc), expected, 'a cached copy gets what it lacks');
  assert.equal(await h.metric('cg_room_wakes_total'), wakes, 'syncing did not wake the room');
  assert.equal(h.server.stats().hibernated, 1);

  writer.provider.awareness.setLocalStateField('cursor', { optionId: 'o2' });
  await waitFor(() => reader.provider.awareness.getStates().get(writer.doc.clientID)?.cursor?.optionId === 'o2', {
    what: 'awareness to reach the reader',
  });
  assert.equal(await h.metric('cg_room_wakes_total'), wakes, 'awareness did not wake the room');
});

test('clients write to an encoded room without waking it: every edit reaches everyone, is stored, and newcomers get it', async (t) => {
  const h = await Harness.start(t, HIBERNATE);
  const board = await h.createBoard();
  const writer = await h.provider(board.id, board.links.parties[0]!.token);
  const reader = await h.provider(board.id, board.links.viewer.token);
  await hibernated(h, 1);
  const wakes = await h.metric('cg_room_wakes_total');

  for (let i = 0; i < 20; i++) addOption(writer.doc, `o${i}`, `Option ${i}`);
  optionsMap(writer.doc).get('o3')!.set('title', 'renamed');
  optionsMap(writer.doc).delete('o5');
  await waitFor(() => optionTitles(reader.doc).o19 !== undefined && optionTitles(reader.doc).o5 === undefined, { what: 'the edits to reach the reader' });
  assert.equal(optionTitles(reader.doc).o3, 'renamed');
  assert.deepEqual(optionTitles(await storedDoc(h.server, board.id)), optionTitles(reader.doc), 'stored before it was broadcast');
  const late = await h.provider(board.id, board.links.viewer.token);
  assert.deepEqual(optionTitles(late.doc), optionTitles(writer.doc), 'a newcomer gets every edit');
  assert.equal(await h.metric('cg_room_wakes_total'), wakes, 'no edit woke the room');
  assert.equal(h.server.stats().hibernated, 1);
});

test('an encoded room merges its tail once it passes TAIL_LIMIT (after broadcasting, on the merge thread), still encoded, nothing lost', async (t) => {
  const h = await Harness.start(t, HIBERNATE);
  const board = await h.createBoard();
  const writer = await h.provider(board.id, board.links.parties[0]!.token);
  const reader = await h.provider(board.id, board.links.viewer.token);
  await hibernated(h, 1);
  const ref = parseRoomName(board.id)!;
  const extra = 10;
  // One update per edit, as a participant typing makes them.
  for (let i = 0; i < TAIL_LIMIT.updates + extra; i++) addOption(writer.doc, `o${i}`, `Option ${i}`);
  const last = `o${TAIL_LIMIT.updates + extra - 1}`;
  await waitFor(() => optionTitles(reader.doc)[last] !== undefined, { what: 'every edit to reach the reader' });
  await waitFor(async () => (await h.server.registry.withRoom(ref, async (room) => room.encodedTail)) <= extra, { what: 'the tail to be merged' });
  assert.equal(h.server.stats().hibernated, 1, 'merging does not wake the room');
  assert.ok((await h.metric('cg_tail_merges_total{thread="merge"}')) >= 1, 'merged on the merge thread');
  assert.equal(await h.metric('cg_tail_merges_total{thread="main"}'), 0, 'not on the event loop');
  const late = await h.provider(board.id, board.links.viewer.token);
  assert.deepEqual(optionTitles(late.doc), optionTitles(writer.doc), 'a newcomer gets every edit');
  assert.deepEqual(optionTitles(await storedDoc(h.server, board.id)), optionTitles(writer.doc));
});

test('an update whose dependency has not arrived wakes the room, is held back until it does, and the room is encoded again after', async (t) => {
  const h = await Harness.start(t, HIBERNATE);
  const board = await h.createBoard();
  const reader = await h.provider(board.id, board.links.viewer.token);
  await hibernated(h, 1);
  const wakes = await h.metric('cg_room_wakes_total');
  const naps = await h.metric('cg_room_hibernations_total');

  // Two edits of one client, sent in the wrong order: the second builds on the first.
  const offline = new Y.Doc();
  Y.applyUpdate(offline, Y.encodeStateAsUpdate(reader.doc));
  const updates: Uint8Array[] = [];
  offline.on('update', (update: Uint8Array) => updates.push(update));
  addOption(offline, 'first', 'first');
  addOption(offline, 'second', 'second');
  const socket = h.raw(board.id, board.links.parties[0]!.token);
  await socket.opened;
  socket.send(updateMessage(updates[1]!));
  await waitFor(async () => (await h.metric('cg_room_wakes_total')) === wakes + 1, { what: 'the room to wake for it' });
  assert.equal(optionTitles(reader.doc).second, undefined, 'held back: not shown before its dependency');
  socket.send(updateMessage(updates[0]!));
  await waitFor(() => optionTitles(reader.doc).second === 'second' && optionTitles(reader.doc).first === 'first', { what: 'both once the first arrived' });
  assert.deepEqual(optionTitles(await storedDoc(h.server, board.id)), optionTitles(reader.doc), 'both stored');

  await hibernated(h, 1);
  assert.equal(await h.metric('cg_room_hibernations_total'), naps + 1);
  const late = await h.provider(board.id, board.links.viewer.token);
  assert.deepEqual(optionTitles(late.doc), { first: 'first', second: 'second' });
});

test('a restart after hibernation loses nothing', async (t) => {
  const h = await Harness.start(t, HIBERNATE);
  const board = await h.createBoard();
  const writer = await h.provider(board.id, board.links.parties[0]!.token);
  for (let i = 0; i < 4; i++) addOption(writer.doc, `o${i}`, `Option ${i}`);
  await hibernated(h, 1);
  optionsMap(writer.doc).delete('o1');
  addOption(writer.doc, 'o9', 'written encoded');
  await waitFor(async () => optionTitles(await storedDoc(h.server, board.id)).o9 !== undefined, { what: 'the edit to be stored' });
  await hibernated(h, 1);
  const expected = optionTitles(writer.doc);
  assert.equal(expected.o1, undefined);

  h.destroyProvider(writer);
  await h.restart();
  const again = await h.provider(board.id, board.links.viewer.token);
  assert.deepEqual(optionTitles(again.doc), expected);
});

test('export, facilitation and the publisher work on encoded rooms without waking any of them', async (t) => {
  const h = await Harness.start(t, HIBERNATE);
  const board = await h.createBoard();
  const facilitator = board.links.facilitator.token;
  const party = board.links.parties[0]!;
  const joint = await h.provider(board.id, party.token);
  const lane = await h.provider(`${board.id}/party/${party.partyId}`, party.token);
  const state = await h.provider(`${board.id}/state`, board.links.viewer.token);
  addOption(joint.doc, 'opt1', 'Share the river by season');
  await waitFor(async () => optionTitles(await storedDoc(h.server, board.id)).opt1 !== undefined, { what: 'the option to be stored' });
  await hibernated(h, 3);
  const wakes = await h.metric('cg_room_wakes_total');

  const res = await h.fetch(`/api/boards/${board.id}/export?format=md&scope=board`, { headers: { authorization: `Bearer ${facilitator}` } });
  assert.equal(res.status, 200);
  assert.match(await res.text(), /Share the river by season/, 'the export read the hibernated joint room');

  await hibernated(h, 3);
  await ok(h, board.id, 'phase', facilitator, { phase: 'score' });
  await waitFor(() => stateMap(state.doc).get('phase') === 'score', { what: 'the phase change to reach a client' });

  // A rating in the encoded lane: the publisher hears it and publishes the party's progress.
  const rater = newRecordId();
  for (const criterion of ['impact', 'feasibility', 'fairness'] as const) {
    setRating(lane.doc, { optionId: 'opt1', participantId: rater, criterion, value: 4 });
  }
  await waitFor(() => flatMap(state.doc, ROOT.scoreProgress).get(party.partyId) === 3, {
    what: "the party's score progress to be published",
  });
  assert.equal(await h.metric('cg_room_wakes_total'), wakes, 'nothing woke a room');
  const { rooms, hibernated: encoded } = h.server.stats();
  assert.equal(encoded, rooms, "every loaded room is encoded (the other party's lane, loaded by the publisher, too)");
});

test('a room encoded larger than ENCODED_WRITES_MAX_BYTES takes writes awake (merging it for every newcomer would cost too much); nothing is lost', async (t) => {
  const h = await Harness.start(t, HIBERNATE);
  const board = await h.createBoard();
  // A big board, stored before anyone opens it: past the limit once encoded.
  const big = new Y.Doc();
  big.transact(() => {
    for (let i = 0; i < 4000; i++) addOption(big, `big${i}`, `A long option title that makes the board big, number ${i}`);
  });
  const bigUpdate = Y.encodeStateAsUpdate(big);
  assert.ok(bigUpdate.byteLength > ENCODED_WRITES_MAX_BYTES, `${bigUpdate.byteLength} bytes`);
  await h.server.store.append(board.id, [bigUpdate]);

  const writer = await h.provider(board.id, board.links.parties[0]!.token);
  await hibernated(h, 1); // a big room loads awake; idle, it is encoded like any other
  const wakes = await h.metric('cg_room_wakes_total');
  addOption(writer.doc, 'small', 'a small edit');
  await waitFor(async () => (await h.metric('cg_room_wakes_total')) === wakes + 1, { what: 'the edit to wake the big room' });
  const late = await h.provider(board.id, board.links.viewer.token);
  assert.equal(optionTitles(late.doc).small, 'a small edit');
  assert.equal(Object.keys(optionTitles(late.doc)).length, 4001);
  await hibernated(h, 1); // encoded again once idle
});

test('ROOM_HIBERNATE_MS=0: rooms keep their Y.Doc from load to unload', async (t) => {
  const h = await Harness.start(t, { ROOM_HIBERNATE_MS: '0' });
  const board = await h.createBoard();
  const writer = await h.provider(board.id, board.links.parties[0]!.token);
  const reader = await h.provider(board.id, board.links.viewer.token);
  addOption(writer.doc, 'kept', 'a live doc');
  await waitFor(() => optionTitles(reader.doc).kept === 'a live doc', { what: 'the edit to reach the reader' });
  assert.equal(h.server.stats().hibernated, 0);
  assert.equal(await h.metric('cg_room_hibernations_total'), 0);
});
