import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import type { Rating } from './board-data';
import {
  encodeRatingValues,
  firstChangedSlot,
  ratedOnly,
  readLaneEntry,
  readPublishedEntry,
  readRaterSlots,
  readRatingValues,
  slotsSpanned,
  toLaneEntries,
  toPublishedEntries,
  withCriterion,
  type PublishedEntries,
  type RatingValues,
} from './rating-entries';
import type { Criterion } from './schema';

const ALL = [null, 1, 2, 3, 4, 5] as const;

test('every combination of three criteria survives encode → decode; nothing rated encodes to no entry', () => {
  let seen = 0;
  for (const impact of ALL) {
    for (const feasibility of ALL) {
      for (const fairness of ALL) {
        const values: RatingValues = [impact, feasibility, fairness];
        const stored = encodeRatingValues(values);
        if (impact === null && feasibility === null && fairness === null) {
          assert.equal(stored, null);
          continue;
        }
        assert.deepEqual(readRatingValues(stored), values);
        seen++;
      }
    }
  }
  assert.equal(seen, 6 ** 3 - 1);
  assert.equal(encodeRatingValues([4, 2, 5]), 425, 'the digits read as impact, feasibility, fairness');
  assert.equal(encodeRatingValues([null, null, 1]), 1);
});

test('a value no writer makes reads as nothing', () => {
  for (const bad of [0, -425, 425.5, 600, 160, 106, 999, 1425, '425', [4, 2, 5], null, undefined, { impact: 4 }, Number.NaN]) {
    assert.equal(readRatingValues(bad), null, `${JSON.stringify(bad)}`);
  }
});

test('a lane entry reads as its ratings in criteria order; a key of the wrong shape or a bad id reads as none', () => {
  assert.deepEqual(
    ratedOnly(readLaneEntry('o1/u1', 402, 'p1')).map((r) => [r.partyId, r.criterion, r.value]),
    [
      ['p1', 'impact', 4],
      ['p1', 'fairness', 2],
    ],
  );
  assert.equal(readLaneEntry('o1/u1', 402, 'p1').length, 3, 'a position per criterion, null where not rated');
  assert.deepEqual(readLaneEntry('o1/u1/impact', 4, 'p1'), [], 'a v1 key');
  assert.deepEqual(readLaneEntry('o1/p2/u1', 400, 'p1'), [], 'a v2 published key');
  assert.deepEqual(readLaneEntry('o1/u1', 400, 'x9'), [], 'not a party id');
  assert.deepEqual(readLaneEntry('o 1/u1', 400, 'p1'), [], 'not a record id');
});

test('withCriterion and toLaneEntries group one rater’s criteria of an option into one stored value', () => {
  assert.deepEqual(withCriterion(null, 'fairness', 3), [null, null, 3]);
  assert.deepEqual(withCriterion([1, 2, 3], 'impact', null), [null, 2, 3]);
  const entries = toLaneEntries([
    { optionId: 'o1', partyId: 'p1', participantId: 'u1', criterion: 'fairness', value: 5 },
    { optionId: 'o2', partyId: 'p1', participantId: 'u1', criterion: 'impact', value: 1 },
    { optionId: 'o1', partyId: 'p1', participantId: 'u1', criterion: 'impact', value: 4 },
  ]);
  assert.deepEqual([...entries], [
    ['o1/u1', 405],
    ['o2/u1', 100],
  ]);
});

const rating = (optionId: string, partyId: string, participantId: string, criterion: Criterion, value: number): Rating => ({
  optionId,
  partyId,
  participantId,
  criterion,
  value,
});

/** What a reader sees of published entries: the state room's two maps, read back. */
function readBack({ slots, entries }: PublishedEntries): Rating[] {
  const doc = new Y.Doc();
  for (const [slot, rater] of slots) doc.getMap('raterSlots').set(slot, rater);
  const read = readRaterSlots(doc.getMap('raterSlots'));
  return [...entries].flatMap(([optionId, value]) => ratedOnly(readPublishedEntry(optionId, value, read)));
}

