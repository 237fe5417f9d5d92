import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { readLaneRatings, readVisibleRatings, type Rating } from './board-data';
import { scoresGetter } from './hooks';
import { addOption } from './mutations';
import { setRating } from './scoring';
import { CRITERIA, ROOT, flatMap } from './schema';
import { BoardStore } from './store';
import { ratedOnly, readLaneEntry, readRaterSlots, toPublishedEntries } from './rating-entries';
import { newJointDoc, prng, syncDocs } from './test-utils';

const OWN = 'p1';
const OTHER = 'p2';
const OPTIONS = ['o1', 'o2', 'o3', 'o4'];
const PEOPLE = ['u1', 'u2', 'u3'];

/** Send what `from` has and `to` lacks, as the wire would. */
const pull = (to: Y.Doc, from: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));

function board() {
  const joint = newJointDoc();
  const state = new Y.Doc();
  const lane = new Y.Doc();
  return { joint, state, lane, docs: { joint, state, lane: { doc: lane, partyId: OWN } } };
}

/** Make `map` hold exactly `desired`, touching only keys that differ (as the publisher does). */
function syncInto(map: Y.Map<unknown>, desired: ReadonlyMap<string, string>) {
  for (const key of [...map.keys()]) if (!desired.has(key)) map.delete(key);
  for (const [key, value] of desired) if (map.get(key) !== value) map.set(key, value);
}

/** Publish `ratings` as the server does: raters keep their slots, one entry per option, in one transaction. */
function publishRatings(state: Y.Doc, ratings: readonly Rating[]) {
  const { slots, entries } = toPublishedEntries(ratings, readRaterSlots(flatMap(state, ROOT.raterSlots)));
  state.transact(() => {
    syncInto(flatMap(state, ROOT.raterSlots), slots);
    syncInto(flatMap(state, ROOT.publishedRatings), entries);
  });
}

/** Publish exactly these entries (`option/party/participant` → a lane's stored digits), as the server would. */
const publish = (state: Y.Doc, entries: Record<string, number>) =>
  publishRatings(
    state,
    Object.entries(entries).flatMap(([key, stored]) => {
      const [optionId, partyId, participantId] = key.split('/') as [string, string, string];
      return ratedOnly(readLaneEntry(`${optionId}/${participantId}`, stored, partyId));
    }),
  );

/** The store's list must be exactly what a full read gives: same ratings, same order. */
function assertMatchesFullRead(store: BoardStore, state: Y.Doc, lane: Y.Doc, step: string) {
  assert.deepEqual(store.getRatings(), readVisibleRatings(state, { doc: lane, partyId: OWN }), step);
}

