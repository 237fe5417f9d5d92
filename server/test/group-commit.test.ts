/**
 * Group commit: the write queues of several rooms that have work in the same
 * turn start their writes together, and the SQLite store commits all of
 * them in ONE transaction; each room still hears of its commit only after it.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { DB_FILE, type SqliteDocStore } from '../persistence/sqlite';
import { tempSqliteStore } from '../persistence/temp-store';
import { WriteQueue } from '../sync/write-queue';

const tempStore = (t: TestContext) => tempSqliteStore(t, 'cg-group-');

function edit(title: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('options').set('o', title);
  return Y.encodeStateAsUpdate(doc);
}

type Probe = { queue: WriteQueue; committed: string[]; failed: Error[] };

/** A room's queue on `store`, recording what it was told was committed (or that it failed). */
function roomQueue(store: SqliteDocStore, room: string): Probe {
  const probe: Probe = { committed: [], failed: [], queue: null! };
  probe.queue = new WriteQueue({
    write: async (updates) => void (await store.append(room, updates)),
    afterCommit: (batch) => probe.committed.push(...batch.map((entry) => String(entry.origin))),
    onError: (error) => probe.failed.push(error),
  });
  return probe;
}

test('rooms written in the same turn are stored together, in order, and each is told after the commit', async (t) => {
  const { store } = await tempStore(t);
  const rooms = ['room-a', 'room-b', 'room-c'].map((name) => ({ name, probe: roomQueue(store, name) }));
  for (const { name, probe } of rooms) {
    probe.queue.push(edit(`${name} 1`), `${name} 1`);
    probe.queue.push(edit(`${name} 2`), `${name} 2`);
  }
  assert.deepEqual(rooms.map(({ probe }) => probe.committed.length), [0, 0, 0], 'nobody is told before the commit');
  await Promise.all(rooms.map(({ probe }) => probe.queue.drain()));

  let lastId = 0;
  for (const { name, probe } of rooms) {
    assert.deepEqual(probe.committed, [`${name} 1`, `${name} 2`]);
    const stored = await store.loadRoom(name);
    assert.equal(stored.updates.length, 2, `${name}: both updates stored`);
    assert.ok(stored.updates[0]!.id > lastId, 'ids follow the order the rooms wrote in');
    lastId = stored.updates[1]!.id;
  }
});

test('one transaction: when it fails, no room of the group is stored and every one of them fails', async (t) => {
  const { store, dir } = await tempStore(t);
  // Another connection makes inserts into one room fail (as a full disk would fail them all).
  const other = new Database(path.join(dir, DB_FILE));
  other.exec(`CREATE TRIGGER refuse BEFORE INSERT ON updates WHEN NEW.room = 'room-bad'
              BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;`);
  other.close();

  const rooms = ['room-a', 'room-bad', 'room-c'].map((name) => ({ name, probe: roomQueue(store, name) }));
  for (const { name, probe } of rooms) probe.queue.push(edit(name), name);
  await Promise.all(rooms.map(({ probe }) => probe.queue.drain().catch(() => {})));

  for (const { name, probe } of rooms) {
    assert.equal(probe.failed.length, 1, `${name} failed with the group`);
    assert.match(probe.failed[0]!.message, /refused by the test/);
    assert.deepEqual(probe.committed, [], `${name} was never told it was committed`);
    assert.equal((await store.loadRoom(name)).updates.length, 0, `${name}: nothing stored`);
  }

  // Written alone, in a later turn, a healthy room is stored as usual.
  const later = roomQueue(store, 'room-a');
  later.queue.push(edit('room-a again'), 'again');
  await later.queue.drain();
  assert.deepEqual(later.committed, ['again']);
  assert.equal((await store.loadRoom('room-a')).updates.length, 1);
});
