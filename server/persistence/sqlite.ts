/**
 * The embedded driver: one SQLite file, WAL, on two threads. better-sqlite3
 * is synchronous, so writes run on a writer thread that owns the write
 * connection (writer-thread.ts, sqlite-writes.ts): a commit that waits for
 * the disk — an fsync, a WAL checkpoint — stalls that thread, not the event
 * loop that serves every room. The exception: with synchronous=NORMAL, small
 * appends are committed on the main thread while the disk is quick and the
 * thread has no append in flight (inline-commits.ts, on a connection of its
 * own; a quiet room's update within its receive, `appendNow`), sparing them
 * two thread wake-ups. Reads stay here, on the main thread's read
 * connection: a WAL reader sees every committed write, and a write's
 * promise resolves only after its commit, so a read made after it sees it.
 *
 * Group commit: every `append` made in one synchronous stretch (the write
 * queues of all rooms start their writes in one shared turn) commits in ONE
 * transaction, and stretches that queue up while the writer is busy are
 * merged into one too.
 *
 * With synchronous=NORMAL a committed transaction survives a process crash
 * (kill -9) but may be lost on power loss; FULL survives both at ~10× the
 * commit cost.
 */
import type Database from 'better-sqlite3';
import path from 'node:path';
import { InlineCommits } from './inline-commits';
import { openConnection, toBytes, type Synchronous } from './sqlite-connection';
import type { WriteTiming } from './sqlite-writes';
import type { BoardRow, CompactResult, DocStore, LoadedRoom, LogTail, PartyRow } from './types';
import { WriterThread } from './writer-thread';

export { mergeForSnapshot } from './snapshot';
export type { WriteTiming } from './sqlite-writes';

export const DB_FILE = 'common-ground.db';

/** Append-only list of schema steps; user_version = steps applied. */
const SCHEMA_STEPS: readonly string[] = [
  `CREATE TABLE boards (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     epoch INTEGER NOT NULL DEFAULT 0,
     parties TEXT NOT NULL
   );
   -- AUTOINCREMENT: ids are never reused, so "delete exactly the merged ids" stays exact.
   CREATE TABLE updates (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     room TEXT NOT NULL,
     data BLOB NOT NULL
   );
   CREATE INDEX updates_by_room ON updates (room, id);
   CREATE TABLE snapshots (
     room TEXT PRIMARY KEY,
     data BLOB NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL);`,
  // The highest log id merged into a snapshot, so a reader that had seen less
  // knows the snapshot holds rows it never saw (see DocStore.readSince).
  `ALTER TABLE snapshots ADD COLUMN through_id INTEGER NOT NULL DEFAULT 0;`,
];

export type SqliteOptions = {
  readonly dataDir: string;
  readonly synchronous: Synchronous;
  /** the writer thread's module (tests substitute one with crash points); default sqlite-writer.ts */
  readonly writerModule?: string;
  /**
   * Told, on the main thread, how long each write transaction took (commit
   * included: fsync, WAL checkpoints) and where it ran (`thread`: the writer
   * thread, or the main thread for inline commits). Appends of many rooms
   * that shared a commit are one transaction. For metrics and the bench.
   */
  readonly onTransaction?: (timing: WriteTiming) => void;
  /** commit small appends on the main thread while the disk is quick (inline-commits.ts); default true, NORMAL only */
  readonly inlineCommits?: boolean;
  /** tests: another INLINE_MAX_PER_SECOND */
  readonly inlineMaxPerSecond?: number;
};

export class SqliteDocStore implements DocStore {
  readonly file: string;
  /** the main thread's connection: reads only, once the schema is migrated */
  private readonly db: Database.Database;
  private readonly writer: WriterThread;
  private readonly stmt;
  private closing: Promise<void> | null = null;

  constructor(options: SqliteOptions) {
    this.file = path.join(options.dataDir, DB_FILE);
    this.db = openConnection(this.file, options.synchronous);
    migrate(this.db); // here, synchronously: a newer schema refuses to start before any thread exists
    this.db.pragma('query_only = ON'); // writes go through the writer thread (or InlineCommits' own connection)
    const inline =
      options.synchronous === 'NORMAL' && options.inlineCommits !== false
        ? new InlineCommits(this.file, options.onTransaction, undefined, options.inlineMaxPerSecond)
        : undefined;
    this.writer = new WriterThread({ file: this.file, synchronous: options.synchronous }, options.writerModule, options.onTransaction, inline);
    this.stmt = {
      snapshot: this.db.prepare<[string], { data: Buffer; through_id: number }>(
        'SELECT data, through_id FROM snapshots WHERE room = ?',
      ),
      updates: this.db.prepare<[string], { id: number; data: Buffer }>(
        'SELECT id, data FROM updates WHERE room = ? ORDER BY id',
      ),
      updatesAfter: this.db.prepare<[string, number], { id: number; data: Buffer }>(
        'SELECT id, data FROM updates WHERE room = ? AND id > ? ORDER BY id',
      ),
      lastRow: this.db.prepare<[string], { last: number | null }>('SELECT max(id) AS last FROM updates WHERE room = ?'),
      board: this.db.prepare<
        [string],
        { id: string; title: string; created_at: number; epoch: number; parties: string }
      >('SELECT id, title, created_at, epoch, parties FROM boards WHERE id = ?'),
    };
  }

