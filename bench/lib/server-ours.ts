/**
 * Child process: OUR server (server/app.ts), in-process exactly as
 * server/main.ts builds it minus Next.js, on 127.0.0.1 and port 0, with
 * SQLite in a temporary DATA_DIR. Run with --expose-gc.
 * Env: everything server/config.ts reads (the orchestrator sets it).
 */
import fs from 'node:fs';
import { createCommonGroundServer } from '@/server/app';
import { loadConfig } from '@/server/config';
import { checkpointInWorker } from './checkpoint-worker';
import { probeHandlers } from './process-probes';
import { serve } from './rpc';
import { summarize } from './stats';

const config = loadConfig(process.env);
const server = createCommonGroundServer({ config });
const { port } = await server.listen(0, '127.0.0.1');

// Instrumentation (bench only, nothing in the server changes): every SQLite
// transaction the store runs for appends (a group of them) or a compaction,
// and how long it took. better-sqlite3 is synchronous, so that is how long it blocked the
// event loop.
const storeTimes = { append: [] as number[], appendedUpdates: 0, compact: [] as number[] };
const store = server.store;
const timed = <A extends unknown[], R>(list: number[], fn: (...args: A) => R) => (...args: A): R => {
  const started = performance.now();
  try {
    return fn(...args);
  } finally {
    list.push(performance.now() - started);
  }
};
const originalCompact = store.compact.bind(store);
Object.assign(store, { compact: timed(storeTimes.compact, originalCompact) });
// The store group-commits: every append of one synchronous stretch (all rooms'
// writes of a turn) shares one transaction, run by its private commitGroup.
const grouping = store as unknown as { commitGroup?: () => void };
if (grouping.commitGroup) grouping.commitGroup = timed(storeTimes.append, grouping.commitGroup.bind(store));
const originalAppend = store.append.bind(store);
Object.assign(store, {
  append: (room: string, updates: readonly Uint8Array[]) => {
    storeTimes.appendedUpdates += updates.length;
    return originalAppend(room, updates);
  },
});

/**
 * Experiments (BENCH_EXPERIMENT=checkpoint-worker): prototypes of changes
 * proposed in docs/benchmarks.md, applied to this process's store from the
 * outside, to measure their gain before anyone changes server/.
 *  - checkpoint-worker: no automatic WAL checkpoint on the server's
 *    connection (wal_autocheckpoint=0); a worker thread with its own
 *    connection runs PASSIVE checkpoints every 200 ms, so their fsync never
 *    blocks the event loop.
 */
const experiments = new Set((process.env.BENCH_EXPERIMENT ?? '').split(',').filter(Boolean));
if (experiments.size > 0 && !(store as unknown as { db?: unknown }).db) throw new Error('BENCH_EXPERIMENT needs the SQLite store');
if (experiments.has('checkpoint-worker')) checkpointInWorker(store);

serve(
  {
    ...probeHandlers,
    port: () => port,
    stats: () => server.stats(),
    hibernateMs: () => config.roomHibernateMs,
    /** store calls since the previous call: count, total and distribution of durations (ms) */
    storeTimes: () => {
      const out = {
        append: { ...summarize(storeTimes.append), totalMs: storeTimes.append.reduce((a, b) => a + b, 0), updates: storeTimes.appendedUpdates },
        compact: { ...summarize(storeTimes.compact), totalMs: storeTimes.compact.reduce((a, b) => a + b, 0) },
        experiments: [...experiments],
      };
      storeTimes.append.length = 0;
      storeTimes.compact.length = 0;
      storeTimes.appendedUpdates = 0;
      return out;
    },
    /**
     * Store a room as "snapshot plus update log" through the real store API:
     * `base` is appended and compacted into the snapshot, then `log` is
     * appended row by row. The room must not be loaded.
     */
    seed: async ({ room, base, log }: { room: string; base: Uint8Array[]; log: Uint8Array[] }) => {
      if (server.stats().roomNames.includes(room)) throw new Error(`seed: room ${room} is loaded`);
      await server.store.append(room, base);
      await server.store.compact(room);
      for (const update of log) await server.store.append(room, [update]);
      const loaded = await server.store.loadRoom(room);
      return { snapshotBytes: loaded.snapshot?.byteLength ?? 0, logRows: loaded.updates.length };
    },
  },
  async () => {
    await server.close();
    fs.rmSync(config.dataDir, { recursive: true, force: true });
  },
);
