/**
 * The storage contract on the SQLite driver: load, append (one transaction
 * per synchronous stretch of calls), compact (content identical, exactly the merged rows deleted),
 * reload, board rows, and a refusal to open a database from a newer server.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { DB_FILE, SqliteDocStore, type WriteTiming } from './sqlite';
import { tempSqliteStore } from './temp-store';

const tempStore = (t: TestContext) => tempSqliteStore(t);

function replay(loaded: { snapshot: Uint8Array | null; updates: readonly { data: Uint8Array }[] }): Y.Doc {
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const row of loaded.updates) Y.applyUpdate(doc, row.data);
  return doc;
}

/** Edits as a client makes them: one update per change, including deletions. */
function edits(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  const text = doc.getText('notes');
  for (let i = 0; i < count; i++) {
    doc.getMap('options').set(`o${i}`, `option ${i}`);
    text.insert(text.length, `line ${i}\n`);
    if (i % 3 === 0) text.delete(0, 2);
  }
  return out;
}

test('compaction keeps content identical and deletes exactly the merged rows', async (t) => {
  const { store } = await tempStore(t);
  const updates = edits(40);
  for (let i = 0; i < updates.length; i += 7) await store.append('room-a', updates.slice(i, i + 7));
  await store.append('room-b', edits(3));
  const before = await store.loadRoom('room-a');
  assert.equal(before.snapshot, null);
  assert.equal(before.updates.length, updates.length);
  const expected = replay(before);
  const otherBefore = await store.loadRoom('room-b');

  const result = await store.compact('room-a');
  assert.deepEqual(result.mergedIds, before.updates.map((u) => u.id), 'exactly the rows that existed');
  const after = await store.loadRoom('room-a');
  assert.ok(after.snapshot);
  assert.equal(after.updates.length, 0);
  const compacted = replay(after);
  assert.deepEqual(compacted.toJSON(), expected.toJSON());
  assert.deepEqual(Y.encodeStateVector(compacted), Y.encodeStateVector(expected));
  assert.deepEqual(await store.loadRoom('room-b'), otherBefore, 'other rooms untouched');

  // Later appends land after the snapshot; a second compaction merges both.
  const more = new Y.Doc();
  Y.applyUpdate(more, after.snapshot!);
  const extra: Uint8Array[] = [];
  more.on('update', (u: Uint8Array) => extra.push(u));
  more.getMap('options').set('late', 'after compaction');
  await store.append('room-a', extra);
  const mixed = await store.loadRoom('room-a');
  assert.equal(mixed.updates.length, 1);
  const second = await store.compact('room-a');
  assert.deepEqual(second.mergedIds, [mixed.updates[0]!.id]);
  assert.equal(second.mergedIds[0]! > result.mergedIds.at(-1)!, true, 'ids are never reused');
  assert.equal(replay(await store.loadRoom('room-a')).getMap('options').get('late'), 'after compaction');
  assert.deepEqual(await store.compact('room-a'), { mergedIds: [], snapshotBytes: 0 }, 'nothing to merge');
});

test('the writer thread reports each write transaction once: appends of one stretch share one, other writes have their own', async (t) => {
  const timings: WriteTiming[] = [];
  const { store } = await tempSqliteStore(t, 'cg-store-', { onTransaction: (timing) => timings.push(timing) });
  const updates = edits(3);
  // One synchronous stretch, three rooms: one transaction of all their updates.
  await Promise.all([store.append('a', updates.slice(0, 2)), store.append('b', updates.slice(2, 3)), store.append('c', updates.slice(3))]);
  await store.compact('a');
  assert.equal(await store.isWritable(), true);
  assert.deepEqual(
    timings.map(({ op, updates }) => ({ op, updates })),
    [
      { op: 'append', updates: updates.length },
      { op: 'compact', updates: 0 },
      { op: 'heartbeat', updates: 0 },
    ],
  );
  for (const { ms } of timings) assert.ok(Number.isFinite(ms) && ms >= 0, `a duration in ms, not ${ms}`);
  // A failed transaction is reported too (it held the thread all the same).
  await assert.rejects(store.createBoard({ id: 'x', title: 'T', createdAt: 1, epoch: 0, parties: [] }, [{ room: 'x', data: updates[0]! }]).then(() =>
    store.createBoard({ id: 'x', title: 'T', createdAt: 1, epoch: 0, parties: [] }, []),
  ));
  assert.deepEqual(timings.slice(3).map(({ op }) => op), ['createBoard', 'createBoard']);
});

