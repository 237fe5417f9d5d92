/**
 * A board stored by an older version is migrated by the real server when its
 * rooms load — before anyone syncs — and works on: schema v1 kept one rating
 * entry per criterion; v2 keeps one per option and rater; v3 publishes one per
 * option in the state room (lib/board/rating-entries.ts, lib/board/migrations.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as Y from 'yjs';
import { readVisibleRatings } from '@/lib/board/board-data';
import { initializeJointDoc, initializeStateDoc } from '@/lib/board/create';
import { ROOT, SCHEMA_VERSION, flatMap, metaMap, readSchemaVersion } from '@/lib/board/schema';
import { setRating } from '@/lib/board/scoring';
import { writeStateFields } from '@/lib/board/state';
import { storeNewBoard } from '../boards/create';
import { ok, plain, publishedByCriterion } from './facilitation-helpers';
import { Harness, addOption, storedDoc, waitFor } from './harness';

/** The v1 lane the unit tests use: Ann rated opt1 on all three criteria, Bob opt1 (fairness) and opt2 (impact). */
const V1_LANE = readFileSync(new URL('../../lib/board/__fixtures__/v1-lane.bin', import.meta.url));

test('a lane stored at schema v1 is migrated on load: stored as v2 before anyone syncs, counted, published at reveal', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const p1 = board.links.parties[0]!.token;
  const laneRoom = `${board.id}/party/p1`;
  const joint = await h.provider(board.id, p1);
  addOption(joint.doc, 'opt1', 'One');
  addOption(joint.doc, 'opt2', 'Two');
  // The lane as an older server stored it; nothing has loaded it yet.
  await h.server.store.append(laneRoom, [V1_LANE]);

  const lane = await h.provider(laneRoom, p1);
  assert.equal(readSchemaVersion(lane.doc), SCHEMA_VERSION);
  assert.deepEqual(flatMap(lane.doc, ROOT.ratings).toJSON(), { 'opt1/ann': 425, 'opt1/bob': 1, 'opt2/bob': 300 });
  assert.equal(lane.doc.getMap('scores').size, 0);
  const stored = await storedDoc(h.server, laneRoom);
  assert.equal(readSchemaVersion(stored), SCHEMA_VERSION, 'the migration itself is stored');
  assert.equal(stored.getMap('scores').size, 0);

  // The publisher reads the migrated lane: five ratings cast; at reveal, every one of them.
  const state = await h.provider(`${board.id}/state`, board.links.viewer.token);
  await waitFor(() => plain(state.doc, ROOT.scoreProgress).p1 === 5, { what: 'progress 5 from the migrated lane' });
  await ok(h, board.id, 'reveal', board.links.facilitator.token, { scores: true });
  await waitFor(() => Object.keys(publishedByCriterion(state.doc)).length === 5, { what: 'the reveal' });
  assert.deepEqual(publishedByCriterion(state.doc), {
    'opt1/p1/ann/impact': 4,
    'opt1/p1/ann/feasibility': 2,
    'opt1/p1/ann/fairness': 5,
    'opt1/p1/bob/fairness': 1,
    'opt2/p1/bob/impact': 3,
  });

  // After a restart the room is current: nothing runs twice, nothing is lost.
  h.destroyProvider(lane);
  h.destroyProvider(state);
  h.destroyProvider(joint);
  await h.restart();
  const again = await h.provider(laneRoom, p1);
  assert.equal(flatMap(again.doc, ROOT.ratings).get('opt1/ann'), 425);
});

/** A document as a v2 server wrote it: its rooms stamped 2 (the ratings' shape in lanes is the same in v3). */
function atVersion2(doc: Y.Doc, write: (doc: Y.Doc) => void): Y.Doc {
  doc.transact(() => {
    write(doc);
    metaMap(doc).set('schemaVersion', 2);
  });
  return doc;
}

