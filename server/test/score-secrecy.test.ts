/**
 * Blind scores and side-blind authorship, checked on the wire: every frame
 * party 2's sockets (joint, own lane, state) and a viewer's raw sockets
 * receive is recorded, and before a reveal none of them carries a byte of
 * party 1's ratings (its marker participant id, its member's name) or of
 * who proposed what. Progress counts are published all along.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import * as Y from 'yjs';
import { readVisibleRatings } from '@/lib/board/board-data';
import { scoreOption } from '@/lib/board/derive/scores';
import { joinAsMember, recordProposal, setRating } from '@/lib/board/scoring';
import { deleteOption } from '@/lib/board/mutations';
import { CRITERIA, ROOT, stateMap } from '@/lib/board/schema';
import { readBoardState } from '@/lib/board/state';
import { rawSyncStep2Message, updateMessage } from '../sync/protocol';
import { Harness, addOption, optionTitles, storedDoc, waitFor } from './harness';
import { act, framesContain, ok, plain, publishedByCriterion, rawReader, tappedProvider } from './facilitation-helpers';

const MARK = 'zzmarker1';
const MARK_NAME = 'Zora Markham';
const OPTIONS = ['optalpha01', 'optbeta02'] as const;
const PARTIES = [{ id: 'p1' }, { id: 'p2' }];

/** Party 1's marker ratings: distinct values per option and criterion. */
const markValue = (option: number, criterion: number) => ((option * 3 + criterion) % 5) + 1;

/** A server, a board, and party 1 on its joint room, with these options on the board. */
async function boardWithOptions(t: TestContext, optionIds: readonly string[]) {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const [p1, p2] = board.links.parties;
  const joint = await h.provider(board.id, p1!.token);
  for (const id of optionIds) addOption(joint.doc, id, `Option ${id}`);
  return { h, board, p1: p1!, p2: p2!, facilitator: board.links.facilitator.token, joint };
}

