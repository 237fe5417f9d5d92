/**
 * Compaction: merge a room's update log into its snapshot once
 * COMPACT_AFTER_UPDATES rows were logged since the last one (checked after
 * each broadcast and at load), and when the room unloads (so reloading it
 * reads one snapshot). The store does the merge (one read transaction,
 * merged with no lock held, one short write transaction); rows appended
 * meanwhile stay in the log and go on counting.
 */
import type { Logger } from '../../log';
import type { Metrics } from '../../metrics';
import type { DocStore } from '../../persistence/types';
import type { RoomExtension, RoomHooks } from '../room/extension';
import type { Room } from '../room/room';

export type CompactionDeps = {
  readonly store: DocStore;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly compactAfterUpdates: number;
};

export function compaction(deps: CompactionDeps): RoomExtension {
  return { name: 'compaction', attach: (room) => compactionHooks(room, deps) };
}

function compactionHooks(room: Room, deps: CompactionDeps): RoomHooks {
  let compacting: Promise<void> | null = null;

  const compact = (): Promise<void> => {
    if (compacting) return compacting;
    compacting = (async () => {
      let merged = false;
      try {
        await room.flush();
        if (room.stored.rows === 0) return;
        const started = Date.now();
        const bytesBefore = room.stored.bytes;
        const result = await deps.store.compact(room.name);
        room.stored.compacted(result.mergedIds.length, result.snapshotBytes, bytesBefore);
        merged = result.mergedIds.length > 0;
        deps.metrics.compactions.inc();
        deps.log.debug(
          { room: room.name, merged: result.mergedIds.length, bytes: result.snapshotBytes, ms: Date.now() - started },
          'compacted',
        );
      } finally {
        compacting = null;
      }
      // A busy room may have logged a whole threshold's worth while this one
      // merged: compact again now, not at its next edit (it may have gone quiet).
      if (merged) maybeCompact();
    })();
    return compacting;
  };

  const maybeCompact = (): void => {
    if (room.stored.rows < deps.compactAfterUpdates || compacting || room.failed || room.isDestroyed) return;
    compact().catch((error: unknown) => deps.log.error({ room: room.name, err: error }, 'compaction failed'));
  };

  return {
    onLoad: maybeCompact,
    afterBroadcast: maybeCompact,
    async beforeUnload(why) {
      // A failed room stores what it can (the registry flushes it) but is not compacted.
      if (why !== 'failed') await compact();
    },
  };
}
