import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { readBoardData } from '../board-data';
import { setRelationshipHealth, addDebriefNote } from '../debrief';
import { setShortlisted } from '../decide';
import { addOption } from '../mutations';
import { recordProposal, setRating } from '../scoring';
import { newJointDoc } from '../test-utils';
import { CRITERIA } from '../schema';
import { debriefFigures } from './debrief';
import { scoreBoard } from './scores';

test('debrief figures from a small board, by hand', () => {
  const joint = newJointDoc(); // createdAt = 1
  const lane = new Y.Doc();
  const a = addOption(joint, { title: 'A' })!;
  const b = addOption(joint, { title: 'B' })!;
  addOption(joint, { title: 'C (author hidden)' });
  recordProposal(lane, a);
  recordProposal(lane, b);
  setShortlisted(joint, a, true, 1_001);
  setShortlisted(joint, b, true, 61_001);
  // p1 (the lane's party) rates A 4s and B 2s; nobody from p2 rated: nothing works for both yet.
  for (const criterion of CRITERIA) {
    setRating(lane, { optionId: a, participantId: 'ann', criterion, value: 4 });
    setRating(lane, { optionId: b, participantId: 'ann', criterion, value: 2 });
  }
  addDebriefNote(joint, { prompt: 'worked', partyId: 'p1', text: 'Listing interests first' });
  setRelationshipHealth(joint, 'p1', 'ann', 4);
  setRelationshipHealth(joint, 'p1', 'al', 3);
  const data = readBoardData({ joint, lane: { doc: lane, partyId: 'p1' } })!;
  const scores = scoreBoard(data.options.map((o) => o.id), data.ratings, data.parties);
  const figures = debriefFigures(data, scores);
  assert.equal(figures.timeToShortlistMs, 61_000);
  assert.equal(figures.optionsTotal, 3);
  assert.equal(figures.optionsWithHiddenAuthor, 1);
  assert.equal(figures.shortlisted, 2);
  assert.equal(figures.worksForBothCount, 0);
  assert.equal(figures.worksForBothShare, 0);
  assert.deepEqual(figures.parties[0], {
    partyId: 'p1',
    optionsProposed: 2,
    raters: 1,
    ratingsCast: 6,
    debriefNotes: 1,
    relationshipHealth: 3.5,
  });
  assert.equal(figures.parties[1]!.optionsProposed, 0);
  assert.equal(figures.parties[1]!.relationshipHealth, null);
});

test('an empty board has no share and no time to shortlist', () => {
  const joint = newJointDoc();
  const data = readBoardData({ joint })!;
  const figures = debriefFigures(data, new Map());
  assert.equal(figures.timeToShortlistMs, null);
  assert.equal(figures.worksForBothShare, null);
});
