/**
 * The scale-out driver: PostgreSQL (npm `pg`), shared by every server
 * process. Same contract as the SQLite driver (see types.ts and
 * contract.ts), plus what sharing needs:
 *
 *  - Appends to one room take a transaction-scoped advisory lock on the
 *    room (pg_advisory_xact_lock on a hash of its name) BEFORE their rows get
 *    ids, so within a room rows commit in id order. A reader that has seen id
 *    N therefore never misses a row that commits later with a lower id, which
 *    is what makes "catch up from id N" exact across processes.
 *  - The id sequence has CACHE 1 (the default): ids are handed out in the
 *    order they are asked for, across connections. Do not raise it.
 *  - Compaction merges outside the lock (it can take a while on a big
 *    board), then, under the room's lock, checks that no other process
 *    compacted meanwhile (the snapshot's version), deletes exactly the ids it
 *    merged and writes the snapshot, in one transaction. Appends that commit
 *    meanwhile stay in the log.
 *
 * The schema is created or migrated by `open()`, under an advisory lock, so
 * processes starting together do not race. A database migrated by a newer
 * server is refused.
 */
import pg from 'pg';
import type { PoolClient } from 'pg';
import { mergeForSnapshot } from './snapshot';
import type { BoardRow, CompactResult, DocStore, LoadedRoom, LogTail, PartyRow } from './types';

/** Advisory lock namespaces (first key of the two-key form), 'CG' in the high bytes. */
const LOCK_SCHEMA = 0x43470000;
const LOCK_ROOM = 0x43470001;

/** Append-only list of schema steps; cg_schema.version = steps applied. */
const SCHEMA_STEPS: readonly string[] = [
  `CREATE TABLE boards (
     id text PRIMARY KEY,
     title text NOT NULL,
     created_at bigint NOT NULL,
     epoch integer NOT NULL DEFAULT 0,
     parties jsonb NOT NULL
   );
   -- Identity ids are never reused, so "delete exactly the merged ids" stays exact.
   CREATE TABLE updates (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     room text NOT NULL,
     data bytea NOT NULL
   );
   CREATE INDEX updates_by_room ON updates (room, id);
   CREATE TABLE snapshots (
     room text PRIMARY KEY,
     data bytea NOT NULL,
     -- the highest log id merged into this snapshot
     through_id bigint NOT NULL,
     -- bumped by every compaction: a compaction that read an older version gives up
     version bigint NOT NULL,
     updated_at bigint NOT NULL
   );
   CREATE TABLE heartbeat (id integer PRIMARY KEY CHECK (id = 1), at bigint NOT NULL);`,
];

export const POSTGRES_SCHEMA_VERSION = SCHEMA_STEPS.length;

export type PostgresOptions = {
  readonly url: string;
  readonly poolSize?: number;
  /** told about errors on idle connections (a restarting database); they are otherwise harmless */
  readonly onIdleError?: (error: Error) => void;
  /** how long a connection attempt may take (default 5 s) */
  readonly connectTimeoutMs?: number;
  readonly applicationName?: string;
};

type Queryable = Pick<PoolClient, 'query'>;

/** A board row plus the rooms' stored state, as the SQLite → PostgreSQL migration hands it over. */
export type ImportedRoom = { readonly room: string; readonly snapshot: Uint8Array };

export class PostgresDocStore implements DocStore {
  private readonly pool: pg.Pool;
  private closed = false;