test('blind scores: no byte of party 1’s ratings reaches party 2 or a viewer before the reveal; reveal publishes, re-publishes and withdraws them', async (t) => {
  const { h, board, p1, p2, facilitator } = await boardWithOptions(t, OPTIONS);

  // Everything party 2 and the viewer receive, from before the first rating on.
  const p2Frames: Uint8Array[] = [];
  const p2Joint = await tappedProvider(t, h, board.id, p2.token, p2Frames);
  const p2Lane = await tappedProvider(t, h, `${board.id}/party/p2`, p2.token, p2Frames);
  const p2State = await tappedProvider(t, h, `${board.id}/state`, p2.token, p2Frames);
  const viewerJoint = await rawReader(h, board.id, board.links.viewer.token);
  const viewerState = await rawReader(h, `${board.id}/state`, board.links.viewer.token);
  const observed = () => [...p2Frames, ...viewerJoint.messages, ...viewerState.messages];
  await waitFor(() => Object.keys(optionTitles(p2Joint.doc)).length === OPTIONS.length, { what: 'party 2 to see the options' });

  // Party 1 rates every option on every criterion; party 2 rates one.
  const lane1 = await h.provider(`${board.id}/party/p1`, p1.token);
  joinAsMember(lane1.doc, MARK, MARK_NAME);
  OPTIONS.forEach((optionId, o) =>
    CRITERIA.forEach((criterion, c) => setRating(lane1.doc, { optionId, participantId: MARK, criterion, value: markValue(o, c) })),
  );
  joinAsMember(p2Lane.doc, 'p2rater', 'Bo');
  setRating(p2Lane.doc, { optionId: OPTIONS[0], participantId: 'p2rater', criterion: 'impact', value: 2 });

  await waitFor(() => plain(p2State.doc, ROOT.scoreProgress).p1 === 6 && plain(p2State.doc, ROOT.scoreProgress).p2 === 1, {
    what: 'progress (6 and 1) to reach party 2',
  });
  assert.deepEqual(plain(p2State.doc, ROOT.scoreProgress), { p1: 6, p2: 1 }, 'progress is public');
  assert.equal(framesContain(observed(), MARK), false, 'no frame carries party 1’s participant id');
  assert.equal(framesContain(observed(), MARK_NAME), false, 'no frame carries party 1’s member name');
  assert.deepEqual(publishedByCriterion(p2State.doc), {});
  assert.deepEqual(plain(p2State.doc, ROOT.raters), {});
  const storedState = await storedDoc(h.server, `${board.id}/state`);
  assert.equal(framesContain([Y.encodeStateAsUpdate(storedState)], MARK), false, 'nor does the stored state room');

  // Reveal: stored and broadcast before the answer.
  const revealed = await ok(h, board.id, 'reveal', facilitator, { scores: true });
  assert.equal(revealed.scoresPublished, true);
  assert.deepEqual(revealed.scoreProgress, { p1: 6, p2: 1 });
  const expected: Record<string, number> = { [`${OPTIONS[0]}/p2/p2rater/impact`]: 2 };
  OPTIONS.forEach((optionId, o) =>
    CRITERIA.forEach((criterion, c) => (expected[`${optionId}/p1/${MARK}/${criterion}`] = markValue(o, c))),
  );
  await waitFor(() => Object.keys(publishedByCriterion(p2State.doc)).length === 7, { what: 'the reveal to reach party 2' });
  assert.deepEqual(publishedByCriterion(p2State.doc), expected);
  assert.deepEqual(plain(p2State.doc, ROOT.raters), {
    [MARK]: { partyId: 'p1', name: MARK_NAME },
    p2rater: { partyId: 'p2', name: 'Bo' },
  });
  await waitFor(() => framesContain(viewerState.messages, MARK), { what: 'the viewer’s socket to receive the revealed scores' });
  assert.ok(framesContain(p2Frames, MARK));

  // A rating changed after the reveal is published again, and the figures follow.
  const impactBefore = scoreOption(OPTIONS[0], readVisibleRatings(p2State.doc), PARTIES).parties[0]!.means.impact;
  assert.equal(impactBefore, markValue(0, 0));
  setRating(lane1.doc, { optionId: OPTIONS[0], participantId: MARK, criterion: 'impact', value: 5 });
  await waitFor(() => publishedByCriterion(p2State.doc)[`${OPTIONS[0]}/p1/${MARK}/impact`] === 5, {
    what: 'the changed rating to be re-published',
  });
  const figures = scoreOption(OPTIONS[0], readVisibleRatings(p2State.doc), PARTIES);
  assert.equal(figures.parties[0]!.means.impact, 5);
  assert.equal(figures.parties[1]!.means.impact, 2);
  assert.equal(figures.overall.impact, 3.5, 'aggregates recomputed from the re-published rating');

  // Withdrawn: the published maps are emptied; progress stays.
  const hidden = await ok(h, board.id, 'reveal', facilitator, { scores: false });
  assert.equal(hidden.scoresPublished, false);
  await waitFor(
    () => Object.keys(publishedByCriterion(p2State.doc)).length === 0 && Object.keys(plain(p2State.doc, ROOT.raters)).length === 0,
    { what: 'the withdrawal to reach party 2' },
  );
  assert.deepEqual(plain(p2State.doc, ROOT.raterSlots), {});
  assert.deepEqual(plain(p2State.doc, ROOT.scoreProgress), { p1: 6, p2: 1 });
  // A deleted Y.Map key stays in the document for good: the published keys name options only, never who rated them.
  assert.deepEqual([...p2State.doc.getMap(ROOT.publishedRatings)._map.keys()].sort(), [...OPTIONS].sort());

  // Blind again: a new rater of party 1 only shows as progress.
  setRating(lane1.doc, { optionId: OPTIONS[1], participantId: 'zzmarker2', criterion: 'fairness', value: 1 });
  await waitFor(() => plain(p2State.doc, ROOT.scoreProgress).p1 === 7, { what: 'progress 7' });
  assert.equal(framesContain(observed(), 'zzmarker2'), false, 'a rating cast after the withdrawal stays secret');
});

