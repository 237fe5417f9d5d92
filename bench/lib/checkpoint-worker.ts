/**
 * Prototype of a proposed change (docs/benchmarks.md, "what to change"):
 * take WAL checkpoints off the event loop. The store's own connection stops
 * checkpointing automatically (wal_autocheckpoint=0); a worker thread with
 * its own connection runs PASSIVE checkpoints every `everyMs`, so their
 * fsync never blocks the server's event loop. Applied from outside the
 * store (its `db` is private), for measuring only.
 */
import { Worker } from 'node:worker_threads';

type Db = { pragma(sql: string): unknown };

export function checkpointInWorker(store: unknown, everyMs = 200): () => Promise<number> {
  const { db, file } = store as { db?: Db; file?: string };
  if (!db || !file) throw new Error('checkpointInWorker: not the SQLite store');
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(
    `const Database = require('better-sqlite3');
     const { workerData } = require('node:worker_threads');
     const db = new Database(workerData.file);
     db.pragma('busy_timeout = 5000');
     setInterval(() => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} }, workerData.everyMs);`,
    { eval: true, workerData: { file, everyMs } },
  );
  worker.unref();
  return () => worker.terminate();
}
