/**
 * Write throughput of the embedded store (server/persistence/sqlite.ts, the
 * real driver): appends of real board updates (an option title edit, ~60
 * bytes) for a fixed time, one update per transaction (a tick that received
 * one update) and ten per transaction (a busy tick), with
 * SQLITE_SYNCHRONOUS=NORMAL and FULL. Also the distribution of a single
 * append's duration: better-sqlite3 blocks the event loop for that long
 * (WAL checkpoints show up in the tail).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { SqliteDocStore } from '@/server/persistence/sqlite';
import { addOption, updateOption } from '@/lib/board/mutations';
import { checkpointInWorker } from './lib/checkpoint-worker';
import { summarize, type Summary } from './lib/stats';

export type StoreRow = {
  synchronous: 'NORMAL' | 'FULL';
  /** 'auto': SQLite's automatic WAL checkpoints on the store's connection (as shipped); 'worker': the prototype in lib/checkpoint-worker.ts */
  checkpoints: 'auto' | 'worker';
  perTransaction: number; updatesPerSecond: number; commitsPerSecond: number; append: Summary; bytes: number };

function sampleUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const id = addOption(doc, { title: 'Phase the price rise over two years' })!;
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) updateOption(doc, id, { title: `Phase the price rise over ${i + 2} years` });
  return updates;
}

export async function storeThroughput({ durationMs, rooms = 50 }: { durationMs: number; rooms?: number }): Promise<StoreRow[]> {
  const updates = sampleUpdates(1000);
  const rows: StoreRow[] = [];
  const variants = [
    ...(['NORMAL', 'FULL'] as const).flatMap((synchronous) => [1, 10].map((perTransaction) => ({ synchronous, perTransaction, checkpoints: 'auto' as const }))),
    { synchronous: 'NORMAL' as const, perTransaction: 1, checkpoints: 'worker' as const },
  ];
  for (const { synchronous, perTransaction, checkpoints } of variants) {
    {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-store-'));
      const store = new SqliteDocStore({ dataDir, synchronous });
      const stopWorker = checkpoints === 'worker' ? checkpointInWorker(store) : null;
      const durations: number[] = [];
      let written = 0;
      let commits = 0;
      const started = performance.now();
      while (performance.now() - started < durationMs) {
        const batch = Array.from({ length: perTransaction }, (_, i) => updates[(written + i) % updates.length]!);
        const t0 = performance.now();
        // Rooms in turn, as many boards' write queues would.
        await store.append(`room-${commits % rooms}`, batch);
        durations.push(performance.now() - t0);
        written += perTransaction;
        commits++;
      }
      const seconds = (performance.now() - started) / 1000;
      await stopWorker?.();
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      rows.push({
        synchronous,
        checkpoints,
        perTransaction,
        updatesPerSecond: written / seconds,
        commitsPerSecond: commits / seconds,
        append: summarize(durations),
        bytes: updates[0]!.byteLength,
      });
      process.stderr.write(`[bench] store ${synchronous} ×${perTransaction} checkpoints ${checkpoints}: ${Math.round(written / seconds)} updates/s, append max ${Math.max(...durations).toFixed(1)} ms\n`);
    }
  }
  return rows;
}
