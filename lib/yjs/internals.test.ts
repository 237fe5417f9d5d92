/**
 * Pinned to the installed Yjs: every internal shape lib/yjs/internals.ts
 * reads is checked here, so a Yjs upgrade that changes one fails this test
 * (update CHECKED_YJS_VERSION only after checking each reading again).
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import * as Y from 'yjs';
import {
  CHECKED_YJS_VERSION,
  dropPending,
  hasPending,
  itemSpansUnder,
  mapKeysWithDeleted,
  pendingBytes,
  pendingChanged,
  pendingState,
  pendingUpdatesV2,
} from './internals';

const installed = (createRequire(import.meta.url)('yjs/package.json') as { version: string }).version;

test('the installed Yjs is the version the internals were checked against', () => {
  assert.equal(installed, CHECKED_YJS_VERSION, `Yjs ${installed} is installed: re-check lib/yjs/internals.ts, then update CHECKED_YJS_VERSION`);
});

/** An update whose dependency (the first edit of the same client) is missing. */
function orphanUpdate(): Uint8Array {
  const source = new Y.Doc();
  source.getMap('m').set('a', 1);
  const before = Y.encodeStateVector(source);
  source.getMap('m').set('b', 2);
  source.getMap('m').delete('a');
  return Y.encodeStateAsUpdate(source, before);
}

test('pending structs and deletions: seen, sized, compared and dropped', () => {
  const doc = new Y.Doc();
  assert.equal(hasPending(doc), false);
  assert.equal(pendingBytes(doc), 0);
  const before = pendingState(doc);
  Y.applyUpdate(doc, orphanUpdate());
  assert.equal(hasPending(doc), true, 'an update without its dependency is held back');
  assert.ok(pendingBytes(doc) > 0, 'its bytes are counted');
  assert.equal(pendingChanged(before, doc), true);
  assert.equal(pendingChanged(pendingState(doc), doc), false);
  dropPending(doc);
  assert.equal(hasPending(doc), false);
  assert.equal(doc.getMap('m').get('b'), undefined, 'nothing held back was shown');
});

test('a map lists its deleted keys in place', () => {
  const doc = new Y.Doc();
  const map = doc.getMap<unknown>('m');
  map.set('x', 1);
  map.set('y', 2);
  map.set('z', 3);
  map.delete('y');
  assert.deepEqual([...mapKeysWithDeleted(map)], [['x', false], ['y', true], ['z', false]]);
  assert.deepEqual([...map.keys()], ['x', 'z'], 'the public API skips it (why the internal is read)');
});

test('the items under a map: its keys’ items (deleted too), nested types’ items, typed text', () => {
  const doc = new Y.Doc();
  doc.clientID = 7;
  const root = doc.getMap<unknown>('records');
  const record = new Y.Map<unknown>();
  root.set('r1', record); // clock 0
  record.set('a', 1); // clock 1
  record.set('a', 2); // clock 2 (the key's item is the new one)
  const text = new Y.Text();
  record.set('t', text); // clock 3
  text.insert(0, 'hi'); // clocks 4–5, one item of length 2
  root.set('x', 'y'); // clock 6
  root.delete('x'); // its item stays in the map, deleted
  const spans = [...itemSpansUnder(root)].map((s) => `${s.client}:${s.clock}+${s.length}`).sort();
  assert.deepEqual(spans, ['7:0+1', '7:2+1', '7:3+1', '7:4+2', '7:6+1']);
});

test('what is held back, as updates a copy can apply', () => {
  const doc = new Y.Doc();
  assert.deepEqual(pendingUpdatesV2(doc), []);
  Y.applyUpdate(doc, orphanUpdate());
  const parts = pendingUpdatesV2(doc);
  assert.ok(parts.length > 0);
  const copy = new Y.Doc();
  for (const part of parts) Y.applyUpdateV2(copy, part);
  assert.equal(hasPending(copy), true, 'the copy holds them back too');
});
