import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { initializeStateDoc } from './create';
import { serverOrigin } from './origins';
import { STATE_KEYS, stateMap } from './schema';
import { applyTimerAction, partiesAsking, readBoardState, timerView, writeStateFields } from './state';

test('timer: start, pause, add and resume against the server clock', () => {
  const doc = new Y.Doc();
  initializeStateDoc(doc, 0);
  applyTimerAction(doc, { type: 'start', durationMs: 60_000 }, 1_000);
  assert.deepEqual(timerView(readBoardState(doc), 31_000), { running: true, remainingMs: 30_000, durationMs: 60_000 });
  applyTimerAction(doc, { type: 'pause' }, 41_000);
  assert.deepEqual(timerView(readBoardState(doc), 99_000), { running: false, remainingMs: 20_000, durationMs: 60_000 });
  applyTimerAction(doc, { type: 'add', ms: 10_000 }, 99_000);
  applyTimerAction(doc, { type: 'start' }, 100_000);
  assert.equal(timerView(readBoardState(doc), 110_000).remainingMs, 20_000);
  assert.equal(timerView(readBoardState(doc), 500_000).remainingMs, 0, 'never below zero');
});

test('timer: taking away more time than is left stops at zero, never negative', () => {
  const doc = new Y.Doc();
  initializeStateDoc(doc, 0);
  applyTimerAction(doc, { type: 'start', durationMs: 60_000 }, 0);
  const state = applyTimerAction(doc, { type: 'add', ms: -3_600_000 }, 10_000);
  assert.equal(state.timerDurationMs, 0);
  assert.equal(timerView(state, 10_000).remainingMs, 0);
  applyTimerAction(doc, { type: 'reset' }, 20_000);
  assert.deepEqual(timerView(readBoardState(doc), 20_000), { running: false, remainingMs: 0, durationMs: 0 });
});

test('reveal requests: absent reads as nobody asking; malformed reads as nobody; a legacy completedPicture is ignored', () => {
  const doc = new Y.Doc();
  initializeStateDoc(doc, 0);
  assert.deepEqual(readBoardState(doc).revealRequests, {}, 'a board from before the key: nobody has asked');
  writeStateFields(doc, { revealRequests: { p1: { scores: true }, p2: { authorship: true } } }, 'test');
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const requests = readBoardState(copy).revealRequests;
  assert.deepEqual(requests, { p1: { scores: true }, p2: { authorship: true } });
  assert.deepEqual(partiesAsking(requests, 'scores', ['p1', 'p2']), ['p1']);
  assert.deepEqual(partiesAsking(requests, 'authorship', ['p1', 'p2']), ['p2']);
  doc.transact(() => stateMap(doc).set(STATE_KEYS.revealRequests, { 'participant-x': { scores: true } }), serverOrigin('test'));
  assert.deepEqual(readBoardState(doc).revealRequests, {}, 'a key that is not a party id: nobody');
  doc.transact(() => stateMap(doc).set(STATE_KEYS.completedPicture, 'digest-1'), serverOrigin('test'));
  assert.equal('completedPicture' in readBoardState(doc), false);
  assert.equal(readBoardState(doc).scoresRevealed, false, 'a legacy completed picture reveals nothing');
});
