/**
 * Inline commits: small appends are committed on the main thread once the
 * writer thread is known alive and idle, stored as durably as on the thread;
 * everything else (a big group, a locked database, a slow disk, a thread
 * with work in flight, FULL) still goes to the thread; the WAL is
 * checkpointed by the thread although the main thread never does it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { CHECKPOINT_EVERY, INLINE_GROUP_MAX_PER_SECOND, INLINE_MAX_BYTES, INLINE_MAX_PER_SECOND, InlineCommits, SLOW_MS } from './inline-commits';
import { CpuWait } from './cpu-wait';
import { DB_FILE, SqliteDocStore, type WriteTiming } from './sqlite';
import { tempSqliteStore } from './temp-store';

const bytes = (...values: number[]) => new Uint8Array(values);

async function recordingStore(t: Parameters<typeof tempSqliteStore>[0], options: { synchronous?: 'NORMAL' | 'FULL'; inlineMaxPerSecond?: number } = {}) {
  const timings: WriteTiming[] = [];
  const { store, dir } = await tempSqliteStore(t, 'cg-inline-', { ...options, onTransaction: (timing) => timings.push(timing) });
  const where = () => timings.filter((x) => x.op === 'append').map((x) => x.thread);
  return { store, dir, timings, where };
}

/** InlineCommits on a fresh store's file, on a clock the test sets (ms). */
function inlineWithClock(t: TestContext): { inline: InlineCommits; clock: { now: number } } {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'cg-inline-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const store = new SqliteDocStore({ dataDir: dir, synchronous: 'NORMAL', inlineCommits: false }); // creates the schema
  t.after(() => store.close());
  const clock = { now: 0 };
  const inline = new InlineCommits(path.join(dir, DB_FILE), undefined, () => clock.now);
  t.after(() => inline.close());
  return { inline, clock };
}

test('once the writer thread has answered, a small append commits on the main thread: resolved = stored, also for a new connection', async (t) => {
  const { store, dir, where } = await recordingStore(t);
  await store.append('room', [bytes(1)]);
  assert.deepEqual(where(), ['writer'], 'the first append goes to the thread (not yet known alive)');
  const ids = await store.append('room', [bytes(2), bytes(3)]);
  assert.deepEqual(where(), ['writer', 'main']);
  assert.equal(ids.length, 2);
  const other = new Database(path.join(dir, DB_FILE), { readonly: true });
  t.after(() => other.close());
  const rows = other.prepare('SELECT data FROM updates WHERE room = ? ORDER BY id').all('room') as { data: Buffer }[];
  assert.deepEqual(rows.map((r) => [...r.data]), [[1], [2], [3]]);
  // Appends of one synchronous stretch still share one transaction, in order.
  const [a, b] = await Promise.all([store.append('x', [bytes(4)]), store.append('y', [bytes(5)])]);
  assert.deepEqual(where(), ['writer', 'main', 'main']);
  assert.ok(b![0]! > a![0]!);
});

test('a big group, a locked database and FULL go to the writer thread', async (t) => {
  const { store, dir, where } = await recordingStore(t);
  await store.append('room', [bytes(1)]);
  await store.append('room', [new Uint8Array(INLINE_MAX_BYTES + 1)]);
  assert.deepEqual(where(), ['writer', 'writer'], 'too big to write on the event loop');

  const other = new Database(path.join(dir, DB_FILE));
  t.after(() => other.close());
  other.exec('BEGIN IMMEDIATE');
  let stored = false;
  const waiting = store.append('room', [bytes(2)]).then(() => (stored = true));
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(stored, false, 'waits for the lock on the thread, not here');
  other.exec('COMMIT');
  await waiting;
  assert.deepEqual(where(), ['writer', 'writer', 'writer']);

  const full = await recordingStore(t, { synchronous: 'FULL' });
  await full.store.append('room', [bytes(1)]);
  await full.store.append('room', [bytes(2)]);
  assert.deepEqual(full.where(), ['writer', 'writer'], 'FULL fsyncs every commit: never on the event loop');
});

test('an inline commit that fails rejects with the storage error and its SQLite code; nothing of its group is stored', async (t) => {
  const { store, dir, where } = await recordingStore(t);
  await store.append('good', [bytes(1)]);
  const other = new Database(path.join(dir, DB_FILE));
  other.exec(`CREATE TRIGGER refuse BEFORE INSERT ON updates WHEN NEW.room = 'bad'
              BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;`);
  other.close();
  const good = store.append('good', [bytes(2)]);
  const error = await store.append('bad', [bytes(3)]).catch((e: unknown) => e);
  assert.ok(error instanceof Error);
  assert.match(error.message, /refused by the test/);
  assert.match(String((error as { code?: unknown }).code), /^SQLITE_CONSTRAINT/);
  await assert.rejects(good, /refused by the test/, 'the group shares its transaction');
  assert.deepEqual((await store.loadRoom('good')).updates.map((u) => [...u.data]), [[1]]);
  assert.equal((await store.append('good', [bytes(4)])).length, 1, 'the store goes on');
  assert.equal(where().at(-1), 'main');
});