test('open scoring publishes ratings at once; switching back to blind withdraws them', async (t) => {
  const { h, board, p1, p2 } = await boardWithOptions(t, [OPTIONS[0]]);
  const frames: Uint8Array[] = [];
  const p2State = await tappedProvider(t, h, `${board.id}/state`, p2.token, frames);
  const lane1 = await h.provider(`${board.id}/party/p1`, p1.token);
  setRating(lane1.doc, { optionId: OPTIONS[0], participantId: MARK, criterion: 'feasibility', value: 4 });
  await waitFor(() => plain(p2State.doc, ROOT.scoreProgress).p1 === 1, { what: 'progress 1' });
  assert.equal(framesContain(frames, MARK), false, 'blind by default');

  const open = await ok(h, board.id, 'settings', board.links.facilitator.token, { scoring: 'open' });
  assert.equal(open.scoresPublished, true);
  await waitFor(() => publishedByCriterion(p2State.doc)[`${OPTIONS[0]}/p1/${MARK}/feasibility`] === 4, { what: 'open scores' });
  setRating(lane1.doc, { optionId: OPTIONS[0], participantId: MARK, criterion: 'impact', value: 3 });
  await waitFor(() => publishedByCriterion(p2State.doc)[`${OPTIONS[0]}/p1/${MARK}/impact`] === 3, {
    what: 'a new rating to be published at once',
  });
  setRating(lane1.doc, { optionId: OPTIONS[0], participantId: MARK, criterion: 'impact', value: null });
  await waitFor(() => publishedByCriterion(p2State.doc)[`${OPTIONS[0]}/p1/${MARK}/impact`] === undefined, {
    what: 'a cleared rating to be withdrawn',
  });

  await ok(h, board.id, 'settings', board.links.facilitator.token, { scoring: 'blind' });
  await waitFor(() => Object.keys(publishedByCriterion(p2State.doc)).length === 0, { what: 'blind again' });
  assert.equal(stateMap(p2State.doc).get('scoresRevealed'), undefined);
});

test('authorship stays out of every frame of the other party until it is revealed (or side-blind is off)', async (t) => {
  const SECRET = 'optsecretauth';
  // Proposed by party 1, by party 2, and rated but proposed by nobody.
  const { h, board, p1, p2, facilitator } = await boardWithOptions(t, [SECRET, 'optp2idea', 'optplain']);

  const p2StateFrames: Uint8Array[] = [];
  const p2LaneFrames: Uint8Array[] = [];
  const p2State = await tappedProvider(t, h, `${board.id}/state`, p2.token, p2StateFrames);
  const p2Lane = await tappedProvider(t, h, `${board.id}/party/p2`, p2.token, p2LaneFrames);
  const viewerState = await rawReader(h, `${board.id}/state`, board.links.viewer.token);

  const lane1 = await h.provider(`${board.id}/party/p1`, p1.token);
  recordProposal(lane1.doc, SECRET);
  recordProposal(p2Lane.doc, 'optp2idea');
  // A later change to party 1's lane: once its progress shows, a publication has seen the proposal.
  setRating(lane1.doc, { optionId: 'optplain', participantId: 'someone1', criterion: 'impact', value: 3 });
  await waitFor(() => plain(p2State.doc, ROOT.scoreProgress).p1 === 1, { what: 'a publication after the proposal' });
  const stateFrames = () => [...p2StateFrames, ...viewerState.messages];
  assert.equal(framesContain(stateFrames(), SECRET), false, 'the state room never mentioned party 1’s proposal');
  assert.equal(framesContain(p2LaneFrames, SECRET), false);
  assert.deepEqual(plain(p2State.doc, ROOT.authorship), {});

  const revealed = await ok(h, board.id, 'reveal', facilitator, { authorship: true });
  assert.equal(revealed.authorshipPublished, true);
  await waitFor(() => Object.keys(plain(p2State.doc, ROOT.authorship)).length === 2, { what: 'authorship to reach party 2' });
  assert.deepEqual(plain(p2State.doc, ROOT.authorship), { [SECRET]: 'p1', optp2idea: 'p2' });
  await waitFor(() => framesContain(viewerState.messages, SECRET), { what: 'the viewer to receive authorship' });

  await ok(h, board.id, 'reveal', facilitator, { authorship: false });
  await waitFor(() => Object.keys(plain(p2State.doc, ROOT.authorship)).length === 0, { what: 'authorship withdrawn' });

  const notBlind = await ok(h, board.id, 'settings', facilitator, { sideBlind: false });
  assert.equal(notBlind.authorshipPublished, true, 'without side-blind, authorship is public');
  await waitFor(() => plain(p2State.doc, ROOT.authorship)[SECRET] === 'p1', { what: 'authorship public' });
});

