/**
 * Write throughput of the embedded store (server/persistence/sqlite.ts, the
 * real driver: writes on its writer thread, small appends inline on the
 * main thread while the thread is idle and the disk quick): appends of real
 * board updates (an option title edit, ~60 bytes) for a fixed time, with
 * SQLITE_SYNCHRONOUS=NORMAL and FULL: one room writing, each append awaited
 * before the next, one update per append (a tick that received one update)
 * and ten (a busy tick); and 50 rooms writing at once, one update each
 * (their appends share transactions). For each append: how long it blocked
 * the event loop (the call and the send to the thread, or the inline
 * commit), its round trip (call → committed), and the transaction (commit
 * included: fsync, WAL checkpoints show up in the tail). See bench/lib/store-probe.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import type { Synchronous } from '@/server/persistence/sqlite-connection';
import { SqliteDocStore } from '@/server/persistence/sqlite';
import { addOption, updateOption } from '@/lib/board/mutations';
import { describeStoreTimes, StoreProbe, type StoreTimes } from './lib/store-probe';

export type StoreRow = {
  synchronous: Synchronous;
  /** rooms writing at once, each awaiting its append before the next */
  rooms: number;
  /** updates per append (a room's tick) */
  perAppend: number;
  updatesPerSecond: number;
  /** the writer thread's transactions per second */
  commitsPerSecond: number;
  times: StoreTimes;
  bytes: number;
};

function sampleUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const id = addOption(doc, { title: 'Phase the price rise over two years' })!;
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) updateOption(doc, id, { title: `Phase the price rise over ${i + 2} years` });
  return updates;
}

/**
 * `rooms` write queues at once, each awaiting its append before the next
 * (as a room's write queue does): 1 measures one append's round trip; with
 * many, the appends of one turn go to the thread as one send and sends that
 * queue while it commits share its next transaction (group commit).
 */
async function run(store: SqliteDocStore, updates: Uint8Array[], { durationMs, rooms, perAppend }: { durationMs: number; rooms: number; perAppend: number }) {
  let written = 0;
  let appends = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: rooms }, async (_, room) => {
      while (performance.now() - started < durationMs) {
        const batch = Array.from({ length: perAppend }, (_, i) => updates[(written + i) % updates.length]!);
        written += perAppend;
        appends++;
        await store.append(`room-${room}`, batch);
      }
    }),
  );
  return { written, appends, seconds: (performance.now() - started) / 1000 };
}

export async function storeThroughput({ durationMs }: { durationMs: number }): Promise<StoreRow[]> {
  const updates = sampleUpdates(1000);
  const rows: StoreRow[] = [];
  const variants = [
    { rooms: 1, perAppend: 1 },
    { rooms: 1, perAppend: 10 },
    { rooms: 50, perAppend: 1 },
  ];
  for (const synchronous of ['NORMAL', 'FULL'] as const) {
    for (const { rooms, perAppend } of variants) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-store-'));
      const probe = new StoreProbe();
      const store = new SqliteDocStore({ dataDir, synchronous, onTransaction: probe.onTransaction });
      probe.attach(store);
      // Warm-up: the writer thread's start (~0.3 s: it loads tsx and the driver) and the JIT, out of the figures.
      for (let i = 0; i < 200; i++) await store.append('warm-up', [updates[i]!]);
      probe.take();
      const { written, seconds } = await run(store, updates, { durationMs, rooms, perAppend });
      const times = probe.take(); // before close: its final checkpoint is not an append
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      rows.push({ synchronous, rooms, perAppend, updatesPerSecond: written / seconds, commitsPerSecond: times.transactions.count / seconds, times, bytes: updates[0]!.byteLength });
      process.stderr.write(`[bench] store ${synchronous}, ${rooms} room(s) × ${perAppend} per append: ${Math.round(written / seconds)} updates/s; ${describeStoreTimes(times)}\n`);
    }
  }
  return rows;
}
