/**
 * Room extensions (the shape of Hocuspocus's extensions): everything a room
 * does beyond holding its document, applying updates safely, storing them
 * and broadcasting them is an extension — hibernation, compaction, the
 * awareness policy, scale-out, the facilitation publisher. They are composed
 * in one place (server/app.ts), in order, and each room gets its own hooks
 * from each (`attach`), so an extension keeps per-room state in a closure
 * and process-wide state on itself (closed on shutdown).
 *
 * Hooks run in the order the extensions were given. A hook that throws is
 * logged and does not stop the others, except `onLoad` (a room that cannot
 * be set up is not served) and `beforeApply` (fail closed: a judge that
 * throws refuses).
 */
import type * as Y from 'yjs';
import type { AwarenessEntry } from '../protocol';
import type { Room } from './room';
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
  readonly room: Room;
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

export interface RoomExtension {
  readonly name: string;
  /** The hooks of this extension for a room being loaded, before its migration (null: nothing to do in that room). */
  attach(room: Room, loaded: LoadInfo): RoomHooks | null;
  /** Process shutdown, after every room was unloaded. */
  close?(): Promise<void> | void;
}