test('the writer thread checkpoints the WAL every CHECKPOINT_EVERY inline commits, so it stays bounded', async (t) => {
  const { store, dir, timings, where } = await recordingStore(t, { inlineMaxPerSecond: Infinity }); // as fast as the loop goes
  const commits = CHECKPOINT_EVERY * 10;
  for (let i = 0; i < commits; i++) {
    await store.append('room', [bytes(i % 256, 1, 2, 3)]);
    // Inline commits resolve in microtasks: let the event loop turn now and then, as a server's does, to hear the thread.
    if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  assert.ok(where().filter((x) => x === 'main').length >= commits - 20, 'nearly all inline');
  assert.ok(timings.filter((x) => x.op === 'checkpoint').length >= 8, 'checkpoints requested');
  // Unchecked, ~3 WAL pages per commit would make this ~36 MB. Commits landing during every checkpoint keep
  // the WAL from starting over, until one runs alone (WAL_RESTART_FRAMES): then it is reused from its start.
  const wal = fs.statSync(path.join(dir, `${DB_FILE}-wal`)).size;
  assert.ok(wal < 16 * 1024 * 1024, `WAL ${wal} bytes`);
  assert.equal((await store.loadRoom('room')).updates.length, commits);
});

test('commits go on inline while the thread runs a checkpoint (a slow fsync there stalls no room)', async (t) => {
  const { store } = await recordingStore(t, { inlineMaxPerSecond: Infinity });
  await store.append('room', [bytes(0)]); // the thread has answered
  // Synchronously, so nothing the thread answers can arrive in between: the checkpoint asked for after
  // CHECKPOINT_EVERY of these is still running at the next one.
  for (let i = 1; i < CHECKPOINT_EVERY; i++) assert.ok(store.appendNow('room', [bytes(i % 256)]), `commit ${i}`);
  assert.ok(store.appendNow('room', [bytes(1)]), 'the one that asks for the checkpoint');
  assert.ok(store.appendNow('room', [bytes(2)]), 'beside the checkpoint in flight (before: refused until it was done)');
  assert.equal((await store.loadRoom('room')).updates.length, CHECKPOINT_EVERY + 2);
});

test('at most INLINE_MAX_PER_SECOND inline commits a second: under load the thread commits (its group commit writes fewer pages)', (t) => {
  const { inline, clock } = inlineWithClock(t);
  const entry = [{ name: 'room', updates: [bytes(1)] }];
  for (let i = 0; i < INLINE_MAX_PER_SECOND; i++) assert.ok(inline.tryAppend(entry));
  assert.equal(inline.tryAppend(entry), null, 'the rest of this second goes to the thread');
  clock.now = 999;
  assert.equal(inline.tryAppend(entry), null);
  clock.now = 1000;
  assert.ok(inline.tryAppend(entry), 'a new second');
});

test("past INLINE_MAX_PER_SECOND single commits, a turn's group still commits inline, up to INLINE_GROUP_MAX_PER_SECOND in all", (t) => {
  const { inline, clock } = inlineWithClock(t);
  const entry = [{ name: 'room', updates: [bytes(1)] }];
  for (let i = 0; i < INLINE_MAX_PER_SECOND; i++) assert.ok(inline.tryAppend(entry));
  assert.equal(inline.tryAppend(entry), null, 'single appends wait for their turn');
  for (let i = INLINE_MAX_PER_SECOND; i < INLINE_GROUP_MAX_PER_SECOND; i++) assert.ok(inline.tryAppend(entry, { group: true }));
  assert.equal(inline.tryAppend(entry, { group: true }), null, 'the rest of this second goes to the thread');
  clock.now = 1000;
  assert.ok(inline.tryAppend(entry, { group: true }), 'a new second');
});

test('time a transaction waited for a CPU is not the disk: it starts no back-off', (t) => {
  const { inline } = inlineWithClock(t);
  const entry = [{ name: 'room', updates: [bytes(1)] }];
  inline.noteTransaction(SLOW_MS * 8, SLOW_MS * 8 - 0.1); // preempted: 0.1 ms of work
  assert.ok(inline.tryAppend(entry), 'still inline');
  inline.noteTransaction(SLOW_MS * 8, SLOW_MS * 7); // 10 ms not waiting for a CPU
  assert.equal(inline.tryAppend(entry), null, 'backing off');
});

test('CpuWait reads this thread\'s run-queue wait (Linux), never backwards', (t) => {
  const wait = new CpuWait();
  t.after(() => wait.close());
  const first = wait.ms();
  assert.ok(Number.isFinite(first) && first >= 0);
  assert.ok(wait.ms() >= first);
});

test('a slow transaction sends appends to the thread for a back-off that doubles, and is forgotten after quiet minutes', (t) => {
  const { inline, clock } = inlineWithClock(t);
  const entry = [{ name: 'room', updates: [bytes(1)] }];
  assert.ok(inline.tryAppend(entry), 'quick disk: inline');
  inline.noteTransaction(SLOW_MS); // e.g. the thread's transaction was slow
  assert.equal(inline.tryAppend(entry), null);
  clock.now = 999;
  assert.equal(inline.tryAppend(entry), null, 'backing off for 1 s');
  clock.now = 1000;
  assert.ok(inline.tryAppend(entry));
  inline.noteTransaction(SLOW_MS * 10);
  clock.now = 2999;
  assert.equal(inline.tryAppend(entry), null, 'a second slow one: 2 s');
  clock.now = 3000;
  assert.ok(inline.tryAppend(entry));
  inline.noteTransaction(SLOW_MS - 0.1);
  assert.ok(inline.tryAppend(entry), 'a quick transaction starts nothing');
  clock.now = 3000 + 5 * 60_000 + 1;
  inline.noteTransaction(SLOW_MS);
  clock.now += 1000;
  assert.ok(inline.tryAppend(entry), 'after 5 quiet minutes the back-off starts at 1 s again');
});

test('appendNow commits within the call once the thread has answered, and never past an append still on its way', async (t) => {
  const { store, dir, where } = await recordingStore(t);
  assert.equal(store.appendNow('room', [bytes(1)]), null, 'the thread has not answered yet: not now');
  await store.append('room', [bytes(1)]);
  const ids = store.appendNow('room', [bytes(2), bytes(3)]);
  assert.equal(ids?.length, 2, 'committed within the call');
  assert.deepEqual(where(), ['writer', 'main']);
  const other = new Database(path.join(dir, DB_FILE), { readonly: true });
  t.after(() => other.close());
  const stored = () => (other.prepare('SELECT data FROM updates WHERE room = ? ORDER BY id').all('room') as { data: Buffer }[]).map((r) => r.data[0]);
  assert.deepEqual(stored(), [1, 2, 3], 'visible to another connection at once');

  // An append of this stretch not yet flushed, or one in flight on the thread, is ahead: appendNow says no.
  const queued = store.append('room', [bytes(4)]);
  assert.equal(store.appendNow('room', [bytes(5)]), null, 'a group waits for this stretch’s flush');
  await queued;
  const big = store.append('room', [new Uint8Array(INLINE_MAX_BYTES + 1)]); // too big to commit inline: the thread's
  await Promise.resolve(); // the stretch's flush sends it
  assert.equal(store.appendNow('room', [bytes(6)]), null, 'an append in flight on the thread');
  await big;
  assert.ok(store.appendNow('room', [bytes(7)]));
  assert.deepEqual(stored().filter((x) => x !== 0), [1, 2, 3, 4, 7]);
});

test('a compaction merges with no lock held: inline commits go on beside it, and what they store stays', async (t) => {
  const { store, dir } = await recordingStore(t);
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < 3000; i++) doc.getMap('m').set(`k${i % 500}`, `value ${i}`); // a merge of some milliseconds
  // Stored from outside: through the store, a transaction this big would be slow and start a back-off.
  const outside = new Database(path.join(dir, DB_FILE));
  const insert = outside.prepare('INSERT INTO updates (room, data) VALUES (?, ?)');
  outside.transaction(() => updates.forEach((update) => insert.run('room', Buffer.from(update))))();
  outside.close();
  await store.append('other', [bytes(1)]); // the thread has answered
  const compaction = store.compact('room');
  doc.getMap('m').set('late', 'during the compaction');
  const late = updates.at(-1)!;
  const ids = store.appendNow('room', [late]);
  assert.ok(ids, 'committed inline while the thread compacts (before: not until the compaction was done)');
  const result = await compaction;
  const loaded = await store.loadRoom('room');
  if (!result.mergedIds.includes(ids[0]!)) assert.ok(loaded.updates.some((u) => u.id === ids[0]), 'not merged: still in the log');
  const replayed = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(replayed, loaded.snapshot);
  for (const update of loaded.updates) Y.applyUpdate(replayed, update.data);
  assert.deepEqual(replayed.getMap('m').toJSON(), doc.getMap('m').toJSON());
});
