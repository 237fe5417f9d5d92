import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Rating } from '../board-data';
import type { Criterion } from '../schema';
import { boardScorer, combine, scoreBoard, scoreOption, sortByScore } from './scores';

const parties = [{ id: 'p1' }, { id: 'p2' }];
const r = (optionId: string, partyId: string, participantId: string, criterion: Criterion, value: number): Rating => ({
  optionId,
  partyId,
  participantId,
  criterion,
  value,
});
/** One participant's three ratings. */
const rate = (option: string, party: string, who: string, impact: number, feasibility: number, fairness: number) => [
  r(option, party, who, 'impact', impact),
  r(option, party, who, 'feasibility', feasibility),
  r(option, party, who, 'fairness', fairness),
];
const close = (actual: number | null, expected: number) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);

test('per-party means, combined, overall, gap and works-for-both, by hand', () => {
  // p1: ann (5,4,3) and al (3,4,5) → means 4,4,4 → combined 4
  // p2: bo (2,2,2) → combined 2
  const ratings = [...rate('o', 'p1', 'ann', 5, 4, 3), ...rate('o', 'p1', 'al', 3, 4, 5), ...rate('o', 'p2', 'bo', 2, 2, 2)];
  const s = scoreOption('o', ratings, parties);
  assert.deepEqual(s.parties[0]!.means, { impact: 4, feasibility: 4, fairness: 4 });
  assert.equal(s.parties[0]!.combined, 4);
  assert.equal(s.parties[0]!.raters, 2);
  assert.equal(s.parties[1]!.combined, 2);
  // overall impact: (5+3+2)/3
  close(s.overall.impact, 10 / 3);
  close(s.overallCombined, 10 / 3);
  assert.equal(s.raters, 3);
  assert.equal(s.gap, 2);
  assert.equal(s.worksForBoth, 2, 'the weakest side decides');
  assert.equal(s.worksForBothMet, false);
  assert.equal(s.contested, true);
  // participants' combined: 4, 4, 2 → mean 10/3, sd = sqrt(((2/3)^2*2 + (4/3)^2)/3)
  close(s.spread, Math.sqrt(((2 / 3) ** 2 * 2 + (4 / 3) ** 2) / 3));
});

test('a party that rated nothing: no works-for-both yet, gap from the others only', () => {
  const s = scoreOption('o', rate('o', 'p1', 'ann', 4, 4, 4), parties);
  assert.equal(s.parties[1]!.combined, null);
  assert.equal(s.parties[1]!.raters, 0);
  assert.equal(s.gap, null, 'one party cannot disagree with itself');
  assert.equal(s.worksForBoth, null);
  assert.equal(s.worksForBothMet, false);
});

test('missing criteria are left out of the combined score, not counted as zero', () => {
  const ratings = [r('o', 'p1', 'ann', 'impact', 5), r('o', 'p2', 'bo', 'fairness', 4), r('o', 'p2', 'bo', 'impact', 2)];
  const s = scoreOption('o', ratings, parties);
  assert.deepEqual(s.parties[0]!.means, { impact: 5, feasibility: null, fairness: null });
  assert.equal(s.parties[0]!.combined, 5);
  assert.equal(s.parties[1]!.combined, 3);
  assert.equal(s.worksForBoth, 3);
});

test('weights change the combined score; zero weight drops a criterion', () => {
  const means = { impact: 5, feasibility: 1, fairness: 3 };
  assert.equal(combine(means), 3);
  assert.equal(combine(means, { impact: 2, feasibility: 1, fairness: 1 }), (10 + 1 + 3) / 4);
  assert.equal(combine(means, { impact: 0, feasibility: 0, fairness: 1 }), 3);
  assert.equal(combine(means, { impact: 0, feasibility: 0, fairness: 0 }), null);
});

test('one participant: spread 0, ties at the threshold work for both', () => {
  const s = scoreOption('o', [...rate('o', 'p1', 'ann', 4, 3, 4), ...rate('o', 'p2', 'bo', 3, 4, 3.5 as number)], parties, {
    threshold: 3.5,
  });
  close(s.parties[0]!.combined, 11 / 3);
  close(s.parties[1]!.combined, 3.5);
  assert.equal(s.worksForBothMet, true, 'exactly at the threshold counts');
  const single = scoreOption('x', rate('x', 'p1', 'ann', 2, 2, 2), [{ id: 'p1' }]);
  assert.equal(single.spread, 0);
  assert.equal(single.worksForBoth, 2);
});

test('sorting: best for both first, unrated last; most contested first', () => {
  const ratings = [
    ...rate('a', 'p1', 'ann', 5, 5, 5),
    ...rate('a', 'p2', 'bo', 1, 1, 1), // wfb 1, gap 4
    ...rate('b', 'p1', 'ann', 4, 4, 4),
    ...rate('b', 'p2', 'bo', 4, 4, 4), // wfb 4, gap 0
    ...rate('c', 'p1', 'ann', 3, 3, 3), // p2 missing
  ];
  const scores = scoreBoard(['a', 'b', 'c'], ratings, parties);
  assert.deepEqual(sortByScore(scores, 'worksForBoth'), ['b', 'a', 'c']);
  assert.deepEqual(sortByScore(scores, 'gap'), ['a', 'b', 'c']);
  assert.equal(scores.get('a')!.contested, true);
  assert.equal(scores.get('b')!.contested, false);
});

test('boardScorer: one rating renews one option; equal ratings (new objects) keep the map; new weights renew what they change', () => {
  const score = boardScorer();
  const board = () => [...rate('a', 'p1', 'ann', 5, 4, 3), ...rate('b', 'p1', 'ann', 2, 2, 2), ...rate('b', 'p2', 'bo', 4, 4, 4)];
  const first = score(['a', 'b', 'c'], board(), parties);
  assert.deepEqual(first, scoreBoard(['a', 'b', 'c'], board(), parties), 'the same figures as scoreBoard');
  assert.equal(score(['a', 'b', 'c'], board(), parties), first, 'the same values in new objects: the same map');

  const changed = board().map((rating) => (rating.optionId === 'b' && rating.participantId === 'bo' && rating.criterion === 'impact' ? { ...rating, value: 1 } : rating));
  const second = score(['a', 'b', 'c'], changed, parties);
  assert.notEqual(second, first);
  assert.notEqual(second.get('b'), first.get('b'), 'the rated option is recomputed');
  assert.deepEqual(second.get('b'), scoreOption('b', changed, parties));
  assert.equal(second.get('a'), first.get('a'), 'the others keep their objects');
  assert.equal(second.get('c'), first.get('c'));

  const weights = { impact: 2, feasibility: 1, fairness: 1 };
  const third = score(['a', 'b', 'c'], changed, parties, { weights });
  assert.notEqual(third.get('a'), second.get('a'), 'a weight changes the combined score of a rated option');
  assert.deepEqual(third.get('a'), scoreOption('a', changed, parties, { weights }));
  assert.equal(third.get('c'), second.get('c'), 'an unrated option has the same (empty) figures');
});