  async loadRoom(name: string): Promise<LoadedRoom> {
    // One read transaction so the snapshot and the log are from one instant.
    return this.db.transaction(() => {
      const snapshot = this.stmt.snapshot.get(name);
      const updates = this.stmt.updates.all(name).map((row) => ({ id: row.id, data: toBytes(row.data) }));
      const lastId = Math.max(snapshot?.through_id ?? 0, updates.at(-1)?.id ?? 0);
      return { snapshot: snapshot ? toBytes(snapshot.data) : null, updates, lastId };
    })();
  }

  /**
   * Resolves once committed, with the ids in order. Appends made in the same
   * synchronous stretch share one transaction (in the order they were made);
   * if it fails, each of them is rejected with its error (nothing of the
   * group is stored).
   */
  append(name: string, updates: readonly Uint8Array[]): Promise<number[]> {
    if (updates.length === 0) return Promise.resolve([]);
    return this.writer.append(name, updates);
  }

  /** See DocStore.appendNow: an inline commit when the writer thread has no append in flight and the disk is quick; else null. */
  appendNow(name: string, updates: readonly Uint8Array[]): number[] | null {
    if (updates.length === 0) return [];
    return this.writer.appendNow(name, updates);
  }

  async readSince(name: string, afterId: number, known: readonly number[] = []): Promise<LogTail> {
    const skip = new Set(known);
    return this.db.transaction((): LogTail => {
      const snapshot = this.stmt.snapshot.get(name);
      const rows = this.stmt.updatesAfter.all(name, afterId);
      const merged = snapshot !== undefined && snapshot.through_id > afterId;
      return {
        snapshot: merged ? toBytes(snapshot.data) : null,
        updates: rows.map((row) => ({ id: row.id, data: skip.has(row.id) ? null : toBytes(row.data) })),
        lastId: Math.max(afterId, snapshot?.through_id ?? 0, rows.at(-1)?.id ?? 0),
      };
    })();
  }

  async lastIds(names: readonly string[]): Promise<Map<string, number>> {
    return this.db.transaction(() => {
      const out = new Map<string, number>();
      for (const name of names) {
        const through = this.stmt.snapshot.get(name)?.through_id ?? 0;
        out.set(name, Math.max(through, this.stmt.lastRow.get(name)?.last ?? 0));
      }
      return out;
    })();
  }

  /** On the writer thread, merge included: decoding a big room's log no longer stalls the event loop either. */
  compact(name: string): Promise<CompactResult> {
    return this.writer.request({ op: 'compact', name });
  }

  createBoard(row: BoardRow, initialUpdates: readonly { room: string; data: Uint8Array }[]): Promise<void> {
    return this.writer.request({ op: 'createBoard', row, initial: initialUpdates });
  }

  async getBoard(id: string): Promise<BoardRow | null> {
    const row = this.stmt.board.get(id);
    if (!row) return null;
    return {
      id: row.id,
      title: row.title,
      createdAt: row.created_at,
      epoch: row.epoch,
      parties: JSON.parse(row.parties) as PartyRow[],
    };
  }

  rotateEpoch(id: string): Promise<number | null> {
    return this.writer.request({ op: 'rotateEpoch', board: id });
  }

  async isWritable(): Promise<boolean> {
    return this.writer.request({ op: 'heartbeat' }).then(
      () => true,
      () => false,
    );
  }

  /** Appends already made are stored, not dropped; then both connections close (the writer's last: it checkpoints the WAL). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.db.close();
      await this.writer.close();
    })();
    return this.closing;
  }
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_STEPS.length) {
    throw new Error(
      `database schema version ${version} is newer than this server understands (${SCHEMA_STEPS.length}); refusing to start`,
    );
  }
  for (let step = version; step < SCHEMA_STEPS.length; step++) {
    db.transaction(() => {
      db.exec(SCHEMA_STEPS[step]!);
      db.pragma(`user_version = ${step + 1}`);
    }).immediate();
  }
}
