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
