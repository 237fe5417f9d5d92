import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { myRatingsGetter, scoresGetter } from './hooks';
import { addOption, updateOption } from './mutations';
import { setRating } from './scoring';
import { BoardStore } from './store';
import { newJointDoc } from './test-utils';

/** A board of three options and the store of a reader in party p1, whose lane two members (ann, bob) rate in. */
function ratedBoard() {
  const joint = newJointDoc();
  const lane = new Y.Doc();
  const [a, b, c] = ['A', 'B', 'C'].map((title) => addOption(joint, { title })!) as [string, string, string];
  for (const optionId of [a, b, c]) {
    setRating(lane, { optionId, participantId: 'ann', criterion: 'impact', value: 3 });
    setRating(lane, { optionId, participantId: 'bob', criterion: 'impact', value: 4 });
  }
  const store = new BoardStore({ joint, lane: { doc: lane, partyId: 'p1' } });
  return { joint, lane, store, a, b, c };
}

test('a rating changes the score object of its option only; the others keep their identity', () => {
  const { lane, store, a, b, c } = ratedBoard();
  const getScores = scoresGetter(store);
  const before = getScores();
  assert.equal(before.get(a)!.overall.impact, 3.5);

  setRating(lane, { optionId: a, participantId: 'bob', criterion: 'impact', value: 5 });
  const after = getScores();
  assert.notEqual(after, before, 'the map is new: one option changed');
  assert.notEqual(after.get(a), before.get(a), 'the rated option gets a new score object');
  assert.equal(after.get(a)!.overall.impact, 4);
  assert.equal(after.get(b), before.get(b), 'an option nobody rated keeps its score object');
  assert.equal(after.get(c), before.get(c));
  assert.deepEqual([...after.keys()], [a, b, c], 'board order is kept');
});

test('scores keep the same map when nothing they depend on changed, and every reader shares one computation', () => {
  const { joint, store, a } = ratedBoard();
  const getScores = scoresGetter(store);
  assert.equal(scoresGetter(store), getScores, 'one getter per store');
  const before = getScores();
  assert.equal(getScores(), before, 'reading twice returns the same map');
  updateOption(joint, a, { title: 'A, renamed' });
  assert.equal(getScores(), before, 'a title edit does not touch the scores');
});

test("another member's rating leaves my ratings alone; my own rating renews only that option's entry", () => {
  const { lane, store, a, b } = ratedBoard();
  const getMine = myRatingsGetter(store, 'ann', 'p1');
  const before = getMine();
  assert.deepEqual(before.get(a), { impact: 3 });

  setRating(lane, { optionId: b, participantId: 'bob', criterion: 'feasibility', value: 2 });
  assert.equal(getMine(), before, "bob's rating: ann's map is the same object");

  setRating(lane, { optionId: a, participantId: 'ann', criterion: 'fairness', value: 5 });
  const after = getMine();
  assert.notEqual(after, before);
  assert.deepEqual(after.get(a), { impact: 3, fairness: 5 });
  assert.equal(after.get(b), before.get(b), 'the option ann did not rate keeps its entry');
});

test('without a party there are no own ratings', () => {
  const { store } = ratedBoard();
  assert.equal(myRatingsGetter(store, 'ann', null)().size, 0);
});
