import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as Y from 'yjs';
import { MIGRATIONS, migrateDoc, type Migration } from './migrations';
import { readLaneRatings, readMembers, readVisibleRatings } from './board-data';
import { dict } from './dict';
import { readMeta, readParties } from './read';
import { ROOT, SCHEMA_VERSION, flatMap, metaMap, readSchemaVersion } from './schema';
import { setRating } from './scoring';

/** v1 documents stored as bytes, as the server stores them. Never regenerate them: they are history. */
const V1_FIXTURE = new URL('./__fixtures__/v1-joint-board.bin', import.meta.url);
/** a v1 lane (members Ann and Bob, ratings incl. a cleared one, and entries no reader accepts) */
const V1_LANE = new URL('./__fixtures__/v1-lane.bin', import.meta.url);
/** a v1 state room with published ratings of parties p1 and p2 (and one of a criterion that does not exist) */
const V1_STATE = new URL('./__fixtures__/v1-state.bin', import.meta.url);

const load = (file: URL): Y.Doc => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, readFileSync(file));
  return doc;
};

test('a stored v1 board loads and is brought to the current version', () => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, readFileSync(V1_FIXTURE));
  const result = migrateDoc(doc, 'joint');
  assert.equal(result.status, 'migrated');
  assert.equal(readSchemaVersion(doc), SCHEMA_VERSION);
  assert.equal(readMeta(doc)?.question, 'How might we keep prices stable and the plant busy?');
  assert.deepEqual(
    readParties(doc).map((p) => p.name),
    ['Buyer', 'Supplier'],
  );
});

test('an empty document is stamped with the current version', () => {
  const doc = new Y.Doc();
  assert.deepEqual(migrateDoc(doc, 'lane'), { status: 'initialized', from: null, to: SCHEMA_VERSION });
  assert.equal(readSchemaVersion(doc), SCHEMA_VERSION);
});

test('steps run in order, once, only for their kinds, in one transaction', () => {
  const ran: string[] = [];
  const steps: Migration[] = [
    { version: 2, name: 'two', kinds: ['joint'], up: () => ran.push('two') },
    { version: 3, name: 'three', kinds: ['lane'], up: () => ran.push('three') },
    { version: 4, name: 'four', kinds: ['joint', 'lane'], up: (doc) => void metaMap(doc).set('four', true) },
  ];
  const doc = new Y.Doc();
  metaMap(doc).set('schemaVersion', 1);
  let transactions = 0;
  doc.on('afterTransaction', () => transactions++);
  const result = migrateDoc(doc, 'joint', steps, 4);
  assert.deepEqual(result, { status: 'migrated', from: 1, to: 4 });
  assert.deepEqual(ran, ['two']);
  assert.equal(metaMap(doc).get('four'), true);
  assert.equal(transactions, 1);
  assert.equal(migrateDoc(doc, 'joint', steps, 4).status, 'current', 'running again changes nothing');
});

test('a document newer than the code is left untouched', () => {
  const doc = new Y.Doc();
  metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 5);
  const before = Y.encodeStateAsUpdate(doc);
  assert.equal(migrateDoc(doc, 'joint').status, 'newer');
  assert.deepEqual(Y.encodeStateAsUpdate(doc), before);
});

test('v2: a v1 lane’s ratings become one entry per option and rater, with the same ratings', () => {
  const doc = load(V1_LANE);
  assert.deepEqual(migrateDoc(doc, 'lane'), { status: 'migrated', from: 1, to: SCHEMA_VERSION });
  // impact·100 + feasibility·10 + fairness; a 0 digit: not rated
  assert.deepEqual(flatMap(doc, ROOT.ratings).toJSON(), { 'opt1/ann': 425, 'opt1/bob': 1, 'opt2/bob': 300 });
  assert.equal(doc.getMap('scores').size, 0, 'the v1 entries are gone (their memory is the point)');
  assert.deepEqual(
    readLaneRatings(doc, 'p1').map((r) => `${r.optionId}/${r.participantId}/${r.criterion}=${r.value}`),
    ['opt1/ann/impact=4', 'opt1/ann/feasibility=2', 'opt1/ann/fairness=5', 'opt1/bob/fairness=1', 'opt2/bob/impact=3'],
  );
  assert.deepEqual(readMembers(doc), dict([['ann', 'Ann'], ['bob', 'Bob']]), 'the rest of the lane is untouched');
  // Rating on after the migration changes the entry, criterion by criterion.
  assert.equal(setRating(doc, { optionId: 'opt2', participantId: 'bob', criterion: 'fairness', value: 2 }), true);
  assert.equal(flatMap(doc, ROOT.ratings).get('opt2/bob'), 302);
  assert.equal(setRating(doc, { optionId: 'opt1', participantId: 'bob', criterion: 'fairness', value: null }), true);
  assert.equal(flatMap(doc, ROOT.ratings).has('opt1/bob'), false, 'an entry with nothing rated is deleted');
});

