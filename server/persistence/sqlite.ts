/**
 * The embedded driver: one SQLite file, WAL. better-sqlite3 is synchronous
 * and blocks the event loop, which is why callers batch a tick's updates into
 * one `append`, and why appends are group-committed: every `append` made in
 * one synchronous stretch (the write queues of all rooms start their writes
 * in one shared turn) commits in ONE transaction, right after the stretch.
 *
 * With synchronous=NORMAL a committed transaction survives a process crash
 * (kill -9) but may be lost on power loss; FULL survives both at ~10× the
 * commit cost.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import * as Y from 'yjs';
import type { BoardRow, CompactResult, DocStore, LoadedRoom, LogTail, PartyRow } from './types';

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

export type SqliteOptions = { readonly dataDir: string; readonly synchronous: 'NORMAL' | 'FULL' };

type PendingAppend = {
  readonly name: string;
  readonly updates: readonly Uint8Array[];
  readonly resolve: (ids: number[]) => void;
  readonly reject: (error: unknown) => void;
};

export class SqliteDocStore implements DocStore {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly stmt;
  /** appends of the current synchronous stretch, committed together by `commitGroup` */
  private group: PendingAppend[] = [];

  constructor(options: SqliteOptions) {
    this.file = path.join(options.dataDir, DB_FILE);
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
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
      insertUpdate: this.db.prepare<[string, Buffer]>('INSERT INTO updates (room, data) VALUES (?, ?)'),
      deleteUpdate: this.db.prepare<[string, number]>('DELETE FROM updates WHERE room = ? AND id = ?'),
      upsertSnapshot: this.db.prepare<[string, Buffer, number, number]>(
        `INSERT INTO snapshots (room, data, through_id, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (room) DO UPDATE SET data = excluded.data, through_id = excluded.through_id,
           updated_at = excluded.updated_at`,
      ),
      insertBoard: this.db.prepare<[string, string, number, number, string]>(
        'INSERT INTO boards (id, title, created_at, epoch, parties) VALUES (?, ?, ?, ?, ?)',
      ),
      board: this.db.prepare<
        [string],
        { id: string; title: string; created_at: number; epoch: number; parties: string }
      >('SELECT id, title, created_at, epoch, parties FROM boards WHERE id = ?'),
      rotateEpoch: this.db.prepare<[string], { epoch: number }>(
        'UPDATE boards SET epoch = epoch + 1 WHERE id = ? RETURNING epoch',
      ),
      heartbeat: this.db.prepare<[number]>(
        'INSERT INTO heartbeat (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at',
      ),
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
   * synchronous stretch share one transaction (committed in a microtask
   * right after it, in the order they were made); if it fails, each of them
   * is rejected with its error (nothing of the group is stored).
   */
  append(name: string, updates: readonly Uint8Array[]): Promise<number[]> {
    if (updates.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      if (this.group.length === 0) queueMicrotask(() => this.commitGroup());
      this.group.push({ name, updates, resolve, reject });
    });
  }

  private commitGroup(): void {
    const group = this.group;
    this.group = [];
    if (group.length === 0) return;
    let ids: number[][];
    try {
      ids = this.db.transaction(() =>
        group.map(({ name, updates }) =>
          updates.map((update) => Number(this.stmt.insertUpdate.run(name, toBuffer(update)).lastInsertRowid)),
        ),
      )();
    } catch (error) {
      for (const entry of group) entry.reject(error);
      return;
    }
    group.forEach((entry, i) => entry.resolve(ids[i]!));
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

  async compact(name: string): Promise<CompactResult> {
    return this.db.transaction((): CompactResult => {
      const rows = this.stmt.updates.all(name);
      if (rows.length === 0) return { mergedIds: [], snapshotBytes: 0 };
      const previous = this.stmt.snapshot.get(name);
      const parts = rows.map((row) => toBytes(row.data));
      if (previous) parts.unshift(toBytes(previous.data));
      const merged = mergeForSnapshot(parts);
      const through = Math.max(previous?.through_id ?? 0, rows.at(-1)!.id);
      this.stmt.upsertSnapshot.run(name, toBuffer(merged), through, Date.now());
      for (const row of rows) this.stmt.deleteUpdate.run(name, row.id);
      return { mergedIds: rows.map((row) => row.id), snapshotBytes: merged.byteLength };
    }).immediate();
  }

  async createBoard(row: BoardRow, initialUpdates: readonly { room: string; data: Uint8Array }[]): Promise<void> {
    this.db.transaction(() => {
      this.stmt.insertBoard.run(row.id, row.title, row.createdAt, row.epoch, JSON.stringify(row.parties));
      for (const update of initialUpdates) this.stmt.insertUpdate.run(update.room, toBuffer(update.data));
    }).immediate();
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

  async rotateEpoch(id: string): Promise<number | null> {
    return this.stmt.rotateEpoch.get(id)?.epoch ?? null;
  }

  async isWritable(): Promise<boolean> {
    try {
      this.stmt.heartbeat.run(Date.now());
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.db.open) {
      this.commitGroup(); // appends already made are stored, not dropped
      this.db.close();
    }
  }
}

/**
 * Merge stored updates into one. Loading them into a doc and re-encoding
 * garbage-collects deleted content; but a doc drops structs whose
 * dependencies never arrived (pending), so then we fall back to
 * Y.mergeUpdates, which keeps everything.
 */
export function mergeForSnapshot(parts: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const part of parts) Y.applyUpdate(doc, part);
    });
    if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) return Y.mergeUpdates([...parts]);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
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

const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const toBytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
