/**
 * Move a board store from the embedded SQLite file to PostgreSQL (scale-out):
 *
 *   npm run migrate:sqlite-to-postgres -- --from ./data/common-ground.db --to "$DATABASE_URL"
 *
 * Stop the server first: edits made after the copy starts are not carried
 * over. The source is opened read-only and read in one transaction; the
 * target gets its schema, then every board row and every room (its snapshot
 * and log merged into one snapshot) in ONE transaction, so a failure leaves
 * it empty. It refuses a target that already holds boards or documents.
 * Afterwards every room is read back from PostgreSQL and compared with the
 * source (state vector and deletions): any difference fails the command.
 *
 * Links keep working only if every process gets the same secret: set
 * COMMON_GROUND_SECRET to the contents of DATA_DIR/secret (printed below
 * when that file is next to the database).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { PostgresDocStore, type ImportedRoom } from '../persistence/postgres';
import { mergeForSnapshot } from '../persistence/sqlite';
import type { BoardRow, PartyRow } from '../persistence/types';

/** SQLite schema versions this tool can read (see SCHEMA_STEPS in sqlite.ts). */
const READABLE_SQLITE_VERSIONS = [1, 2];

export type MigrationReport = { readonly boards: number; readonly rooms: number; readonly bytes: number };

export async function migrateSqliteToPostgres(
  from: string,
  to: string,
  say: (line: string) => void = () => {},
): Promise<MigrationReport> {
  if (!fs.existsSync(from)) throw new Error(`no SQLite database at ${from}`);
  const source = new Database(from, { readonly: true, fileMustExist: true });
  let boards: BoardRow[];
  let rooms: (ImportedRoom & { readonly parts: readonly Uint8Array[] })[];
  try {
    const version = source.pragma('user_version', { simple: true }) as number;
    if (!READABLE_SQLITE_VERSIONS.includes(version)) {
      throw new Error(`${from}: SQLite schema version ${version} is not one this tool reads (${READABLE_SQLITE_VERSIONS.join(', ')})`);
    }
    ({ boards, rooms } = source.transaction(() => readAll(source))());
  } finally {
    source.close();
  }
  say(`read ${boards.length} boards and ${rooms.length} rooms from ${from}`);

  const target = new PostgresDocStore({ url: to, poolSize: 2 });
  try {
    await target.open();
    await target.importAll(boards, rooms);
    say('written to PostgreSQL; verifying');
    for (const room of rooms) {
      const loaded = await target.loadRoom(room.room);
      if (!loaded.snapshot || !sameDocument([loaded.snapshot], room.parts)) {
        throw new Error(`verification failed for room ${room.room}: PostgreSQL holds something else`);
      }
    }
    for (const board of boards) {
      const row = await target.getBoard(board.id);
      if (!row || JSON.stringify(row) !== JSON.stringify(board)) throw new Error(`verification failed for board ${board.id}`);
    }
  } finally {
    await target.close();
  }
  const bytes = rooms.reduce((sum, room) => sum + room.snapshot.byteLength, 0);
  return { boards: boards.length, rooms: rooms.length, bytes };
}

function readAll(db: Database.Database): {
  boards: BoardRow[];
  rooms: (ImportedRoom & { readonly parts: readonly Uint8Array[] })[];
} {
  const boards = db
    .prepare<[], { id: string; title: string; created_at: number; epoch: number; parties: string }>(
      'SELECT id, title, created_at, epoch, parties FROM boards ORDER BY id',
    )
    .all()
    .map((row) => ({
      id: row.id,
      title: row.title,
      createdAt: row.created_at,
      epoch: row.epoch,
      parties: (JSON.parse(row.parties) as PartyRow[]).map((p) => ({ id: p.id, name: p.name, color: p.color })),
    }));
  const snapshots = new Map(
    db
      .prepare<[], { room: string; data: Buffer }>('SELECT room, data FROM snapshots')
      .all()
      .map((row) => [row.room, toBytes(row.data)]),
  );
  const logs = new Map<string, Uint8Array[]>();
  for (const row of db.prepare<[], { room: string; data: Buffer }>('SELECT room, data FROM updates ORDER BY id').iterate()) {
    let log = logs.get(row.room);
    if (!log) logs.set(row.room, (log = []));
    log.push(toBytes(row.data));
  }
  const names = [...new Set([...snapshots.keys(), ...logs.keys()])].sort();
  const rooms = names.map((room) => {
    const parts = [...(snapshots.has(room) ? [snapshots.get(room)!] : []), ...(logs.get(room) ?? [])];
    return { room, parts, snapshot: parts.length === 1 ? parts[0]! : mergeForSnapshot(parts) };
  });
  return { boards, rooms };
}

/** Same structs and same deletions (what a Yjs snapshot compares), however they are encoded. */
function sameDocument(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  const docA = new Y.Doc({ gc: false });
  const docB = new Y.Doc({ gc: false });
  try {
    for (const part of a) Y.applyUpdate(docA, part);
    for (const part of b) Y.applyUpdate(docB, part);
    return Y.equalSnapshots(Y.snapshot(docA), Y.snapshot(docB));
  } finally {
    docA.destroy();
    docB.destroy();
  }
}

const toBytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  const usage = 'usage: npm run migrate:sqlite-to-postgres -- --from ./data/common-ground.db --to postgres://user@host/db';
  if (values.help) return console.log(usage);
  const to = values.to ?? process.env.DATABASE_URL;
  if (!values.from || !to) throw new Error(usage);
  const report = await migrateSqliteToPostgres(path.resolve(values.from), to, (line) => console.log(line));
  console.log(`done: ${report.boards} boards, ${report.rooms} rooms, ${report.bytes} bytes of documents`);
  const secret = path.join(path.dirname(path.resolve(values.from)), 'secret');
  if (fs.existsSync(secret)) {
    console.log(`links stay valid if every process runs with COMMON_GROUND_SECRET set to the contents of ${secret}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(`migrate:sqlite-to-postgres: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