test('published: one entry per option, three digits per rater slot; what goes in reads back in the same order', () => {
  const ratings = [
    rating('o1', 'p1', 'a1', 'impact', 4),
    rating('o1', 'p1', 'a1', 'feasibility', 2),
    rating('o1', 'p2', 'b1', 'fairness', 1),
    rating('o2', 'p2', 'b1', 'impact', 5),
    rating('o1', 'p1', 'a1', 'fairness', 5),
  ];
  const published = toPublishedEntries(ratings);
  assert.deepEqual(Object.fromEntries(published.slots), { 0: 'p1/a1', 1: 'p2/b1' });
  // slot 0 first; o2 has nothing from slot 0, and nothing after slot 1 is written
  assert.deepEqual(Object.fromEntries(published.entries), { o1: '425001', o2: '000500' });
  const key = (r: Rating) => `${r.optionId}/${r.partyId}/${r.participantId}/${r.criterion}=${r.value}`;
  assert.deepEqual(readBack(published).map(key), [
    'o1/p1/a1/impact=4',
    'o1/p1/a1/feasibility=2',
    'o1/p1/a1/fairness=5',
    'o1/p2/b1/fairness=1',
    'o2/p2/b1/impact=5',
  ]);
  // The same participant id in two parties is two raters (a forged id cannot stand in for someone else's ratings).
  const twice = toPublishedEntries([rating('o1', 'p1', 'u1', 'impact', 1), rating('o1', 'p2', 'u1', 'impact', 2)]);
  assert.deepEqual(readBack(twice).map(key), ['o1/p1/u1/impact=1', 'o1/p2/u1/impact=2']);
});

test('published: raters keep their slots; a new rater takes the lowest free one', () => {
  const before = toPublishedEntries([rating('o1', 'p1', 'a1', 'impact', 1), rating('o1', 'p1', 'a2', 'impact', 2), rating('o1', 'p2', 'b1', 'impact', 3)]);
  const slots = [...before.slots].map(([slot, rater]) => {
    const [partyId, participantId] = rater.split('/') as [string, string];
    return [Number(slot), { partyId, participantId }] as const;
  });
  const held = slots.map(([, s]) => s);
  // a2 is gone, c1 comes first in the new ratings: a1 and b1 stay where they were, c1 takes a2's slot.
  const after = toPublishedEntries([rating('o2', 'p2', 'c1', 'impact', 4), rating('o1', 'p2', 'b1', 'impact', 3), rating('o1', 'p1', 'a1', 'impact', 1)], held);
  assert.deepEqual(Object.fromEntries(after.slots), { 0: 'p1/a1', 1: 'p2/c1', 2: 'p2/b1' });
  assert.deepEqual(Object.fromEntries(after.entries), { o2: '000400', o1: '100000300' });
});

test('published: a value or a slot no writer makes reads as nothing', () => {
  const slots = [{ partyId: 'p1', participantId: 'a1' }, null];
  assert.deepEqual(ratedOnly(readPublishedEntry('o1', '400', slots)).map((r) => r.value), [4]);
  assert.equal(readPublishedEntry('o1', '400000', slots).length, 6, 'three positions per slot');
  assert.deepEqual(ratedOnly(readPublishedEntry('o1', '400300', slots)).map((r) => r.value), [4], 'slot 1 names nobody: its digits count for nothing');
  for (const bad of ['', '40', '4000', '600', '40a', '400000000', 400, null, ['400'], { a1: 400 }]) {
    assert.deepEqual(readPublishedEntry('o1', bad, slots), [], JSON.stringify(bad));
  }
  assert.deepEqual(readPublishedEntry('o 1', '400', slots), [], 'not a record id');
  const doc = new Y.Doc();
  const map = doc.getMap('raterSlots');
  for (const [key, value] of [['5', 'p1/a1'], ['0', 'p1/a1'], ['01', 'p1/a2'], ['-1', 'p1/a3'], ['10000', 'p1/a4'], ['1', 'x1/a5'], ['2', 'p1'], ['3', 7], ['4', 'p2/b1']] as const) {
    map.set(key, value);
  }
  // slot 5 names a1 again: the lower slot keeps a1, so no rating is read twice
  assert.deepEqual(readRaterSlots(map), [{ partyId: 'p1', participantId: 'a1' }, null, null, null, { partyId: 'p2', participantId: 'b1' }, null]);
});

test('published: the first slot two readings of raterSlots differ at, and how many slots an entry spans', () => {
  const a1 = { partyId: 'p1', participantId: 'a1' };
  const b1 = { partyId: 'p2', participantId: 'b1' };
  assert.equal(firstChangedSlot([a1, b1], [{ ...a1 }, { ...b1 }]), null, 'the same raters');
  assert.equal(firstChangedSlot([a1], [a1, b1]), 1, 'a rater added at the end');
  assert.equal(firstChangedSlot([a1, b1], [a1]), 1, 'the last one gone');
  assert.equal(firstChangedSlot([a1, null, b1], [a1, b1, b1]), 1, 'a slot renumbered');
  assert.equal(firstChangedSlot([], [a1]), 0);
  assert.equal(slotsSpanned('425000001'), 3);
  assert.equal(slotsSpanned('4250'), 2, 'a malformed value counts every slot it reaches');
  assert.equal(slotsSpanned(425), 0);
});