test('compaction keeps updates whose dependencies are missing', async (t) => {
  const { store } = await tempStore(t);
  const all = edits(4);
  // Store everything but the first update: the rest cannot integrate yet.
  await store.append('gappy', all.slice(1));
  await store.compact('gappy');
  await store.append('gappy', all.slice(0, 1));
  const full = new Y.Doc();
  for (const u of all) Y.applyUpdate(full, u);
  assert.deepEqual(replay(await store.loadRoom('gappy')).toJSON(), full.toJSON());
});

test('boards, heartbeat, and a database from a newer server', async (t) => {
  const { store, dir } = await tempStore(t);
  const row = { id: 'b'.repeat(22), title: 'T', createdAt: 1, epoch: 0, parties: [{ id: 'p1', name: 'A', color: '#000000' }] };
  await store.createBoard(row, [{ room: row.id, data: edits(1)[0]! }]);
  assert.deepEqual(await store.getBoard(row.id), row);
  assert.equal(await store.getBoard('missing'), null);
  assert.equal((await store.loadRoom(row.id)).updates.length, 1);
  await assert.rejects(store.createBoard(row, [{ room: 'x', data: new Uint8Array([0, 0]) }]));
  assert.equal((await store.loadRoom('x')).updates.length, 0, 'a failed createBoard stores nothing');
  assert.equal(await store.isWritable(), true);
  await store.close();
  assert.equal(await store.isWritable(), false);

  const db = new Database(path.join(dir, DB_FILE));
  db.pragma('user_version = 99');
  db.close();
  assert.throws(() => new SqliteDocStore({ dataDir: dir, synchronous: 'FULL' }), /newer than this server/);
});

test('a database from before snapshot ids (schema 1) is migrated in place and reads as before', async (t) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cg-store-'));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  const updates = edits(6);
  const old = new Database(path.join(dir, DB_FILE));
  old.exec(`CREATE TABLE boards (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at INTEGER NOT NULL,
              epoch INTEGER NOT NULL DEFAULT 0, parties TEXT NOT NULL);
            CREATE TABLE updates (id INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL, data BLOB NOT NULL);
            CREATE INDEX updates_by_room ON updates (room, id);
            CREATE TABLE snapshots (room TEXT PRIMARY KEY, data BLOB NOT NULL, updated_at INTEGER NOT NULL);
            CREATE TABLE heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL);`);
  const merged = Y.mergeUpdates(updates.slice(0, 4));
  old.prepare('INSERT INTO snapshots (room, data, updated_at) VALUES (?, ?, 1)').run('r', Buffer.from(merged));
  for (const u of updates.slice(4)) old.prepare('INSERT INTO updates (room, data) VALUES (?, ?)').run('r', Buffer.from(u));
  old.pragma('user_version = 1');
  old.close();

  const store = new SqliteDocStore({ dataDir: dir, synchronous: 'NORMAL' });
  t.after(() => store.close());
  const loaded = await store.loadRoom('r');
  const full = new Y.Doc();
  for (const u of updates) Y.applyUpdate(full, u);
  assert.deepEqual(replay(loaded).toJSON(), full.toJSON());
  assert.equal(loaded.lastId, loaded.updates.at(-1)!.id);
  await store.compact('r');
  assert.equal((await store.loadRoom('r')).lastId, loaded.lastId, 'the first compaction records its last id');
});
