import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { initializeStateDoc } from './create';
import { applyTimerAction, readBoardState, readCompletedPicture, timerView, writeCompletedPicture } from './state';

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

test('the completed picture: kept in the state room, outside BoardState, written only when it changes', () => {
  const doc = new Y.Doc();
  initializeStateDoc(doc, 0);
  assert.equal(readCompletedPicture(doc), '');
  let updates = 0;
  doc.on('update', () => updates++);
  writeCompletedPicture(doc, 'digest-1', 'test');
  writeCompletedPicture(doc, 'digest-1', 'test');
  assert.equal(updates, 1, 'the same picture again writes nothing');
  assert.equal(readCompletedPicture(doc), 'digest-1');
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  assert.equal(readCompletedPicture(copy), 'digest-1', 'it travels with the document');
  assert.equal('completedPicture' in readBoardState(copy), false);
});
