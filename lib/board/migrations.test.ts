import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as Y from 'yjs';
import { migrateDoc, type Migration } from './migrations';
import { readMeta, readParties } from './read';
import { SCHEMA_VERSION, metaMap, readSchemaVersion } from './schema';

/** A v1 joint board stored as bytes, as the server stores it. Never regenerate it: it is history. */
const V1_FIXTURE = new URL('./__fixtures__/v1-joint-board.bin', import.meta.url);

test('a stored v1 board loads and is current', () => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, readFileSync(V1_FIXTURE));
  const result = migrateDoc(doc, 'joint');
  assert.equal(result.status, SCHEMA_VERSION === 1 ? 'current' : 'migrated');
  assert.equal(readSchemaVersion(doc), SCHEMA_VERSION);
  assert.equal(readMeta(doc)?.question, 'How might we keep prices stable and the plant busy?');
  assert.deepEqual(
    readParties(doc).map((p) => p.name),
    ['Buyer', 'Supplier'],
  );
});

test('an empty document is stamped with the current version', () => {
  const doc = new Y.Doc();
  assert.deepEqual(migrateDoc(doc, 'lane'), { status: 'initialized', from: null, to: SCHEMA_VERSION });
  assert.equal(readSchemaVersion(doc), SCHEMA_VERSION);
});

test('steps run in order, once, only for their kinds, in one transaction', () => {
  const ran: string[] = [];
  const steps: Migration[] = [
    { version: 2, name: 'two', kinds: ['joint'], up: () => ran.push('two') },
    { version: 3, name: 'three', kinds: ['lane'], up: () => ran.push('three') },
    { version: 4, name: 'four', kinds: ['joint', 'lane'], up: (doc) => void metaMap(doc).set('four', true) },
  ];
  const doc = new Y.Doc();
  metaMap(doc).set('schemaVersion', 1);
  let transactions = 0;
  doc.on('afterTransaction', () => transactions++);
  const result = migrateDoc(doc, 'joint', steps, 4);
  assert.deepEqual(result, { status: 'migrated', from: 1, to: 4 });
  assert.deepEqual(ran, ['two']);
  assert.equal(metaMap(doc).get('four'), true);
  assert.equal(transactions, 1);
  assert.equal(migrateDoc(doc, 'joint', steps, 4).status, 'current', 'running again changes nothing');
});

test('a document newer than the code is left untouched', () => {
  const doc = new Y.Doc();
  metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 5);
  const before = Y.encodeStateAsUpdate(doc);
  assert.equal(migrateDoc(doc, 'joint').status, 'newer');
  assert.deepEqual(Y.encodeStateAsUpdate(doc), before);
});
