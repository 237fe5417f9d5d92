/**
 * The storage contract every driver implements (SQLite now; PostgreSQL for
 * scale-out later). Methods are async so a networked driver fits the same
 * shape. A room's stored state is a snapshot plus an append-only log of Yjs
 * updates; because updates commute and are idempotent, replaying snapshot +
 * log in id order always yields the room's document.
 */

export type StoredUpdate = { readonly id: number; readonly data: Uint8Array };

export type LoadedRoom = {
  readonly snapshot: Uint8Array | null;
  readonly updates: readonly StoredUpdate[];
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
  /** ids of the update rows merged into the snapshot and deleted */
  readonly mergedIds: readonly number[];
  readonly snapshotBytes: number;
};

export interface DocStore {
  loadRoom(name: string): Promise<LoadedRoom>;
  /** Append updates to a room's log in ONE transaction; resolves once committed. */
  append(name: string, updates: readonly Uint8Array[]): Promise<void>;
  /** Merge snapshot + log into a new snapshot and delete exactly the merged rows, atomically. */
  compact(name: string): Promise<CompactResult>;
  /** Insert a board and its documents' initial updates in one transaction. */
  createBoard(row: BoardRow, initialUpdates: readonly { room: string; data: Uint8Array }[]): Promise<void>;
  getBoard(id: string): Promise<BoardRow | null>;
  /** Bump a board's link epoch (every older token stops working); the new epoch, or null for no such board. */
  rotateEpoch(id: string): Promise<number | null>;
  /** A real write (heartbeat upsert): false when the database cannot take writes. */
  isWritable(): Promise<boolean>;
  close(): Promise<void>;
}
