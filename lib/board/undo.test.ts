import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { addInterest } from './interests';
import { addOption } from './mutations';
import { setRating } from './scoring';
import { ROOT } from './schema';
import { LinkedUndo } from './undo';
import { forkDoc, newJointDoc, syncDocs } from './test-utils';

test('undo walks back my latest change across the joint board and my lane, and redo replays it', () => {
  const joint = newJointDoc();
  const lane = new Y.Doc();
  const undo = new LinkedUndo();
  undo.track(joint, 'joint');
  undo.track(lane, 'lane');
  const option = addOption(joint, { title: 'Option' })!;
  setRating(lane, { optionId: option, participantId: 'ann', criterion: 'impact', value: 5 });
  addInterest(joint, { partyId: 'p1', text: 'Shared need' });

  assert.equal(undo.undo(), true);
  assert.equal(joint.getMap('interests').size, 0, 'first undo: the interest');
  assert.equal(lane.getMap(ROOT.ratings).size, 1);
  undo.undo();
  assert.equal(lane.getMap(ROOT.ratings).size, 0, 'second undo: the rating in the lane');
  assert.equal(joint.getMap('options').size, 1);
  undo.redo();
  assert.equal(lane.getMap(ROOT.ratings).size, 1, 'redo brings the rating back');
  assert.equal(undo.canRedo(), true);
  addOption(joint, { title: 'New' });
  assert.equal(undo.canRedo(), false, 'a new change clears the redo history');
  undo.destroy();
});

test('remote changes are never on my undo stack', () => {
  const mine = newJointDoc();
  const theirs = forkDoc(mine);
  const undo = new LinkedUndo();
  undo.track(mine, 'joint');
  addOption(theirs, { title: 'Theirs' });
  syncDocs(mine, theirs);
  assert.equal(undo.canUndo(), false);
  assert.equal(undo.undo(), false);
  assert.equal(mine.getMap('options').size, 1);
});
