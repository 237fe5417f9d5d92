/**
 * Loading a room: read its snapshot and log, build the document (failing
 * closed on data it cannot read), attach the extensions, migrate, store the
 * migration, then run the extensions' `onLoad` — all before anyone syncs.
 */
import * as Y from 'yjs';
import { migrateDoc } from '@/lib/board/migrations';
import { roomName, type RoomRef } from '@/lib/board/rooms';
import type { RoomExtension } from './extension';
import type { LoadInfo, RoomHooks } from './room-hooks';
import { LOAD } from './origins';
import { Room, type RoomDeps } from './room';

export async function loadRoom(ref: RoomRef, deps: RoomDeps, extensions: readonly RoomExtension[]): Promise<Room> {
  const name = roomName(ref);
  const stored = await deps.store.loadRoom(name);
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const row of stored.updates) Y.applyUpdate(doc, row.data);
    }, LOAD);
  } catch (error) {
    doc.destroy();
    // Fail closed: serving a half-read document would let clients overwrite it.
    throw new Error(`room ${name}: stored data cannot be read (${(error as Error).message})`);
  }
  const info: LoadInfo = {
    storedRows: stored.updates.length,
    storedBytes: (stored.snapshot?.byteLength ?? 0) + stored.updates.reduce((sum, row) => sum + row.data.byteLength, 0),
    lastId: stored.lastId,
  };
  const room = new Room(ref, doc, deps, info.storedBytes);
  room.stored.startRows(info.storedRows);
  room.hooks.set(extensions.map((extension) => extension.attach(room, info)).filter((hooks): hooks is RoomHooks => hooks !== null));
  try {
    const migration = migrateDoc(doc, ref.kind);
    if (migration.status === 'newer') {
      room.readOnly = true;
      deps.log.error(
        { room: name, docVersion: migration.from, codeVersion: migration.to },
        'document is newer than this server: serving it read-only; upgrade the server',
      );
    } else if (migration.status === 'migrated') {
      deps.log.info({ room: name, from: migration.from, to: migration.to }, 'migrated document');
    }
    await room.flush();
    for (const hooks of room.hooks.all) await hooks.onLoad?.();
  } catch (error) {
    await room.destroy();
    throw error;
  }
  return room;
}
