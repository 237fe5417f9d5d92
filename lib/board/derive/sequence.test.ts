import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Rating } from '../board-data';
import type { Criterion } from '../schema';
import { scoreBoard } from './scores';
import { suggestSequence } from './sequence';

const parties = [{ id: 'p1' }, { id: 'p2' }];
const rate = (option: string, party: string, who: string, [impact, feasibility, fairness]: [number, number, number]): Rating[] =>
  (['impact', 'feasibility', 'fairness'] as Criterion[]).map((criterion, i) => ({
    optionId: option,
    partyId: party,
    participantId: who,
    criterion,
    value: [impact, feasibility, fairness][i]!,
  }));

test('feasible options first, in stages by feasibility band; ties go to what works for both', () => {
  const ratings = [
    // hard: feasibility 2 → stage 3 (the second band present)
    ...rate('hard', 'p1', 'ann', [5, 2, 4]),
    ...rate('hard', 'p2', 'bo', [5, 2, 4]),
    // easyLow and easyHigh: feasibility 4.5 → stage 1; easyHigh works better for both
    ...rate('easyLow', 'p1', 'ann', [2, 5, 2]),
    ...rate('easyLow', 'p2', 'bo', [2, 4, 2]),
    ...rate('easyHigh', 'p1', 'ann', [5, 4, 5]),
    ...rate('easyHigh', 'p2', 'bo', [5, 5, 5]),
  ];
  const ids = ['hard', 'unscored', 'easyLow', 'easyHigh'];
  const scores = scoreBoard(ids, ratings, parties);
  assert.deepEqual(suggestSequence(ids, scores), [
    { optionId: 'easyHigh', stage: 1 },
    { optionId: 'easyLow', stage: 1 },
    // no option in the middle band (3 ≤ feasibility < 4): the band is skipped, stages stay 1, 2
    { optionId: 'hard', stage: 2 },
    { optionId: 'unscored', stage: 2 },
  ]);
});

test('middle band, and ties keep the given order', () => {
  const ratings = [...rate('a', 'p1', 'ann', [3, 3, 3]), ...rate('b', 'p1', 'ann', [3, 3, 3]), ...rate('c', 'p1', 'ann', [1, 4, 1])];
  const scores = scoreBoard(['a', 'b', 'c'], ratings, parties);
  assert.deepEqual(suggestSequence(['b', 'a', 'c'], scores), [
    { optionId: 'c', stage: 1 },
    { optionId: 'b', stage: 2 },
    { optionId: 'a', stage: 2 },
  ]);
  assert.deepEqual(suggestSequence([], scores), []);
});
