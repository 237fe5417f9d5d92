/**
 * Hibernation: a room holds its document encoded (no Y.Doc) from its load
 * on, and goes back to that form after ROOM_HIBERNATE_MS without an update
 * once it is safe (room.hibernate: everything stored, nothing pending, no
 * server-side action holding it). A room encoded larger than
 * ENCODED_WRITES_MAX_BYTES loads awake (it takes writes awake) and is
 * encoded once idle like any other. ROOM_HIBERNATE_MS=0: rooms keep their Y.Doc.
 *
 * One timer per awake room, re-armed lazily: an update only stamps the time
 * (no timer work on the hot path); a timer that fires early waits out the
 * rest of the window.
 */
import { ENCODED_WRITES_MAX_BYTES } from '../room/document';
import type { RoomExtension, RoomHooks } from '../room/extension';
import type { Room } from '../room/room';

export function hibernation(windowMs: number): RoomExtension {
  return {
    name: 'hibernation',
    attach: (room, loaded) => (windowMs > 0 ? hibernationHooks(room, windowMs, loaded.storedBytes) : null),
  };
}

function hibernationHooks(room: Room, windowMs: number, storedBytes: number): RoomHooks {
  let lastActive = Date.now();
  let timer: NodeJS.Timeout | null = null;

  const arm = (delayMs: number): void => {
    if (timer || room.isDestroyed) return;
    timer = setTimeout(() => {
      timer = null;
      // Unloaded, failed (it will be unloaded), or asleep (a wake arms it again): nothing to do.
      if (room.isDestroyed || room.failed || room.hibernated) return;
      const idle = Date.now() - lastActive;
      if (idle < windowMs) return arm(windowMs - idle);
      // Busy (storing, held, pending dependencies): look again after another window.
      if (!room.hibernate()) arm(windowMs);
    }, delayMs);
    timer.unref();
  };

  return {
    onLoad() {
      // Encoded from the start: clients' edits do not need the doc (unless something is pending).
      if (storedBytes <= ENCODED_WRITES_MAX_BYTES && room.hibernate()) return;
      arm(windowMs);
    },
    onChange() {
      lastActive = Date.now();
    },
    onWake() {
      lastActive = Date.now();
      arm(windowMs);
    },
    onDestroy() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