/** Party 2's marker rater: its participant id and name are what any byte of its ratings would carry. */
const P2_MARK = 'zzvictim22';
const P2_NAME = 'Vera Quist';

/** Rate every criterion of `options` as `participantId`. */
function rateAll(doc: Y.Doc, participantId: string, options: readonly string[], value = 3) {
  for (const optionId of options) for (const criterion of CRITERIA) setRating(doc, { optionId, participantId, criterion, value });
}

test('attack 18: deleting the option the other party has not rated yet reveals nothing; the facilitator’s reveal does (positive control)', async (t) => {
  const { h, board, p1, p2, facilitator, joint } = await boardWithOptions(t, ['optA', 'optB']);
  // Everything the attacker (party 1) receives: its joint room, its lane, the state room.
  const p1Frames: Uint8Array[] = [];
  const p1State = await tappedProvider(t, h, `${board.id}/state`, p1.token, p1Frames);
  const p1Lane = await tappedProvider(t, h, `${board.id}/party/p1`, p1.token, p1Frames);
  await tappedProvider(t, h, board.id, p1.token, p1Frames);
  const lane2 = await h.provider(`${board.id}/party/p2`, p2.token);
  const progress = () => plain(p1State.doc, ROOT.scoreProgress);

  // Party 2 rates A, not B. Party 1 rates A and B, then deletes B from the joint board:
  // "everyone rated everything" now holds for what is left.
  joinAsMember(lane2.doc, P2_MARK, P2_NAME);
  rateAll(lane2.doc, P2_MARK, ['optA'], 4);
  joinAsMember(p1Lane.doc, 'attacker1', 'Mallory');
  rateAll(p1Lane.doc, 'attacker1', ['optA', 'optB']);
  await waitFor(() => progress().p1 === 6 && progress().p2 === 3, { what: 'progress 6 and 3' });
  deleteOption(joint.doc, 'optB');
  await waitFor(() => progress().p1 === 3, { what: 'the deletion to be published (party 1’s ratings of B no longer count)' });
  // One more publication that reads everything, in this process, after the deletion.
  const after = await ok(h, board.id, 'settings', facilitator, {});
  assert.equal(after.scoresRevealed, false, 'no reveal');
  assert.equal(after.scoresPublished, false);
  assert.notEqual(stateMap(p1State.doc).get('scoresRevealed'), true);
  assert.deepEqual(publishedByCriterion(p1State.doc), {});
  assert.deepEqual(plain(p1State.doc, ROOT.raters), {});
  assert.equal(framesContain(p1Frames, P2_MARK), false, 'no byte party 1 received names party 2’s rater');
  assert.equal(framesContain(p1Frames, P2_NAME), false);
  const stored = await storedDoc(h.server, `${board.id}/state`);
  assert.equal(framesContain([Y.encodeStateAsUpdate(stored)], P2_MARK), false, 'nor does the stored state room');

  // B put back: still nothing.
  addOption(joint.doc, 'optB', 'Option optB');
  await waitFor(() => progress().p1 === 6, { what: 'B back on the board' });
  assert.deepEqual(publishedByCriterion(p1State.doc), {});
  assert.equal(framesContain(p1Frames, P2_MARK), false);

  // Positive control: the facilitator reveals, and party 2's values arrive at party 1.
  await ok(h, board.id, 'reveal', facilitator, { scores: true });
  await waitFor(() => publishedByCriterion(p1State.doc)[`optA/p2/${P2_MARK}/impact`] === 4, { what: 'party 2’s ratings at party 1' });
  assert.ok(framesContain(p1Frames, P2_MARK), 'the tap sees the revealed rater: it would have seen it before');
});