test('random sets, clears, remote and concurrent updates: the incremental ratings always equal a full read', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const random = prng(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const { state, lane, docs } = board();
    const laneRemote = new Y.Doc(); // another member of the same party
    const server = new Y.Doc(); // publishes into the state room
    const stores = [new BoardStore(docs)];
    const notified = [0];
    stores[0]!.subscribe(() => notified[0]!++);
    let previous = stores[0]!.getRatings();

    // A key from a small space, so the same key is set, cleared and set again often; now and then an invalid one.
    const laneKey = () => (random() < 0.05 ? pick(['bad key', `${pick(OPTIONS)}/${pick(PEOPLE)}/impact`]) : `${pick(OPTIONS)}/${pick(PEOPLE)}`);
    // The state room: an option id (now and then an invalid key), a published value of one to four slots.
    const stateKey = () => (random() < 0.05 ? `${pick(OPTIONS)}/p1` : pick(OPTIONS));
    const group = () => (random() < 0.3 ? '000' : `${digit()}${digit()}${digit()}`);
    const stateValue = () =>
      random() < 0.05 ? pick<unknown>(['', '4', '600', 425, 'abc', '425'.repeat(9)]) : Array.from({ length: 1 + Math.floor(random() * 4) }, group).join('');
    const slotEdit = (doc: Y.Doc) => {
      const slots = flatMap(doc, ROOT.raterSlots);
      const slot = String(Math.floor(random() * 4));
      if (random() < 0.3) slots.delete(slot);
      else slots.set(slot, random() < 0.05 ? 'p1' : `${pick([OWN, OTHER])}/${pick(PEOPLE)}`);
    };
    const stateBatch = (doc: Y.Doc) =>
      doc.transact(() => {
        // slots renumbered alone, with entries, or not at all
        const slotsToo = random();
        if (slotsToo < 0.3) slotEdit(doc);
        if (slotsToo < 0.15) return;
        const map = flatMap(doc, ROOT.publishedRatings);
        for (let i = 1 + Math.floor(random() * 4); i > 0; i--) {
          if (random() < 0.3) map.delete(stateKey());
          else map.set(stateKey(), stateValue());
        }
        if (random() < 0.2) {
          const k = stateKey();
          map.set(k, stateValue());
          map.delete(k);
        }
      });
    // impact·100 + feasibility·10 + fairness, a digit 0 (unrated) now and then; sometimes a value no reader accepts.
    const digit = () => (random() < 0.4 ? 0 : 1 + Math.floor(random() * 5));
    const value = () => (random() < 0.05 ? pick<unknown>([0, 600, 1000, 2.5, -3, 'x', [4, 2, 5]]) : 100 * digit() + 10 * digit() + digit());
    const edit = (map: Y.Map<unknown>, key: () => string) => (random() < 0.3 ? map.delete(key()) : map.set(key(), value()));
    const batch = (doc: Y.Doc, key: () => string) =>
      doc.transact(() => {
        const map = flatMap(doc, ROOT.ratings);
        for (let i = 1 + Math.floor(random() * 4); i > 0; i--) edit(map, key);
        if (random() < 0.2) {
          // added and deleted in one transaction: the key still takes its place in the map's order
          const k = key();
          map.set(k, value());
          map.delete(k);
        }
      });

    for (let step = 0; step < 400; step++) {
      const kind = Math.floor(random() * 6);
      if (kind === 0) {
        setRating(lane, { optionId: pick(OPTIONS), participantId: pick(PEOPLE), criterion: pick(CRITERIA), value: random() < 0.3 ? null : 1 + Math.floor(random() * 5) });
      } else if (kind === 1) {
        batch(laneRemote, laneKey);
        pull(lane, laneRemote);
      } else if (kind === 2) {
        // concurrent edits of the lane on both sides, then merged
        batch(laneRemote, laneKey);
        batch(lane, laneKey);
        syncDocs(lane, laneRemote);
      } else if (kind === 3) {
        stateBatch(server);
        pull(state, server);
      } else if (kind === 4) {
        // the server publishes what the lane holds (own party) and some of the other party's, as reveal does
        pull(laneRemote, lane);
        const other = OPTIONS.flatMap((optionId) => (random() < 0.5 ? [{ optionId, partyId: OTHER, participantId: pick(PEOPLE), criterion: pick(CRITERIA), value: 1 + digit() % 5 }] : []));
        const own = readLaneRatings(laneRemote, OWN).filter(() => random() < 0.5);
        publishRatings(server, random() < 0.5 ? [...other, ...own] : [...own, ...other]);
        pull(state, server);
      } else {
        stateBatch(state);
        pull(server, state);
      }
      if (step === 200) stores.push(new BoardStore(docs)); // a store built from documents that already have deleted keys
      for (const store of stores) assertMatchesFullRead(store, state, lane, `seed ${seed} step ${step}`);
      const now = stores[0]!.getRatings();
      if (now !== previous) assert.ok(notified[0]! > 0, 'a changed list is announced');
      else notified[0] = 0;
      // Nothing visible changed: the very same list, as the full re-read kept it. (Unless the step changed it twice:
      // a local edit, then a merge that put back what was there — two real changes that cancel out.)
      if (notified[0]! <= 1 && JSON.stringify(now) === JSON.stringify(previous)) assert.equal(now, previous, `seed ${seed} step ${step}: list kept`);
      previous = now;
      notified[0] = 0;
    }
    for (const store of stores) store.destroy();
  }
});

test('a remote rating keeps every other Rating object and announces once', () => {
  const { state, lane, docs } = board();
  const remote = new Y.Doc();
  for (const optionId of OPTIONS) for (const participantId of PEOPLE) setRating(remote, { optionId, participantId, criterion: 'impact', value: 3 });
  pull(lane, remote);
  publish(state, { [`o1/${OTHER}/u1`]: 400 });
  const store = new BoardStore(docs);
  let notified = 0;
  store.subscribe(() => notified++);
  const before = store.getRatings();

  setRating(remote, { optionId: 'o2', participantId: 'u2', criterion: 'impact', value: 5 });
  pull(lane, remote);
  const after = store.getRatings();
  assert.equal(notified, 1);
  assert.notEqual(after, before);
  const key = (r: Rating) => `${r.optionId}/${r.partyId}/${r.participantId}/${r.criterion}`;
  const old = new Map(before.map((r) => [key(r), r]));
  for (const rating of after) {
    if (key(rating) === `o2/${OWN}/u2/impact`) assert.equal(rating.value, 5);
    else assert.equal(rating, old.get(key(rating)), `${key(rating)} kept its object`);
  }

  // A new rater's rating is added at the end, as a full read puts it, and the rest stay the same objects.
  setRating(remote, { optionId: 'o1', participantId: 'u9', criterion: 'fairness', value: 2 });
  pull(lane, remote);
  assert.deepEqual(store.getRatings().slice(0, -1), after);
  assert.ok(store.getRatings().slice(0, -1).every((r, i) => r === after[i]));
  assertMatchesFullRead(store, state, lane, 'after an added rating');

  // Another criterion of a rating already there sits beside it (one stored entry), and the rest keep their objects.
  const beforeSibling = store.getRatings();
  setRating(remote, { optionId: 'o2', participantId: 'u2', criterion: 'feasibility', value: 1 });
  pull(lane, remote);
  assertMatchesFullRead(store, state, lane, 'after a second criterion');
  const list = store.getRatings();
  const impactAt = list.findIndex((r) => key(r) === `o2/${OWN}/u2/impact`);
  assert.equal(key(list[impactAt + 1]!), `o2/${OWN}/u2/feasibility`);
  assert.ok(beforeSibling.every((r) => list.includes(r)), 'every earlier Rating object is still in the list');
  store.destroy();
});