test('v2: a v1 state room’s published ratings are regrouped the same way', () => {
  const doc = load(V1_STATE);
  assert.equal(migrateDoc(doc, 'state', MIGRATIONS, 2).status, 'migrated');
  assert.deepEqual(doc.getMap('publishedRatings').toJSON(), { 'opt1/p1/ann': 425, 'opt1/p2/cat': 100, 'opt2/p2/cat': 2 });
  assert.equal(doc.getMap('revealedScores').size, 0);
});

const ratingsAsText = (doc: Y.Doc) => readVisibleRatings(doc).map((r) => `${r.optionId}/${r.partyId}/${r.participantId}/${r.criterion}=${r.value}`);

test('v3: a state room’s published ratings become one entry per option, raters numbered by slot, the same ratings', () => {
  const doc = load(V1_STATE);
  assert.deepEqual(migrateDoc(doc, 'state'), { status: 'migrated', from: 1, to: SCHEMA_VERSION });
  assert.deepEqual(flatMap(doc, ROOT.raterSlots).toJSON(), { 0: 'p1/ann', 1: 'p2/cat' });
  assert.deepEqual(flatMap(doc, ROOT.publishedRatings).toJSON(), { opt1: '425100', opt2: '000002' });
  assert.deepEqual(ratingsAsText(doc), [
    'opt1/p1/ann/impact=4',
    'opt1/p1/ann/feasibility=2',
    'opt1/p1/ann/fairness=5',
    'opt1/p2/cat/impact=1',
    'opt2/p2/cat/fairness=2',
  ]);

  // From a v2 room, with entries no v2 reader accepted: they are dropped, the rest read as before.
  const v2 = new Y.Doc();
  metaMap(v2).set('schemaVersion', 2);
  const old = v2.getMap('publishedRatings');
  for (const [key, value] of [['o1/p2/b1', 30], ['o1/p1/a1', 425], ['o2/p1/a1', 5], ['o2/x1/a1', 5], ['o3/p1/a1', 600], ['o3/p1', 5], ['o 4/p1/a1', 5], ['o4/p1/a1', '425']] as const) {
    old.set(key, value);
  }
  const before = ratingsAsText(v2);
  assert.deepEqual(before, [], 'a v2 map reads as nothing to this code');
  assert.equal(migrateDoc(v2, 'state').status, 'migrated');
  assert.deepEqual(flatMap(v2, ROOT.raterSlots).toJSON(), { 0: 'p2/b1', 1: 'p1/a1' });
  assert.deepEqual(flatMap(v2, ROOT.publishedRatings).toJSON(), { o1: '030425', o2: '000005' });
  assert.deepEqual(ratingsAsText(v2), [
    'o1/p2/b1/feasibility=3',
    'o1/p1/a1/impact=4',
    'o1/p1/a1/feasibility=2',
    'o1/p1/a1/fairness=5',
    'o2/p1/a1/fairness=5',
  ]);
});

test('v2: the migration syncs to a client holding the v1 document, and both converge on the v2 entries', () => {
  const server = load(V1_LANE);
  const client = load(V1_LANE);
  migrateDoc(server, 'lane');
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
  assert.equal(readSchemaVersion(client), SCHEMA_VERSION);
  assert.deepEqual(flatMap(client, ROOT.ratings).toJSON(), flatMap(server, ROOT.ratings).toJSON());
  assert.equal(client.getMap('scores').size, 0);
});
