/**
 * The storage contract every driver implements: SQLite (embedded, the
 * default) and PostgreSQL (scale-out). Methods are async so a networked
 * driver fits the same shape. A room's stored state is a snapshot plus an
 * append-only log of Yjs updates; because updates commute and are
 * idempotent, replaying snapshot + log in any order yields the room's
 * document. `server/persistence/contract.ts` is the executable version of
 * this contract, run against every driver.
 *
 * Log ids: every appended update gets an id, unique across rooms and never
 * reused. Within one room, a row never becomes visible after a row with a
 * higher id (appends to one room commit in id order), so "everything after
 * id N" read at any moment misses nothing that is later committed: that is
 * what lets several processes catch up from the log (`readSince`).
 */

export type StoredUpdate = { readonly id: number; readonly data: Uint8Array };

export type LoadedRoom = {
  readonly snapshot: Uint8Array | null;
  readonly updates: readonly StoredUpdate[];
  /** the highest log id this read reflects (in the snapshot or among `updates`); 0 if none */
  readonly lastId: number;
};

/** What a room's log holds after a given id (see `DocStore.readSince`). */
export type LogTail = {
  /**
   * The room's snapshot, only when a compaction merged rows after the given
   * id (they are gone from the log, so the snapshot is the only way to see
   * them); otherwise null.
   */
  readonly snapshot: Uint8Array | null;
  /** rows with a higher id, in id order; `data` is null for ids the caller said it has */
  readonly updates: readonly { readonly id: number; readonly data: Uint8Array | null }[];
  /** the highest log id this read reflects (≥ the id asked for) */
  readonly lastId: number;
};

export type PartyRow = { readonly id: string; readonly name: string; readonly color: string };

export type BoardRow = {
  readonly id: string;
  readonly title: string;
  readonly createdAt: number;
  /** link epoch: tokens signed for another epoch are refused */
  readonly epoch: number;
  readonly parties: readonly PartyRow[];
};

export type CompactResult = {
  /** ids of the update rows merged into the snapshot and deleted (ascending); empty if none, or if another compaction won the race */
  readonly mergedIds: readonly number[];
  readonly snapshotBytes: number;
};

export interface DocStore {
  /** Create or migrate the schema; call once before anything else (the server's `listen` does). */
  open?(): Promise<void>;
  /** Snapshot + log of a room, read at one instant. */
  loadRoom(name: string): Promise<LoadedRoom>;
  /** Append updates to a room's log in ONE transaction; resolves with their ids, in order, once committed. */
  append(name: string, updates: readonly Uint8Array[]): Promise<number[]>;
  /**
   * Append and commit NOW, synchronously, if this store can do it cheaply at
   * this moment with nothing appended earlier still uncommitted (SQLite: an
   * inline commit, see inline-commits.ts); the ids, in order. Null: not now —
   * use `append`. Throws if the commit itself failed (nothing is stored).
   * Optional: a store without it is always written through `append`.
   */
  appendNow?(name: string, updates: readonly Uint8Array[]): number[] | null;
  /**
   * The room's log after `afterId`, read at one instant; rows whose ids are in
   * `known` come without their data (the caller has them). Catch-up for a
   * process that shares the database with others.
   */
  readSince(name: string, afterId: number, known?: readonly number[]): Promise<LogTail>;
  /** For each named room, the highest log id stored (0 if none): a cheap "anything new?" check. */
  lastIds(names: readonly string[]): Promise<Map<string, number>>;
  /**
   * Merge snapshot + log into a new snapshot and delete exactly the merged
   * rows, atomically; appends that commit meanwhile are neither lost nor merged.
   */
  compact(name: string): Promise<CompactResult>;
  /** Insert a board and its documents' initial updates in one transaction. */
  createBoard(row: BoardRow, initialUpdates: readonly { room: string; data: Uint8Array }[]): Promise<void>;
  getBoard(id: string): Promise<BoardRow | null>;
  /** Bump a board's link epoch (every older token stops working); the new epoch, or null for no such board. */
  rotateEpoch(id: string): Promise<number | null>;
  /** A real write (heartbeat upsert): false when the database cannot take writes. */
  isWritable(): Promise<boolean>;
  /**
   * Whether an error from this store is worth retrying (a lost connection, a
   * database restarting) rather than a permanent failure. Absent: nothing is
   * retried (the embedded driver: a closed or full disk fails the room).
   */
  isTransientError?(error: unknown): boolean;
  close(): Promise<void>;
}