test('changes nobody can see keep the list and announce nothing', () => {
  const { state, lane, docs } = board();
  setRating(lane, { optionId: 'o1', participantId: 'u1', criterion: 'impact', value: 4 });
  publish(state, { [`o1/${OWN}/u1`]: 200 });
  const store = new BoardStore(docs);
  let notified = 0;
  store.subscribe(() => notified++);
  const before = store.getRatings();
  assert.deepEqual(before.map((r) => r.value), [4], 'the lane’s own value wins over the published one');

  publish(state, { [`o1/${OWN}/u1`]: 300 }); // hidden by the lane's own value
  flatMap(lane, ROOT.ratings).set('o1/u1', 400); // the same value again
  flatMap(state, ROOT.publishedRatings).set('not/a/rating', '333'); // invalid key
  flatMap(state, ROOT.publishedRatings).set('o9', '600'); // a digit out of range
  flatMap(lane, ROOT.ratings).set('o2/u1', 900); // a digit out of range
  flatMap(lane, ROOT.ratings).set('o3/u1', 0); // rates nothing
  assert.equal(store.getRatings(), before);
  assert.equal(notified, 0);

  // The lane's rating is cleared: the published one shows, in the same place.
  setRating(lane, { optionId: 'o1', participantId: 'u1', criterion: 'impact', value: null });
  assert.deepEqual(store.getRatings().map((r) => r.value), [3]);
  assert.equal(notified, 1);
  store.destroy();
});

test('a rating set again after a clear takes back its place in the order, as a full read does', () => {
  const { state, lane, docs } = board();
  for (const optionId of OPTIONS) setRating(lane, { optionId, participantId: 'u1', criterion: 'impact', value: 3 });
  const store = new BoardStore(docs);
  setRating(lane, { optionId: 'o2', participantId: 'u1', criterion: 'impact', value: null });
  assert.deepEqual(store.getRatings().map((r) => r.optionId), ['o1', 'o3', 'o4']);
  setRating(lane, { optionId: 'o2', participantId: 'u1', criterion: 'impact', value: 5 });
  assert.deepEqual(store.getRatings().map((r) => r.optionId), ['o1', 'o2', 'o3', 'o4']);
  assertMatchesFullRead(store, state, lane, 'set again');
  store.destroy();
});

test('the score figures of options a rating does not concern keep their objects', () => {
  const { joint, lane, docs } = board();
  const a = addOption(joint, { title: 'A' })!;
  const b = addOption(joint, { title: 'B' })!;
  const store = new BoardStore(docs);
  setRating(lane, { optionId: a, participantId: 'u1', criterion: 'impact', value: 3 });
  setRating(lane, { optionId: b, participantId: 'u1', criterion: 'impact', value: 3 });
  const getScores = scoresGetter(store);
  const before = getScores();
  setRating(lane, { optionId: a, participantId: 'u2', criterion: 'impact', value: 5 });
  const after = getScores();
  assert.notEqual(after.get(a), before.get(a));
  assert.equal(after.get(a)!.raters, 2);
  assert.equal(after.get(b), before.get(b), 'B was not rated, so its figures are the same object');
  store.destroy();
});

test('ratings are read on first demand: changes before it announce nothing, and the first read equals a full read', () => {
  const { state, lane, docs } = board();
  const remote = new Y.Doc();
  const store = new BoardStore(docs);
  let notified = 0;
  store.subscribe(() => notified++);

  // The lane's ratings arrive (a sync) and change while no view shows ratings: nothing to tell anyone.
  for (const optionId of OPTIONS) for (const participantId of PEOPLE) setRating(remote, { optionId, participantId, criterion: 'impact', value: 3 });
  pull(lane, remote);
  setRating(remote, { optionId: 'o2', participantId: 'u1', criterion: 'impact', value: null });
  pull(lane, remote);
  publish(state, { [`o1/${OTHER}/u1`]: 400 });
  assert.equal(notified, 0);

  // The first read mirrors the maps as they are, deleted keys' places included.
  assertMatchesFullRead(store, state, lane, 'first read');
  const first = store.getRatings();
  assert.equal(store.getRatings(), first, 'the same list until something changes');

  // From then on, changes are read key by key and announced.
  setRating(remote, { optionId: 'o2', participantId: 'u1', criterion: 'impact', value: 5 });
  pull(lane, remote);
  assert.equal(notified, 1);
  assertMatchesFullRead(store, state, lane, 'a key set again after the first read');
  store.destroy();
});
