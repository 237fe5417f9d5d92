/**
 * The write queue: one transaction per tick, nothing handed on before it is
 * stored, transient failures held (in order, with what arrives meanwhile)
 * and retried, permanent ones fail the queue, `stop` lets go.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor } from '../test/harness';
import { WriteQueue, type QueuedUpdate } from './write-queue';

class Transient extends Error {}

function setup(fail: () => Error | null) {
  const written: number[][] = [];
  const committed: number[] = [];
  const errors: Error[] = [];
  let retries = 0;
  let bytes = 0;
  const queue = new WriteQueue({
    write: async (updates) => {
      const error = fail();
      if (error) throw error;
      written.push(updates.map((u) => u[0]!));
    },
    afterCommit: (batch: readonly QueuedUpdate[]) => committed.push(...batch.map((e) => e.update[0]!)),
    onError: (error) => errors.push(error),
    isTransient: (error) => error instanceof Transient,
    onRetry: () => retries++,
    maxRetryDelayMs: 20,
    onBytes: (delta) => (bytes += delta),
  });
  return { queue, written, committed, errors, retries: () => retries, bytes: () => bytes };
}

const u = (n: number, size = 1) => new Uint8Array(size).fill(n);

test('updates of one tick share one write, and are handed on only after it', async () => {
  const s = setup(() => null);
  s.queue.push(u(1), null);
  s.queue.push(u(2), null);
  assert.deepEqual(s.committed, []);
  await s.queue.drain();
  assert.deepEqual(s.written, [[1, 2]]);
  assert.deepEqual(s.committed, [1, 2]);
  assert.equal(s.bytes(), 0);
  assert.equal(s.queue.idle, true);
});

test('a transient failure holds the batch, in order with later updates, and retries until stored', async () => {
  let failures = 3;
  const s = setup(() => (failures-- > 0 ? new Transient('database away') : null));
  s.queue.push(u(1, 10), null);
  await waitFor(() => s.retries() >= 1);
  assert.equal(s.queue.retrying, true);
  s.queue.push(u(2, 5), null);
  assert.equal(s.queue.unstoredBytes, 15, 'both wait, counted');
  assert.deepEqual(s.committed, [], 'nothing handed on while unstored');
  await s.queue.drain();
  assert.deepEqual(s.committed, [1, 2]);
  assert.deepEqual(s.written.flat(), [1, 2]);
  assert.equal(s.retries(), 3);
  assert.equal(s.queue.retrying, false);
  assert.equal(s.bytes(), 0);
});

test('a permanent failure fails the queue: drain rejects and nothing more is accepted', async () => {
  const s = setup(() => new Error('disk is read-only'));
  s.queue.push(u(1), null);
  await assert.rejects(s.queue.drain(), /read-only/);
  assert.equal(s.errors.length, 1);
  s.queue.push(u(2), null);
  assert.deepEqual(s.committed, []);
});

test('stop ends the retries and lets go of what was unstored', async () => {
  const s = setup(() => new Transient('database away'));
  s.queue.push(u(1, 7), null);
  await waitFor(() => s.retries() >= 2);
  s.queue.stop();
  await waitFor(() => s.queue.idle);
  assert.equal(s.queue.unstoredBytes, 0);
  assert.equal(s.bytes(), 0);
  assert.deepEqual(s.committed, []);
  s.queue.push(u(2), null);
  assert.equal(s.queue.idle, true, 'a stopped queue takes nothing');
});

/** A queue whose store can commit synchronously: `now` decides each time (true, false, or throws). */
function setupNow(now: (updates: Uint8Array[]) => boolean) {
  const written: number[][] = [];
  const storedNow: number[][] = [];
  const committed: number[] = [];
  const errors: Error[] = [];
  const queue = new WriteQueue({
    write: async (updates) => {
      written.push(updates.map((x) => x[0]!));
    },
    writeNow: (updates) => {
      const done = now(updates);
      if (done) storedNow.push(updates.map((x) => x[0]!));
      return done;
    },
    afterCommit: (batch) => committed.push(...batch.map((e) => e.update[0]!)),
    onError: (error) => errors.push(error),
  });
  return { queue, written, storedNow, committed, errors };
}

test('writeNow: an update that finds the queue empty is stored and handed on within push', async () => {
  const s = setupNow(() => true);
  s.queue.push(u(1), null);
  assert.deepEqual(s.storedNow, [[1]]);
  assert.deepEqual(s.committed, [1], 'handed on before push returned');
  assert.equal(s.queue.idle, true);
  assert.equal(s.queue.unstoredBytes, 0);
  await s.queue.drain();
  assert.deepEqual(s.written, [], 'nothing went through the asynchronous write');
});

test('writeNow: refused or failed, the update goes through write — and nothing overtakes what is queued', async () => {
  let answer: 'yes' | 'no' | 'throw' = 'no';
  const s = setupNow(() => {
    if (answer === 'throw') throw new Error('disk I/O error');
    return answer === 'yes';
  });
  s.queue.push(u(1), null); // refused: queued for this turn's write
  answer = 'yes';
  s.queue.push(u(2), null); // the queue is not empty: behind 1, not stored now
  assert.deepEqual(s.storedNow, [], 'writeNow is not asked while anything waits');
  assert.deepEqual(s.committed, []);
  await s.queue.drain();
  assert.deepEqual(s.written, [[1, 2]]);
  assert.deepEqual(s.committed, [1, 2]);

  answer = 'throw';
  s.queue.push(u(3), null);
  assert.deepEqual(s.committed, [1, 2], 'a throw stores nothing and hands nothing on');
  await s.queue.drain();
  assert.deepEqual(s.written, [[1, 2], [3]], 'write stored it instead');
  assert.deepEqual(s.committed, [1, 2, 3]);
  assert.deepEqual(s.errors, [], 'the throw did not fail the queue');
});
