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
import type { Room } from './room';
import type { LoadInfo, RoomHooks } from './room-hooks';

export type { IncomingUpdate, LoadInfo, Refusal, RoomHooks, UnloadReason } from './room-hooks';

export interface RoomExtension {
  readonly name: string;
  /** The hooks of this extension for a room being loaded, before its migration (null: nothing to do in that room). */
  attach(room: Room, loaded: LoadInfo): RoomHooks | null;
  /** Process shutdown, after every room was unloaded. */
  close?(): Promise<void> | void;
}
