/**
 * The SQLite store's writer thread: writes run off the event loop (a commit
 * that has to wait leaves the main thread serving reads), their errors and
 * the thread's death reach the caller, close stores what is pending, and the
 * thread never holds the process open once its work is done.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { DB_FILE, SqliteDocStore } from '../persistence/sqlite';
import { tempSqliteStore } from '../persistence/temp-store';
import { waitFor } from './harness';

const bytes = (...values: number[]) => new Uint8Array(values);

test('a commit that has to wait stalls no read: the event loop serves reads meanwhile, and the append resolves after its commit', async (t) => {
  const { store, dir } = await tempSqliteStore(t, 'cg-writer-');
  const [before] = await store.append('room', [bytes(1)]);
  // Another connection holds the write lock, as a slow disk or a checkpoint holds up a commit.
  const other = new Database(path.join(dir, DB_FILE));
  t.after(() => other.close());
  other.exec('BEGIN IMMEDIATE');

  let stored: number[] | null = null;
  const waiting = store.append('room', [bytes(2)]).then((ids) => (stored = ids));
  const alsoWaiting = store.append('other-room', [bytes(3)]);
  // The writer thread is blocked on the lock; this thread is not: it answers reads.
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
  const meanwhile = await store.loadRoom('room');
  assert.deepEqual(meanwhile.updates.map((u) => u.id), [before], 'only the committed row is visible');
  assert.equal(stored, null, 'not resolved before its commit');

  other.exec('COMMIT');
  const [after] = await waiting;
  assert.ok(after! > before!);
  assert.deepEqual((await store.loadRoom('room')).updates.map((u) => [...u.data]), [[1], [2]], 'visible once resolved');
  assert.equal((await alsoWaiting).length, 1);
});

test('a failed write rejects with the storage error, its SQLite code included; the store goes on', async (t) => {
  const { store, dir } = await tempSqliteStore(t, 'cg-writer-');
  const other = new Database(path.join(dir, DB_FILE));
  other.exec(`CREATE TRIGGER refuse BEFORE INSERT ON updates WHEN NEW.room = 'bad'
              BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;`);
  other.close();
  const error = await store.append('bad', [bytes(1)]).catch((e: unknown) => e);
  assert.ok(error instanceof Error);
  assert.match(error.message, /refused by the test/);
  assert.match(String((error as { code?: unknown }).code), /^SQLITE_CONSTRAINT/);
  assert.equal((await store.append('good', [bytes(2)])).length, 1);
  assert.equal(await store.isWritable(), true);
});

test('a writer thread that dies fails every write, pending or later; isWritable is false; close still resolves', async (t) => {
  const { dir } = await tempSqliteStore(t, 'cg-writer-');
  const store = new SqliteDocStore({ dataDir: dir, synchronous: 'NORMAL', writerModule: 'data:text/javascript,process.exit(3)' });
  await assert.rejects(store.append('room', [bytes(1)]), /writer thread exited \(code 3\)/);
  await assert.rejects(store.compact('room'), /writer thread exited/);
  assert.equal(await store.isWritable(), false);
  await store.close();
});

test('close stores the appends already made; later writes are refused', async (t) => {
  const { store, dir } = await tempSqliteStore(t, 'cg-writer-');
  const pending = store.append('room', [bytes(1), bytes(2)]);
  await store.close();
  assert.equal((await pending).length, 2);
  await assert.rejects(store.append('room', [bytes(3)]), /closed/);
  assert.equal(await store.isWritable(), false);
  const reopened = new SqliteDocStore({ dataDir: dir, synchronous: 'NORMAL' });
  t.after(() => reopened.close());
  assert.deepEqual((await reopened.loadRoom('room')).updates.map((u) => [...u.data]), [[1], [2]]);
});

// A writer thread that held the process open would hang the child: the timeout turns that into a failure.
test('an append made as the process runs out of work is stored, then the process exits by itself', { timeout: 30_000 }, async (t) => {
  const { dir } = await tempSqliteStore(t, 'cg-writer-');
  const script = path.join(dir, 'script.mts');
  const storeModule = path.resolve(import.meta.dirname, '../persistence/sqlite.ts');
  await fs.writeFile(
    script,
    `import { SqliteDocStore } from ${JSON.stringify(storeModule)};
     const store = new SqliteDocStore({ dataDir: ${JSON.stringify(dir)}, synchronous: 'NORMAL' });
     void store.append('in-flight', [new Uint8Array([1])]); // neither awaited nor closed
     process.stdout.write('sent\\n');
    `,
  );
  // The write lock is held here until the child has sent its append, so the
  // append is still waiting when the child's main thread has nothing left to do.
  const lock = new Database(path.join(dir, DB_FILE));
  t.after(() => lock.close());
  lock.exec('BEGIN IMMEDIATE');
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => child.kill('SIGKILL'));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await waitFor(() => out.includes('sent'), { what: 'the child to send its append' });
  lock.exec('COMMIT');
  assert.equal(await exited, 0, 'exits by itself once the append is stored');
  const rows = lock.prepare('SELECT room FROM updates ORDER BY id').pluck().all();
  assert.deepEqual(rows, ['in-flight']);
});
