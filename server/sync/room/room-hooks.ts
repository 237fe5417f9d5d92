/**
 * The hooks a room extension gives each room (see extension.ts), and what
 * they are told. Kept apart from the Room class so the core can run them
 * without importing itself.
 */
import type * as Y from 'yjs';
import type { RoomRef } from '@/lib/board/rooms';
import type { AwarenessEntry } from '../protocol';
import type { RoomOrigin } from './origins';

/** What the load read from storage (before migrations), for extensions that count from it. */
export type LoadInfo = {
  /** rows in the update log (since the last compaction) */
  readonly storedRows: number;
  /** snapshot + log rows, in bytes */
  readonly storedBytes: number;
  /** the highest log id read (scale-out follows the log from here) */
  readonly lastId: number;
};

/** An update from a peer, decoded, before it touches the document. */
export type IncomingUpdate = {
  readonly update: Uint8Array;
  readonly decoded: ReturnType<typeof Y.decodeUpdate>;
  readonly origin: RoomOrigin;
  /** which room (board, and joint, lane or state) */
  readonly ref: RoomRef;
  /** read the document as it is before this update (no wake; see Room.read) */
  readonly read: <T>(reader: (doc: Y.Doc) => T) => T;
  /** bytes the room holds back for missing dependencies (which this update may release); 0 while encoded */
  readonly heldBack: number;
};

/** Why an update was refused; logged, and the sender is told (closed with the policy code). */
export type Refusal = { readonly reason: string };

export type UnloadReason = 'idle' | 'shutdown' | 'failed';

export interface RoomHooks {
  /** The stored document is loaded, migrated and its migration stored; no peer has joined. Awaited; a throw fails the load. */
  onLoad?(): Promise<void> | void;
  /** Judge a peer's update before it touches the document: a Refusal refuses it (nothing stored, applied or broadcast). */
  beforeApply?(incoming: IncomingUpdate): Refusal | null;
  /** The room took an update (any origin; encoded or awake), before it is stored. */
  onChange?(update: Uint8Array, origin: RoomOrigin): void;
  /** The room rebuilt its Y.Doc (it was encoded). */
  onWake?(): void;
  /** Updates were committed to the store (with their log ids), before they are broadcast. */
  onStored?(updates: readonly Uint8Array[], ids: readonly number[]): void;
  /** A committed batch was broadcast. */
  afterBroadcast?(): void;
  /** Awareness entries on their way in: return those allowed (possibly rewritten). */
  beforeAwareness?(entries: readonly AwarenessEntry[], origin: RoomOrigin): readonly AwarenessEntry[];
  /** Awareness changed (`update` encodes the changed clients); 'timeout': states that expired here. */
  onAwareness?(update: Uint8Array, origin: RoomOrigin | 'timeout'): void;
  /** The room is being unloaded: what is queued is stored; a throw is logged and the unload goes on. */
  beforeUnload?(why: UnloadReason): Promise<void> | void;
  /** The room was destroyed: stop timers, let go of process-wide state. */
  onDestroy?(): Promise<void> | void;
}