test('attack 19: the last rating coming in reveals nothing (no automatic reveal), also after a restart; the facilitator’s reveal does', async (t) => {
  const { h, board, p1, p2, facilitator, joint } = await boardWithOptions(t, ['o1', 'o2']);
  const lane1 = await h.provider(`${board.id}/party/p1`, p1.token);
  const lane2 = await h.provider(`${board.id}/party/p2`, p2.token);
  const frames: Uint8Array[] = [];
  const state = await tappedProvider(t, h, `${board.id}/state`, p1.token, frames);
  const progress = () => plain(state.doc, ROOT.scoreProgress);
  joinAsMember(lane1.doc, 'a1', 'Ann');
  joinAsMember(lane2.doc, P2_MARK, P2_NAME);
  rateAll(lane1.doc, 'a1', ['o1', 'o2']);
  rateAll(lane2.doc, P2_MARK, ['o1', 'o2']);
  await waitFor(() => progress().p1 === 6 && progress().p2 === 6, { what: 'every rating counted: everyone rated everything' });
  const answer = await ok(h, board.id, 'settings', facilitator, {});
  assert.equal(answer.scoresRevealed, false);
  assert.deepEqual(publishedByCriterion(state.doc), {});
  assert.equal(framesContain(frames, P2_MARK), false);

  // After a restart (the state room's first publication reads a complete board): still nothing.
  for (const client of [joint, lane1, lane2]) h.destroyProvider(client);
  await h.restart();
  const again = await h.provider(`${board.id}/state`, board.links.viewer.token);
  await waitFor(() => plain(again.doc, ROOT.scoreProgress).p2 === 6, { what: 'the first publication after the restart' });
  assert.equal((await ok(h, board.id, 'settings', facilitator, {})).scoresPublished, false);
  assert.deepEqual(publishedByCriterion(again.doc), {});

  // Positive control.
  await ok(h, board.id, 'reveal', facilitator, { scores: true });
  await waitFor(() => Object.keys(publishedByCriterion(again.doc)).length === 12, { what: '12 published ratings' });
});

