import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeRatingValues, readRatingEntry, readRatingValues, toRatingEntries, withCriterion, type RatingValues } from './rating-entries';

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

test('an entry reads as its ratings in criteria order; a key of the wrong shape or a bad id reads as none', () => {
  assert.deepEqual(
    readRatingEntry('o1/u1', 402, 'p1').map((r) => [r.partyId, r.criterion, r.value]),
    [
      ['p1', 'impact', 4],
      ['p1', 'fairness', 2],
    ],
  );
  assert.deepEqual(readRatingEntry('o1/p2/u1', 30, null).map((r) => [r.partyId, r.criterion, r.value]), [['p2', 'feasibility', 3]]);
  assert.deepEqual(readRatingEntry('o1/u1/impact', 4, 'p1'), [], 'a v1 key');
  assert.deepEqual(readRatingEntry('o1/x9/u1', 400, null), [], 'not a party id');
  assert.deepEqual(readRatingEntry('o 1/u1', 400, 'p1'), [], 'not a record id');
});

test('withCriterion and toRatingEntries group one rater’s criteria of an option into one stored value', () => {
  assert.deepEqual(withCriterion(null, 'fairness', 3), [null, null, 3]);
  assert.deepEqual(withCriterion([1, 2, 3], 'impact', null), [null, 2, 3]);
  const entries = toRatingEntries(
    [
      { optionId: 'o1', partyId: 'p1', participantId: 'u1', criterion: 'fairness', value: 5 },
      { optionId: 'o2', partyId: 'p1', participantId: 'u1', criterion: 'impact', value: 1 },
      { optionId: 'o1', partyId: 'p1', participantId: 'u1', criterion: 'impact', value: 4 },
    ],
    (r) => `${r.optionId}/${r.participantId}`,
  );
  assert.deepEqual([...entries], [
    ['o1/u1', 405],
    ['o2/u1', 100],
  ]);
});
