/**
 * One connection to the SQLite file, set up the same way on both threads:
 * the main thread's (reads, and the schema migration at start) and the
 * writer thread's (every write; see sqlite-writer.ts).
 */
import Database from 'better-sqlite3';

export type Synchronous = 'NORMAL' | 'FULL';

export function openConnection(
  file: string,
  synchronous: Synchronous,
  { busyTimeoutMs = 5000 }: { busyTimeoutMs?: number } = {},
): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  return db;
}

export const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
export const toBytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