test('attack 20: unfacilitated, one party’s request reveals nothing; it can withdraw; a viewer cannot ask; a party cannot open scoring alone; both parties’ requests reveal', async (t) => {
  const { h, board, p1, p2, facilitator } = await boardWithOptions(t, ['o1']);
  const viewer = board.links.viewer.token;
  await ok(h, board.id, 'settings', facilitator, { facilitated: false });
  const frames: Uint8Array[] = [];
  const p1State = await tappedProvider(t, h, `${board.id}/state`, p1.token, frames);
  const lane2 = await h.provider(`${board.id}/party/p2`, p2.token);
  joinAsMember(lane2.doc, P2_MARK, P2_NAME);
  rateAll(lane2.doc, P2_MARK, ['o1'], 5);
  await waitFor(() => plain(p1State.doc, ROOT.scoreProgress).p2 === 3, { what: 'party 2’s progress' });
  const requests = () => readBoardState(p1State.doc).revealRequests;

  const asked = await ok(h, board.id, 'reveal', p1.token, { scores: true });
  assert.equal(asked.scoresRevealed, false, 'one party asking is not a reveal');
  assert.deepEqual(asked.revealRequests, { p1: { scores: true } });
  await waitFor(() => requests().p1?.scores === true, { what: 'party 1’s request shown to all' });
  assert.deepEqual(publishedByCriterion(p1State.doc), {});

  // Withdrawn, and asked again.
  assert.deepEqual((await ok(h, board.id, 'reveal', p1.token, { scores: false })).revealRequests, {});
  await waitFor(() => Object.keys(requests()).length === 0, { what: 'the withdrawal shown to all' });
  await ok(h, board.id, 'reveal', p1.token, { scores: true });

  // A viewer cannot ask; a party cannot publish blind scores (or authorship) through a setting.
  const refused = await act(h, board.id, 'reveal', viewer, { scores: true });
  assert.equal(refused.status, 403);
  for (const body of [{ scoring: 'open' }, { sideBlind: false }]) {
    const open = await act(h, board.id, 'settings', p1.token, body);
    assert.equal(open.status, 403, JSON.stringify(body));
    assert.match(open.body.error!.message, /every party asks/);
  }
  const check = await ok(h, board.id, 'settings', p1.token, {});
  assert.equal(check.scoresPublished, false);
  assert.deepEqual(check.revealRequests, { p1: { scores: true } }, 'the viewer’s attempt counted for nothing');
  assert.equal(framesContain(frames, P2_MARK), false, 'nothing of party 2 reached party 1 so far');

  // Positive control: party 2 asks too, and the scores are revealed.
  const both = await ok(h, board.id, 'reveal', p2.token, { scores: true });
  assert.equal(both.scoresRevealed, true);
  assert.deepEqual(both.revealRequests, {}, 'requests are spent by the reveal');
  await waitFor(() => publishedByCriterion(p1State.doc)[`o1/p2/${P2_MARK}/impact`] === 5, { what: 'party 2’s ratings at party 1' });
  assert.ok(framesContain(frames, P2_MARK));

  // Any one party hides (hiding discloses nothing); revealing again needs both again.
  assert.equal((await ok(h, board.id, 'reveal', p1.token, { scores: false })).scoresPublished, false);
  await waitFor(() => Object.keys(publishedByCriterion(p1State.doc)).length === 0, { what: 'hidden again' });
  assert.equal((await ok(h, board.id, 'reveal', p2.token, { scores: true })).scoresRevealed, false, 'fresh consent needed');
});

test('nobody writes the state room’s published maps: an update is closed with 1008 and nothing is stored', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const room = `${board.id}/state`;
  const tokens = [board.links.facilitator.token, board.links.parties[0]!.token, board.links.viewer.token];
  const forge = () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      doc.getMap(ROOT.publishedRatings).set('o1', '500');
      doc.getMap(ROOT.raterSlots).set('0', 'p2/zzforged');
      doc.getMap(ROOT.raters).set('zzforged', { partyId: 'p2', name: 'Forged' });
      doc.getMap(ROOT.authorship).set('o1', 'p2');
      doc.getMap(ROOT.scoreProgress).set('p2', 99);
      stateMap(doc).set('scoresRevealed', true);
    });
    return Y.encodeStateAsUpdate(doc);
  };
  for (const token of tokens) {
    for (const message of [updateMessage(forge()), rawSyncStep2Message(forge())]) {
      const socket = h.raw(room, token);
      await socket.opened;
      socket.send(message);
      assert.equal((await socket.closed).code, 1008);
    }
  }
  const reader = await h.provider(room, board.links.viewer.token);
  const stored = await storedDoc(h.server, room);
  for (const doc of [reader.doc, stored]) {
    assert.equal(framesContain([Y.encodeStateAsUpdate(doc)], 'zzforged'), false);
    assert.deepEqual(plain(doc, ROOT.authorship), {});
    assert.notEqual(plain(doc, ROOT.scoreProgress).p2, 99);
    assert.notEqual(stateMap(doc).get('scoresRevealed'), true);
  }
  // The reveal endpoint is the way, and a party cannot use it on a facilitated board.
  assert.equal((await act(h, board.id, 'reveal', board.links.parties[0]!.token, { scores: true })).status, 403);
});
