/** derivePublication: what the state room must hold, from lanes, options and settings (pure, no server). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Rating } from '@/lib/board/board-data';
import { CRITERIA } from '@/lib/board/schema';
import type { PartyId } from '@/lib/board/ids';
import { readBoardState } from '@/lib/board/state';
import { clearRequests, revealChange } from '../facilitation/consent';
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

test('a complete picture (every member rated every option) publishes nothing while blind: no auto-reveal', () => {
  const options = ['o1', 'o2'];
  const full = [lane('p1', ratingsOf('p1', 'a1', options), { a1: 'Ann' }), lane('p2', ratingsOf('p2', 'b1', options))];
  const done = derivePublication({ state: BLIND, optionIds: new Set(options), lanes: full });
  assert.equal(done.scoresPublished, false);
  assert.equal(done.publishedRatings.size, 0);
  assert.equal(done.raters.size, 0);
  // The attack's shape: one option deleted, so "everyone rated everything" holds for what is left.
  const afterDelete = derivePublication({ state: BLIND, optionIds: new Set(['o1']), lanes: full });
  assert.equal(afterDelete.publishedRatings.size, 0);
});

test('consent: a party asks, withdraws, the last party to ask reveals; hiding clears requests; the facilitator decides', () => {
  const parties = ['p1', 'p2'];
  const base = readBoardState(null);
  const p1 = { kind: 'consent' as const, partyId: 'p1' as PartyId };
  const p2 = { kind: 'consent' as const, partyId: 'p2' as PartyId };
  const asked = revealChange(base, p1, parties, { scores: true });
  assert.deepEqual(asked, { revealRequests: { p1: { scores: true } } }, 'one party: a request, no reveal');
  const withdrawn = revealChange({ ...base, ...asked }, p1, parties, { scores: false });
  assert.deepEqual(withdrawn, { revealRequests: {} }, 'withdrawn before the reveal');
  const both = revealChange({ ...base, ...asked }, p2, parties, { scores: true, authorship: true });
  assert.deepEqual(both, { scoresRevealed: true, revealRequests: { p2: { authorship: true } } }, 'the last party reveals; its other request stays');
  const hidden = revealChange({ ...base, ...both }, p1, parties, { scores: false });
  assert.deepEqual(hidden, { scoresRevealed: false, revealRequests: { p2: { authorship: true } } }, 'any party hides');
  const decided = revealChange({ ...base, ...both }, { kind: 'decide' }, parties, { authorship: true });
  assert.deepEqual(decided, { authorshipRevealed: true, revealRequests: {} });
  assert.throws(() => revealChange(base, { kind: 'consent', partyId: 'p3' as PartyId }, parties, { scores: true }), /not on the board/);
  const stranger = revealChange({ ...base, revealRequests: { p3: { scores: true } } }, p1, parties, { scores: true });
  assert.deepEqual(stranger, { revealRequests: { p1: { scores: true } } }, 'a party not on the board never counts');
  assert.deepEqual(clearRequests({ p1: { scores: true, authorship: true } }, ['scores']), { p1: { authorship: true } });
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
