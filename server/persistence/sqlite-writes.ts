/**
 * Every write to the SQLite file, on ONE connection owned by the writer
 * thread (sqlite-writer.ts), and the loop that serves the main thread's
 * requests. better-sqlite3 is synchronous: a commit that waits for the disk
 * (an fsync, a WAL auto-checkpoint inside the commit) now blocks only this
 * thread, never the event loop that serves every room.
 *
 * Group commit: appends that queued up while this thread was busy (each
 * request is already one synchronous stretch of the main thread) commit in
 * ONE transaction; if it fails, every one of them fails with its error.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { CpuWait } from './cpu-wait';
import { toBuffer, toBytes } from './sqlite-connection';
import { mergeForSnapshot } from './snapshot';
import type { BoardRow, CompactResult } from './types';

export type AppendEntry = { readonly name: string; readonly updates: readonly Uint8Array[] };

/** What the main thread asks for; `id` pairs the reply with its request. */
export type WriteRequest = { readonly id: number } & (
  | { readonly op: 'append'; readonly entries: readonly AppendEntry[] }
  | { readonly op: 'compact'; readonly name: string }
  | { readonly op: 'createBoard'; readonly row: BoardRow; readonly initial: readonly { room: string; data: Uint8Array }[] }
  | { readonly op: 'rotateEpoch'; readonly board: string }
  | { readonly op: 'heartbeat' }
  /** `alone`: inline commits wait until it is done (writer-thread.ts: how the WAL gets to start over) */
  | { readonly op: 'checkpoint'; readonly alone: boolean }
  | { readonly op: 'close' }
);

/** An error crosses threads as plain data: the message, SQLite's code (SQLITE_FULL…) and where it was thrown. */
export type ErrorData = { readonly message: string; readonly code?: string; readonly stack?: string };

/**
 * How long this thread spent on one write: the transaction, commit included
 * (the WAL write, an fsync, an automatic WAL checkpoint run by the commit).
 * What a slow disk shows up in, now that the event loop no longer does.
 */
export type WriteTiming = {
  readonly op: WriteRequest['op'];
  readonly ms: number;
  /** appends: the updates the transaction stored (every room's, from every request that shared it); 0 for other ops */
  readonly updates: number;
  /** where it ran: the writer thread (the default), or the main thread (inline-commits.ts) */
  readonly thread?: 'main' | 'writer';
  /** of `ms`, the time its thread waited for a CPU (cpu-wait.ts; read only for transactions of 1 ms or more, else 0) */
  readonly cpuWaitMs?: number;
};

/**
 * `timing` comes with the reply that closes a transaction: appends that
 * shared one commit get it on the first of their replies only, so each
 * transaction is counted once.
 */
export type WriteReply = { readonly id: number; readonly timing?: WriteTiming } & (
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: ErrorData }
);

/** A passive checkpoint: the WAL's length in frames when it started. */
export type CheckpointResult = { readonly walFrames: number };

export class SqliteWrites {
  private readonly stmt;

  constructor(private readonly db: Database.Database) {
    this.appendAll = db.transaction((entries: readonly AppendEntry[]): number[][] =>
      entries.map(({ name, updates }) =>
        updates.map((update) => Number(this.stmt.insertUpdate.run(name, toBuffer(update)).lastInsertRowid)),
      ),
    );
    this.stmt = {
      snapshot: db.prepare<[string], { data: Buffer; through_id: number; updated_at: number }>(
        'SELECT data, through_id, updated_at FROM snapshots WHERE room = ?',
      ),
      snapshotVersion: db.prepare<[string], { through_id: number; updated_at: number }>(
        'SELECT through_id, updated_at FROM snapshots WHERE room = ?',
      ),
      updates: db.prepare<[string], { id: number; data: Buffer }>('SELECT id, data FROM updates WHERE room = ? ORDER BY id'),
      insertUpdate: db.prepare<[string, Buffer]>('INSERT INTO updates (room, data) VALUES (?, ?)'),
      deleteUpdate: db.prepare<[string, number]>('DELETE FROM updates WHERE room = ? AND id = ?'),
      upsertSnapshot: db.prepare<[string, Buffer, number, number]>(
        `INSERT INTO snapshots (room, data, through_id, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (room) DO UPDATE SET data = excluded.data, through_id = excluded.through_id,
           updated_at = excluded.updated_at`,
      ),
      insertBoard: db.prepare<[string, string, number, number, string]>(
        'INSERT INTO boards (id, title, created_at, epoch, parties) VALUES (?, ?, ?, ?, ?)',
      ),
      rotateEpoch: db.prepare<[string], { epoch: number }>('UPDATE boards SET epoch = epoch + 1 WHERE id = ? RETURNING epoch'),
      heartbeat: db.prepare<[number]>(
        'INSERT INTO heartbeat (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at',
      ),
    };
  }

  /**
   * All entries in ONE transaction, in order; the ids of each entry's updates.
   * The transaction function is built once: better-sqlite3's `transaction()`
   * makes four wrapped functions each call, and this runs for every commit
   * (~1,000 a second at 800 rooms, on the main thread when inline).
   */
  append(entries: readonly AppendEntry[]): number[][] {
    return this.appendAll(entries);
  }

  private readonly appendAll: (entries: readonly AppendEntry[]) => number[][];

