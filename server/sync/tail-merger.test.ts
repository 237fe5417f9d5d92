/**
 * Tails merged on the merge thread: the same document as merging on the
 * event loop, updates added meanwhile kept, a merge made here meanwhile wins,
 * a failed merge falls back to the event loop, a closed merger refuses.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { EncodedDoc, mergedStep2 } from './encoded-doc';
import { syncStep2Payload } from './protocol';
import { TailMerger } from './tail-merger';

/** An encoded doc and the live doc it mirrors; `edit` makes one edit on the live doc and adds it to the encoded one. */
function mirrored() {
  const live = new Y.Doc();
  live.getMap('options').set('first', 'an option');
  const encoded = EncodedDoc.fromDoc(live);
  let last: Uint8Array | null = null;
  live.on('update', (update: Uint8Array) => (last = update));
  const edit = (i: number) => {
    live.getMap('options').set(`o${i % 7}`, `edit ${i}`);
    const verdict = encoded.judge(last!, Y.decodeUpdate(last!));
    assert.equal(verdict.kind, 'quiet');
    if (verdict.kind === 'quiet') encoded.add(verdict);
  };
  const content = () => {
    const doc = encoded.toDoc(null);
    try {
      return doc.getMap('options').toJSON();
    } finally {
      doc.destroy();
    }
  };
  return { live, encoded, edit, content };
}

test('the merge thread answers what merging here answers', async (t) => {
  const merger = new TailMerger();
  t.after(() => merger.close());
  const { encoded, edit } = mirrored();
  for (let i = 0; i < 50; i++) edit(i);
  const state = syncStep2Payload(encoded.step2For(new Uint8Array([0])));
  const tail = [Y.encodeStateAsUpdate(new Y.Doc())];
  assert.deepEqual(await merger.merge(state, tail), mergedStep2(state, tail));
});

test('mergeElsewhere: the tail is folded in off the event loop; updates added meanwhile stay in the tail', async (t) => {
  const merger = new TailMerger();
  t.after(() => merger.close());
  const { live, encoded, edit, content } = mirrored();
  for (let i = 0; i < 300; i++) edit(i);
  const bytesBefore = encoded.stateBytes;
  const merging = encoded.mergeElsewhere(merger.merge);
  for (let i = 300; i < 305; i++) edit(i); // while the thread merges
  assert.equal(encoded.tailLength, 305, 'nothing swapped yet');
  assert.equal(await merging, 'elsewhere');
  assert.equal(encoded.tailLength, 5, 'the five added meanwhile');
  assert.notEqual(encoded.stateBytes, bytesBefore);
  assert.deepEqual(content(), live.getMap('options').toJSON());
});

test('mergeElsewhere: a merge here in the meantime wins; a failed merge elsewhere is done here', async () => {
  const { live, encoded, edit, content } = mirrored();
  for (let i = 0; i < 20; i++) edit(i);
  let answer: (step2: Uint8Array) => void = () => {};
  const slow = encoded.mergeElsewhere((state, tail) => new Promise((resolve) => (answer = () => resolve(mergedStep2(state, tail)))));
  assert.equal(await encoded.mergeElsewhere(() => Promise.reject(new Error('not asked'))), null, 'one at a time: nothing asked');
  encoded.merge(); // a newcomer's sync step 2 merges here first
  edit(20);
  answer(new Uint8Array());
  assert.equal(await slow, null, 'dropped');
  assert.equal(encoded.tailLength, 1, 'the late answer was dropped: the edit made after the merge is still there');
  assert.deepEqual(content(), live.getMap('options').toJSON());

  for (let i = 21; i < 30; i++) edit(i);
  assert.equal(await encoded.mergeElsewhere(() => Promise.reject(new Error('the thread died'))), 'here');
  assert.equal(encoded.tailLength, 0, 'merged here instead');
  assert.deepEqual(content(), live.getMap('options').toJSON());
});

test('a closed merger refuses, and so the rooms merge on the event loop', async () => {
  const merger = new TailMerger();
  await merger.close();
  await assert.rejects(merger.merge(new Uint8Array([0, 0]), []), /closed/);
});