  constructor(options: PostgresOptions) {
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      idleTimeoutMillis: 30_000,
      // A connection cut without a FIN (a partition) must not hang a room's writes forever.
      keepAlive: true,
      query_timeout: 30_000,
      application_name: options.applicationName ?? 'common-ground',
    });
    // An idle connection dropped by a restarting database emits 'error' on the
    // pool; unhandled, that would crash the process. The pool replaces it.
    this.pool.on('error', (error) => options.onIdleError?.(error));
  }

  async open(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_SCHEMA]);
      await client.query(
        'CREATE TABLE IF NOT EXISTS cg_schema (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)',
      );
      const found = await client.query<{ version: number }>('SELECT version FROM cg_schema WHERE id = 1');
      const version = found.rows[0]?.version ?? 0;
      if (version > SCHEMA_STEPS.length) {
        throw new Error(
          `database schema version ${version} is newer than this server understands (${SCHEMA_STEPS.length}); refusing to start`,
        );
      }
      for (let step = version; step < SCHEMA_STEPS.length; step++) await client.query(SCHEMA_STEPS[step]!);
      await client.query(
        'INSERT INTO cg_schema (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = excluded.version',
        [SCHEMA_STEPS.length],
      );
    });
  }

  async loadRoom(name: string): Promise<LoadedRoom> {
    // One snapshot of the database for both reads (a compaction in between
    // would otherwise hide rows: deleted from the log, absent from the older snapshot).
    return this.transaction(async (client) => {
      const snapshot = await client.query<{ data: Buffer; through_id: string }>(
        'SELECT data, through_id FROM snapshots WHERE room = $1',
        [name],
      );
      const rows = await client.query<{ id: string; data: Buffer }>(
        'SELECT id, data FROM updates WHERE room = $1 ORDER BY id',
        [name],
      );
      const updates = rows.rows.map((row) => ({ id: Number(row.id), data: toBytes(row.data) }));
      const snap = snapshot.rows[0];
      return {
        snapshot: snap ? toBytes(snap.data) : null,
        updates,
        lastId: Math.max(snap ? Number(snap.through_id) : 0, updates.at(-1)?.id ?? 0),
      };
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  async append(name: string, updates: readonly Uint8Array[]): Promise<number[]> {
    if (updates.length === 0) return [];
    return this.transaction(async (client) => {
      await lockRooms(client, [name]);
      return insertUpdates(client, name, updates);
    });
  }

  async readSince(name: string, afterId: number, known: readonly number[] = []): Promise<LogTail> {
    return this.transaction(async (client) => {
      const snapshot = await client.query<{ through_id: string; data: Buffer | null }>(
        'SELECT through_id, CASE WHEN through_id > $2 THEN data END AS data FROM snapshots WHERE room = $1',
        [name, afterId],
      );
      const rows = await client.query<{ id: string; data: Buffer | null }>(
        `SELECT id, CASE WHEN id = ANY($3::bigint[]) THEN NULL ELSE data END AS data
           FROM updates WHERE room = $1 AND id > $2 ORDER BY id`,
        [name, afterId, known],
      );
      const snap = snapshot.rows[0];
      const updates = rows.rows.map((row) => ({ id: Number(row.id), data: row.data ? toBytes(row.data) : null }));
      return {
        snapshot: snap?.data ? toBytes(snap.data) : null,
        updates,
        lastId: Math.max(afterId, snap ? Number(snap.through_id) : 0, updates.at(-1)?.id ?? 0),
      };
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  async lastIds(names: readonly string[]): Promise<Map<string, number>> {
    if (names.length === 0) return new Map();
    // One index probe per room (max over updates_by_room), not a scan.
    const result = await this.pool.query<{ room: string; last: string }>(
      `SELECT r.room, GREATEST(
           COALESCE((SELECT max(u.id) FROM updates u WHERE u.room = r.room), 0),
           COALESCE((SELECT s.through_id FROM snapshots s WHERE s.room = r.room), 0)) AS last
         FROM unnest($1::text[]) AS r(room)`,
      [names],
    );
    return new Map(result.rows.map((row) => [row.room, Number(row.last)]));
  }

  async compact(name: string): Promise<CompactResult> {
    const nothing: CompactResult = { mergedIds: [], snapshotBytes: 0 };
    // 1. Read, without the lock.
    const read = await this.transaction(async (client) => {
      const snapshot = await client.query<{ data: Buffer; version: string }>(
        'SELECT data, version FROM snapshots WHERE room = $1',
        [name],
      );
      const rows = await client.query<{ id: string; data: Buffer }>(
        'SELECT id, data FROM updates WHERE room = $1 ORDER BY id',
        [name],
      );
      return { snapshot: snapshot.rows[0] ?? null, rows: rows.rows };
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    if (read.rows.length === 0) return nothing;
    // 2. Merge, without the lock: appends go on meanwhile.
    const parts = read.rows.map((row) => toBytes(row.data));
    if (read.snapshot) parts.unshift(toBytes(read.snapshot.data));
    const merged = mergeForSnapshot(parts);
    const mergedIds = read.rows.map((row) => Number(row.id));
    // 3. Under the room's lock: give up if another compaction got there first, else swap.
    const swapped = await this.transaction(async (client) => {
      await lockRooms(client, [name]);
      const now = await client.query<{ version: string }>('SELECT version FROM snapshots WHERE room = $1', [name]);
      if ((now.rows[0]?.version ?? null) !== (read.snapshot?.version ?? null)) return false;
      const deleted = await client.query('DELETE FROM updates WHERE room = $1 AND id = ANY($2::bigint[])', [
        name,
        mergedIds,
      ]);
      if (deleted.rowCount !== mergedIds.length) throw new RollBack();
      await client.query(
        `INSERT INTO snapshots (room, data, through_id, version, updated_at) VALUES ($1, $2, $3, 1, $4)
         ON CONFLICT (room) DO UPDATE SET data = excluded.data,
           through_id = GREATEST(snapshots.through_id, excluded.through_id),
           version = snapshots.version + 1, updated_at = excluded.updated_at`,
        [name, toBuffer(merged), mergedIds.at(-1)!, Date.now()],
      );
      return true;
    }).catch((error: unknown) => {
      if (error instanceof RollBack) return false;
      throw error;
    });
    return swapped ? { mergedIds, snapshotBytes: merged.byteLength } : nothing;
  }

  async createBoard(row: BoardRow, initialUpdates: readonly { room: string; data: Uint8Array }[]): Promise<void> {
    await this.transaction(async (client) => {
      await lockRooms(client, initialUpdates.map((u) => u.room));
      await client.query('INSERT INTO boards (id, title, created_at, epoch, parties) VALUES ($1, $2, $3, $4, $5)', [
        row.id,
        row.title,
        row.createdAt,
        row.epoch,
        JSON.stringify(row.parties),
      ]);
      for (const update of initialUpdates) await insertUpdates(client, update.room, [update.data]);
    });
  }

  async getBoard(id: string): Promise<BoardRow | null> {
    const result = await this.pool.query<{
      id: string;
      title: string;
      created_at: string;
      epoch: number;
      parties: PartyRow[];
    }>('SELECT id, title, created_at, epoch, parties FROM boards WHERE id = $1', [id]);
    const row = result.rows[0];
    if (!row) return null;
    return {
      id: row.id,
      title: row.title,
      createdAt: Number(row.created_at),
      epoch: row.epoch,
      parties: row.parties.map((p) => ({ id: p.id, name: p.name, color: p.color })),
    };
  }

  /** Bump a board's link epoch (every older token stops working); the new epoch, or null for no such board. */
  async rotateEpoch(id: string): Promise<number | null> {
    const result = await this.pool.query<{ epoch: number }>(
      'UPDATE boards SET epoch = epoch + 1 WHERE id = $1 RETURNING epoch',
      [id],
    );
    return result.rows[0]?.epoch ?? null;
  }

  async isWritable(): Promise<boolean> {
    if (this.closed) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.pool
          .query('INSERT INTO heartbeat (id, at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at = excluded.at', [
            Date.now(),
          ])
          .then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 2000))),
      ]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  isTransientError(error: unknown): boolean {
    if (this.closed || !(error instanceof Error)) return false;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      // SQLSTATE classes: 08 connection exception, 53 insufficient resources,
      // 57 operator intervention (shutdown, restart), 40 rollback (serialization, deadlock).
      return /^(08|53|57|40)/.test(code);
    }
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return true; // ECONNREFUSED, ECONNRESET, ETIMEDOUT …
    return /connection|terminated|timeout|ECONN/i.test(error.message);
  }

  /**
   * For `npm run migrate:sqlite-to-postgres`: boards and rooms (each already
   * merged into one snapshot) in ONE transaction, into an empty database.
   */
  async importAll(boards: readonly BoardRow[], rooms: readonly ImportedRoom[]): Promise<void> {
    await this.transaction(async (client) => {
      const used = await client.query<{ n: string }>(
        'SELECT (SELECT count(*) FROM boards) + (SELECT count(*) FROM updates) + (SELECT count(*) FROM snapshots) AS n',
      );
      if (Number(used.rows[0]!.n) > 0) throw new Error('the target database already holds boards or documents; refusing to mix');
      for (const row of boards) {
        await client.query('INSERT INTO boards (id, title, created_at, epoch, parties) VALUES ($1, $2, $3, $4, $5)', [
          row.id,
          row.title,
          row.createdAt,
          row.epoch,
          JSON.stringify(row.parties),
        ]);
      }
      for (const room of rooms) {
        await client.query(
          'INSERT INTO snapshots (room, data, through_id, version, updated_at) VALUES ($1, $2, 0, 1, $3)',
          [room.room, toBuffer(room.snapshot), Date.now()],
        );
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async transaction<T>(work: (client: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const client = await this.pool.connect();
    // A connection that dies while checked out emits 'error' on the client;
    // the failing query reports it, so the event itself is only absorbed here.
    const absorb = () => {};
    client.on('error', absorb);
    let broken = false;
    try {
      await client.query(begin);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection is gone: do not return it to the pool
      }
      throw error;
    } finally {
      client.off('error', absorb);
      client.release(broken);
    }
  }
}

class RollBack extends Error {}

/** Lock rooms for this transaction, in a fixed order (no deadlocks between multi-room transactions). */
async function lockRooms(client: Queryable, rooms: readonly string[]): Promise<void> {
  for (const room of [...new Set(rooms)].sort()) {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_ROOM, room]);
  }
}

/** Insert a room's updates (binary parameters), returning their ids in the order given. */
async function insertUpdates(client: Queryable, room: string, updates: readonly Uint8Array[]): Promise<number[]> {
  const ids: number[] = [];
  const CHUNK = 1000; // well under PostgreSQL's 65535 parameters per statement
  for (let start = 0; start < updates.length; start += CHUNK) {
    const chunk = updates.slice(start, start + CHUNK);
    const values = chunk.map((_, i) => `($1, $${i + 2})`).join(', ');
    const result = await client.query<{ id: string }>(`INSERT INTO updates (room, data) VALUES ${values} RETURNING id`, [
      room,
      ...chunk.map(toBuffer),
    ]);
    // Ids are drawn in row order within the statement; RETURNING's order is not promised, so sort.
    ids.push(...result.rows.map((row) => Number(row.id)).sort((a, b) => a - b));
  }
  return ids;
}

const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const toBytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
