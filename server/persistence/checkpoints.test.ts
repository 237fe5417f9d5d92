/**
 * WAL checkpoints run on a connection of their own (the checkpointer
 * thread), asked for by the main thread every CHECKPOINT_EVERY write transactions: no
 * commit of the writer thread copies the WAL back and fsyncs, and the WAL
 * stays bounded whichever thread commits.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DB_FILE, SqliteDocStore, type WriteTiming } from './sqlite';
import { tempSqliteStore } from './temp-store';
import { CHECKPOINT_EVERY } from './writer-thread';

const bytes = (...values: number[]) => new Uint8Array(values);

test('with every commit on the writer thread, the checkpointer checkpoints every CHECKPOINT_EVERY write transactions and the WAL stays bounded', async (t) => {
  const timings: WriteTiming[] = [];
  const { store, dir } = await tempSqliteStore(t, 'cg-checkpoints-', { inlineCommits: false, onTransaction: (timing) => timings.push(timing) });
  const commits = CHECKPOINT_EVERY * 10;
  for (let i = 0; i < commits; i++) await store.append('room', [bytes(i % 256, 1, 2, 3)]);
  const appends = timings.filter((x) => x.op === 'append');
  assert.equal(appends.length, commits, 'one transaction each, all on the thread');
  assert.ok(appends.every((x) => x.thread === 'writer'));
  const checkpoints = timings.filter((x) => x.op === 'checkpoint').length;
  assert.ok(checkpoints >= 9 && checkpoints <= 10, `${checkpoints} checkpoints for ${commits} transactions`);
  // Unchecked, ~3 WAL pages per commit would make this ~36 MB; SQLite's automatic checkpoint is off on the writer.
  const wal = fs.statSync(path.join(dir, `${DB_FILE}-wal`)).size;
  assert.ok(wal < 16 * 1024 * 1024, `WAL ${wal} bytes`);
  assert.equal((await store.loadRoom('room')).updates.length, commits);
});

test('appends made up to close are stored, checkpoints in flight or not; the WAL is folded into the file at close', async (t) => {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'cg-checkpoints-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const store = new SqliteDocStore({ dataDir: dir, synchronous: 'NORMAL' });
  await store.append('room', [bytes(0)]); // the thread has answered: inline commits from here on
  const pending: Promise<number[]>[] = [];
  // Bursts of a synchronous stretch each (one group, inline or on the thread), never awaited one by one, so
  // checkpoints are asked for while appends are still on their way — and some are in flight at close.
  for (let burst = 0; burst < 40; burst++) {
    for (let i = 0; i < 25; i++) pending.push(store.append(`room-${i % 3}`, [bytes(burst, i)]));
    await new Promise((resolve) => setImmediate(resolve));
  }
  const last = store.append('room', [bytes(255)]);
  await store.close();
  const ids = await Promise.all([...pending, last]);
  assert.equal(ids.length, 1001);
  assert.ok(!fs.existsSync(path.join(dir, `${DB_FILE}-wal`)) || fs.statSync(path.join(dir, `${DB_FILE}-wal`)).size === 0, 'WAL folded in');
  const again = new SqliteDocStore({ dataDir: dir, synchronous: 'NORMAL' });
  t.after(() => again.close());
  const rows = await Promise.all(['room', 'room-0', 'room-1', 'room-2'].map((room) => again.loadRoom(room)));
  assert.equal(rows.reduce((n, loaded) => n + loaded.updates.length, 0), 1002);
});