test('a state room stored at schema v2 is migrated on load: one entry per option, the same ratings; the publisher keeps the slots', async (t) => {
  const h = await Harness.start(t);
  // A board a v2 server stored with scores revealed: Ann (party 1) and Bo (party 2) rated, published one entry per option and rater.
  const joint = new Y.Doc();
  const parties = initializeJointDoc(joint, { title: 'From v2', question: 'How might we share the river?', parties: ['Farmers', 'City'], createdAt: 1 });
  addOption(joint, 'opt1', 'One');
  addOption(joint, 'opt2', 'Two');
  const state = atVersion2(new Y.Doc(), (doc) => {
    initializeStateDoc(doc, 1);
    writeStateFields(doc, { scoresRevealed: true }, 'test');
    const published = doc.getMap('publishedRatings');
    published.set('opt1/p1/ann', 425);
    published.set('opt1/p2/bo', 100);
    published.set('opt2/p2/bo', 2);
    doc.getMap('raters').set('ann', { partyId: 'p1', name: 'Ann' });
    doc.getMap('raters').set('bo', { partyId: 'p2', name: 'Bo' });
  });
  const lane1 = atVersion2(new Y.Doc(), (doc) => {
    doc.getMap('ratings').set('opt1/ann', 425);
    doc.getMap('members').set('ann', 'Ann');
  });
  const lane2 = atVersion2(new Y.Doc(), (doc) => {
    doc.getMap('ratings').set('opt1/bo', 100);
    doc.getMap('ratings').set('opt2/bo', 2);
    doc.getMap('members').set('bo', 'Bo');
  });
  const board = await storeNewBoard({ config: h.server.config, store: h.server.store }, h.httpUrl, {
    title: 'From v2',
    createdAt: 1,
    parties,
    joint,
    state,
    lanes: [
      { partyId: parties[0]!.id, doc: lane1 },
      { partyId: parties[1]!.id, doc: lane2 },
    ],
  });
  const room = `${board.id}/state`;

  const viewer = await h.provider(room, board.links.viewer.token);
  assert.equal(readSchemaVersion(viewer.doc), SCHEMA_VERSION);
  assert.deepEqual(plain(viewer.doc, ROOT.raterSlots), { 0: 'p1/ann', 1: 'p2/bo' });
  assert.deepEqual(plain(viewer.doc, ROOT.publishedRatings), { opt1: '425100', opt2: '000002' });
  const asText = (doc: Y.Doc) => readVisibleRatings(doc).map((r) => `${r.optionId}/${r.partyId}/${r.participantId}/${r.criterion}=${r.value}`);
  const expected = ['opt1/p1/ann/impact=4', 'opt1/p1/ann/feasibility=2', 'opt1/p1/ann/fairness=5', 'opt1/p2/bo/impact=1', 'opt2/p2/bo/fairness=2'];
  assert.deepEqual(asText(viewer.doc), expected);
  const stored = await storedDoc(h.server, room);
  assert.equal(readSchemaVersion(stored), SCHEMA_VERSION, 'the migration itself is stored');
  assert.deepEqual(asText(stored), expected);

  // A publication (a settings action runs one, in this process) derives the same from the lanes: nothing renumbered.
  await ok(h, board.id, 'settings', board.links.facilitator.token, {});
  assert.deepEqual(plain(viewer.doc, ROOT.raterSlots), { 0: 'p1/ann', 1: 'p2/bo' });
  assert.deepEqual(plain(viewer.doc, ROOT.publishedRatings), { opt1: '425100', opt2: '000002' });

  // Bo rates on: only opt2's entry changes, in his slot.
  const bo = await h.provider(`${board.id}/party/p2`, board.links.parties[1]!.token);
  setRating(bo.doc, { optionId: 'opt2', participantId: 'bo', criterion: 'impact', value: 3 });
  await waitFor(() => plain(viewer.doc, ROOT.publishedRatings).opt2 === '000302', { what: 'Bo’s new rating to be published' });
  assert.deepEqual(plain(viewer.doc, ROOT.publishedRatings), { opt1: '425100', opt2: '000302' });
  assert.deepEqual(plain(viewer.doc, ROOT.raterSlots), { 0: 'p1/ann', 1: 'p2/bo' });
});