  /**
   * Read (one read transaction), merge with no lock held, then write the
   * snapshot and delete exactly the rows merged (one short write
   * transaction). Merging is the long part — tens of ms for a big board — and
   * holding the write lock through it would stall every room's appends, the
   * main thread's inline commits included (inline-commits.ts); rows appended
   * meanwhile have higher ids and stay in the log. If the snapshot changed
   * in between (another compaction of the room), nothing is merged.
   */
  compact(name: string): CompactResult {
    const nothing: CompactResult = { mergedIds: [], snapshotBytes: 0 };
    const { rows, previous } = this.db.transaction(() => ({
      rows: this.stmt.updates.all(name),
      previous: this.stmt.snapshot.get(name),
    }))();
    if (rows.length === 0) return nothing;
    const parts = rows.map((row) => toBytes(row.data));
    if (previous) parts.unshift(toBytes(previous.data));
    const merged = mergeForSnapshot(parts);
    const through = Math.max(previous?.through_id ?? 0, rows.at(-1)!.id);
    return this.db
      .transaction((): CompactResult => {
        const current = this.stmt.snapshotVersion.get(name);
        if (current?.through_id !== previous?.through_id || current?.updated_at !== previous?.updated_at) return nothing;
        this.stmt.upsertSnapshot.run(name, toBuffer(merged), through, Date.now());
        for (const row of rows) this.stmt.deleteUpdate.run(name, row.id);
        return { mergedIds: rows.map((row) => row.id), snapshotBytes: merged.byteLength };
      })
      .immediate();
  }

  createBoard(row: BoardRow, initial: readonly { room: string; data: Uint8Array }[]): void {
    this.db
      .transaction(() => {
        this.stmt.insertBoard.run(row.id, row.title, row.createdAt, row.epoch, JSON.stringify(row.parties));
        for (const update of initial) this.stmt.insertUpdate.run(update.room, toBuffer(update.data));
      })
      .immediate();
  }

  rotateEpoch(board: string): number | null {
    return this.stmt.rotateEpoch.get(board)?.epoch ?? null;
  }

  heartbeat(): void {
    this.stmt.heartbeat.run(Date.now());
  }

  /** Copy what the WAL holds into the file where no reader needs it (commits made on the main thread never do). */
  checkpoint(): CheckpointResult {
    const [result] = this.db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    return { walFrames: result?.log ?? 0 };
  }

  /** The last connection to close checkpoints the WAL into the file: this thread, not the event loop. */
  close(): void {
    this.db.close();
  }
}

/** Answer the main thread's requests on `port`, in the order they were sent. */
export function serveWrites(writes: SqliteWrites, port: MessagePort): void {
  const cpuWait = new CpuWait(); // this thread's: serveWrites runs on the writer thread
  port.on('message', (first: WriteRequest) => {
    // Everything that queued while the last request ran, taken now so adjacent appends share a commit.
    const requests = [first];
    for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) {
      requests.push(next.message as WriteRequest);
    }
    let appends: Extract<WriteRequest, { op: 'append' }>[] = [];
    const commitAppends = () => {
      if (appends.length > 0) commitTogether(writes, appends, port, cpuWait);
      appends = [];
    };
    for (const request of requests) {
      if (request.op === 'append') {
        appends.push(request);
        continue;
      }
      commitAppends(); // appends sent before this request are stored before it runs
      answer(port, request, () => perform(writes, request), cpuWait);
      if (request.op === 'close') cpuWait.close();
    }
    commitAppends();
  });
}

/** Transactions shorter than this are not asked how long they waited for a CPU (it cannot have mattered). */
const CPU_WAIT_FROM_MS = 1;

function timed(started: number, waitedBefore: number, cpuWait: CpuWait): { ms: number; cpuWaitMs: number } {
  const ms = performance.now() - started;
  return { ms, cpuWaitMs: ms >= CPU_WAIT_FROM_MS ? cpuWait.ms() - waitedBefore : 0 };
}

function commitTogether(writes: SqliteWrites, requests: readonly Extract<WriteRequest, { op: 'append' }>[], port: MessagePort, cpuWait: CpuWait) {
  const entries = requests.flatMap((request) => request.entries);
  const waitedBefore = cpuWait.ms();
  const started = performance.now();
  let ids: number[][] | null = null;
  let error: unknown;
  try {
    ids = writes.append(entries);
  } catch (caught) {
    error = caught;
  }
  const timing: WriteTiming = { op: 'append', ...timed(started, waitedBefore, cpuWait), updates: entries.reduce((n, e) => n + e.updates.length, 0) };
  requests.forEach((request, i) => {
    const reply: WriteReply = ids ? { id: request.id, ok: true, value: ids.splice(0, request.entries.length) } : failure(request.id, error);
    port.postMessage(i === 0 ? { ...reply, timing } : reply);
  });
}

function perform(writes: SqliteWrites, request: Exclude<WriteRequest, { op: 'append' }>): unknown {
  switch (request.op) {
    case 'compact':
      return writes.compact(request.name);
    case 'createBoard':
      return writes.createBoard(request.row, request.initial);
    case 'rotateEpoch':
      return writes.rotateEpoch(request.board);
    case 'heartbeat':
      return writes.heartbeat();
    case 'checkpoint':
      return writes.checkpoint();
    case 'close':
      return writes.close();
  }
}

function answer(port: MessagePort, request: Exclude<WriteRequest, { op: 'append' }>, run: () => unknown, cpuWait: CpuWait): void {
  const waitedBefore = cpuWait.ms();
  const started = performance.now();
  let reply: WriteReply;
  try {
    reply = { id: request.id, ok: true, value: run() };
  } catch (error) {
    reply = failure(request.id, error);
  }
  port.postMessage({ ...reply, timing: { op: request.op, ...timed(started, waitedBefore, cpuWait), updates: 0 } satisfies WriteTiming });
}

function failure(id: number, error: unknown): WriteReply {
  const { message, code, stack } = error as { message?: unknown; code?: unknown; stack?: unknown };
  return {
    id,
    ok: false,
    error: {
      message: typeof message === 'string' ? message : String(error),
      ...(typeof code === 'string' ? { code } : {}),
      ...(typeof stack === 'string' ? { stack } : {}),
    },
  };
}
