import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { createCluster, moveOption, ungroupCluster } from './clusters';
import { initializeStateDoc } from './create';
import { addOption, deleteOption, updateOption } from './mutations';
import { SCHEMA_VERSION, metaMap, optionsMap } from './schema';
import { setPhase } from './state';
import { BoardStore } from './store';
import { newJointDoc } from './test-utils';

test('editing one option keeps every other option object identical (structural sharing)', () => {
  const doc = newJointDoc();
  const a = addOption(doc, { title: 'A' })!;
  const b = addOption(doc, { title: 'B' })!;
  const store = new BoardStore({ joint: doc });
  const beforeA = store.getOption(a);
  const beforeB = store.getOption(b);
  const beforeIds = store.getOptionIds();
  updateOption(doc, a, { title: 'A2' });
  assert.notEqual(store.getOption(a), beforeA);
  assert.equal(store.getOption(a)!.title, 'A2');
  assert.equal(store.getOption(b), beforeB, 'B was not touched, so it is the same object');
  assert.equal(store.getOptionIds(), beforeIds, 'the id list did not change');
});

test('the id list follows adds and deletes in fractional order', () => {
  const doc = newJointDoc();
  const store = new BoardStore({ joint: doc });
  let notified = 0;
  store.subscribe(() => notified++);
  const a = addOption(doc, { title: 'A' })!;
  const b = addOption(doc, { title: 'B' })!;
  assert.deepEqual(store.getOptionIds(), [a, b]);
  deleteOption(doc, a);
  assert.deepEqual(store.getOptionIds(), [b]);
  assert.equal(notified, 3);
});

test('a malformed record from a hostile peer is skipped and reported, not thrown', () => {
  const doc = newJointDoc();
  const good = addOption(doc, { title: 'Good' })!;
  const problems: string[] = [];
  const store = new BoardStore({ joint: doc }, (p) => problems.push(p.id));
  doc.transact(() => {
    const bad = new Y.Map<unknown>();
    bad.set('title', 42);
    optionsMap(doc).set('bad', bad);
    (optionsMap(doc) as Y.Map<unknown>).set('notamap', 'just a string');
  });
  assert.deepEqual(store.getOptionIds(), [good]);
  assert.deepEqual(problems.sort(), ['bad', 'notamap']);
  assert.equal(store.getProblems().length, 2);
});

test('a document newer than this client makes the store say client-outdated', () => {
  const doc = newJointDoc();
  const store = new BoardStore({ joint: doc });
  assert.equal(store.getCompatibility(), 'ok');
  metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
  assert.equal(store.getCompatibility(), 'client-outdated');
});

test('the phase comes from the server-owned state document', () => {
  const joint = newJointDoc();
  const state = new Y.Doc();
  initializeStateDoc(state, 10);
  const store = new BoardStore({ joint, state });
  assert.equal(store.getPhaseState().phase, 'frame');
  setPhase(state, 'brainstorm', 20);
  assert.deepEqual(store.getPhaseState(), { phase: 'brainstorm', phaseChangedAt: 20 });
  assert.equal(setPhase(state, 'brainstorm', 30), false, 'setting the same phase again changes nothing');
});

test('destroy stops listening to the documents', () => {
  const doc = newJointDoc();
  const store = new BoardStore({ joint: doc });
  let notified = 0;
  store.subscribe(() => notified++);
  store.destroy();
  addOption(doc, { title: 'After' });
  assert.equal(notified, 0);
  assert.deepEqual(store.getOptionIds(), []);
});

test('options grouped by cluster: a column\'s list keeps its identity until its own members change', () => {
  const doc = newJointDoc();
  const a = addOption(doc, { title: 'A' })!;
  const b = addOption(doc, { title: 'B' })!;
  const c = addOption(doc, { title: 'C' })!;
  const store = new BoardStore({ joint: doc });
  const x = createCluster(doc, { name: 'X', optionIds: [a] });
  const y = createCluster(doc, { name: 'Y', optionIds: [b] });
  assert.deepEqual(store.getClusterOptionIds(x), [a]);
  assert.deepEqual(store.getClusterOptionIds(y), [b]);
  assert.deepEqual(store.getClusterOptionIds(''), [c]);
  const ungrouped = store.getClusterOptionIds('');
  const inX = store.getClusterOptionIds(x);
  moveOption(doc, b, { clusterId: x, beforeId: a });
  assert.deepEqual(store.getClusterOptionIds(x), [b, a]);
  assert.deepEqual(store.getClusterOptionIds(y), []);
  assert.equal(store.getClusterOptionIds(''), ungrouped, 'the ungrouped column was not touched');
  assert.notEqual(store.getClusterOptionIds(x), inX);
  updateOption(doc, c, { title: 'C2' });
  assert.equal(store.getClusterOptionIds(''), ungrouped, 'an edit does not change membership');
  ungroupCluster(doc, x);
  assert.deepEqual([...store.getClusterOptionIds('')].sort(), [a, b, c].sort());
  assert.deepEqual(store.getClusterOptionIds(x), []);
});
