/** derivePublication: what the state room must hold, from lanes, options and settings (pure, no server). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Rating } from '@/lib/board/board-data';
import { CRITERIA } from '@/lib/board/schema';
import { derivePublication, type LaneInput, type PublicationInput } from '../facilitation/publication';

const BLIND: PublicationInput['state'] = { scoring: 'blind', scoresRevealed: false, authorshipRevealed: false, sideBlind: true };

function ratingsOf(partyId: string, participantId: string, optionIds: readonly string[], value = 3): Rating[] {
  return optionIds.flatMap((optionId) => CRITERIA.map((criterion) => ({ optionId, partyId, participantId, criterion, value })));
}

const lane = (partyId: string, ratings: Rating[], members: Record<string, string> = {}, proposals: string[] = []): LaneInput => ({
  partyId,
  ratings,
  members,
  proposals,
});

test('blind: progress only; open or revealed: every rating and its rater', () => {
  const lanes = [lane('p1', ratingsOf('p1', 'a1', ['o1']), { a1: 'Ann' }), lane('p2', ratingsOf('p2', 'b1', ['o1']).slice(0, 1))];
  const optionIds = new Set(['o1']);
  const blind = derivePublication({ state: BLIND, optionIds, lanes });
  assert.deepEqual(Object.fromEntries(blind.scoreProgress), { p1: 3, p2: 1 });
  assert.equal(blind.publishedRatings.size, 0);
  assert.equal(blind.raters.size, 0);
  assert.equal(blind.scoresPublished, false);

  for (const state of [{ ...BLIND, scoring: 'open' as const }, { ...BLIND, scoresRevealed: true }]) {
    const shown = derivePublication({ state, optionIds, lanes });
    // one entry per option: three digits (impact, feasibility, fairness) per rater slot, 0 where not rated
    assert.deepEqual(Object.fromEntries(shown.raterSlots), { 0: 'p1/a1', 1: 'p2/b1' });
    assert.deepEqual(Object.fromEntries(shown.publishedRatings), { o1: '333300' });
    assert.deepEqual(Object.fromEntries(shown.raters), { a1: { partyId: 'p1', name: 'Ann' }, b1: { partyId: 'p2', name: '' } });
  }
});

test('ratings of options that are not on the board count for nothing; a lane cannot rate for another party', () => {
  const forged: Rating = { optionId: 'o1', partyId: 'p2', participantId: 'x', criterion: 'impact', value: 1 };
  const result = derivePublication({
    state: { ...BLIND, scoring: 'open' },
    optionIds: new Set(['o1']),
    lanes: [lane('p1', [...ratingsOf('p1', 'a1', ['o1', 'gone']), forged]), lane('p2', [])],
  });
  assert.deepEqual(Object.fromEntries(result.scoreProgress), { p1: 3, p2: 0 });
  assert.deepEqual(Object.fromEntries(result.publishedRatings), { o1: '333' });
  assert.deepEqual(Object.fromEntries(result.raterSlots), { 0: 'p1/a1' });
});

test('complete: an option, a rater per party, and every member (and rater) rated every option on every criterion', () => {
  const options = ['o1', 'o2'];
  const optionIds = new Set(options);
  const full = [lane('p1', ratingsOf('p1', 'a1', options), { a1: 'Ann' }), lane('p2', ratingsOf('p2', 'b1', options))];
  const done = derivePublication({ state: BLIND, optionIds, lanes: full });
  assert.equal(done.complete, true);
  assert.match(done.completeKey ?? '', /^[\w-]{43}$/, 'a digest (it is stored where every party reads): no raw id of anyone');

  const memberMissing = [full[0]!, lane('p2', ratingsOf('p2', 'b1', options), { b2: 'Bea' })];
  assert.equal(derivePublication({ state: BLIND, optionIds, lanes: memberMissing }).complete, false, 'a member who has not rated');
  const gap = [full[0]!, lane('p2', ratingsOf('p2', 'b1', options).slice(1))];
  assert.equal(derivePublication({ state: BLIND, optionIds, lanes: gap }).complete, false, 'one criterion missing');
  const silentParty = [full[0]!, lane('p2', [], {})];
  assert.equal(derivePublication({ state: BLIND, optionIds, lanes: silentParty }).complete, false, 'a party with no rater');
  assert.equal(derivePublication({ state: BLIND, optionIds: new Set(), lanes: full }).complete, false, 'no option');
  const third = derivePublication({ state: BLIND, optionIds: new Set([...options, 'o3']), lanes: full });
  assert.equal(third.complete, false, 'a new option nobody rated');

  const more = ['o1', 'o2', 'o3'];
  const again = derivePublication({
    state: BLIND,
    optionIds: new Set(more),
    lanes: [lane('p1', ratingsOf('p1', 'a1', more), { a1: 'Ann' }), lane('p2', ratingsOf('p2', 'b1', more))],
  });
  assert.equal(again.complete, true);
  assert.notEqual(again.completeKey, done.completeKey, 'a new picture: the publisher may reveal again');
  const changedValue = derivePublication({
    state: BLIND,
    optionIds,
    lanes: [lane('p1', ratingsOf('p1', 'a1', options, 5), { a1: 'Ann' }), full[1]!],
  });
  assert.equal(changedValue.completeKey, done.completeKey, 'changed values are the same picture');
});

test('authorship: only when revealed or not side-blind; only options on the board; a claim two lanes make is published for neither', () => {
  const lanes = [lane('p1', [], {}, ['o1', 'both', 'gone']), lane('p2', [], {}, ['o2', 'both'])];
  const optionIds = new Set(['o1', 'o2', 'both']);
  assert.equal(derivePublication({ state: BLIND, optionIds, lanes }).authorship.size, 0);
  for (const state of [{ ...BLIND, authorshipRevealed: true }, { ...BLIND, sideBlind: false }]) {
    const result = derivePublication({ state, optionIds, lanes });
    assert.equal(result.authorshipPublished, true);
    assert.deepEqual(Object.fromEntries(result.authorship), { o1: 'p1', o2: 'p2' });
  }
});
