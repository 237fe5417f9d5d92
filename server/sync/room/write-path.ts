/**
 * A room's way to storage: its write queue (write-queue.ts: one tick's
 * updates in one append, inline when the store can commit at once) wired
 * to the store, the metrics and the extensions' `onStored` (scale-out
 * publishes what is stored), with transient failures retried unbroadcast.
 */
import type { Config } from '../../config';
import type { Logger } from '../../log';
import type { Metrics } from '../../metrics';
import type { DocStore } from '../../persistence/types';
import { WriteQueue, type QueuedUpdate } from '../write-queue';
import type { RoomHookRunner } from './hooks';
import type { RoomOrigin } from './origins';
import type { StoredSize } from './stored-size';

export type WritePathDeps = {
  readonly name: string;
  readonly store: DocStore;
  readonly config: Config;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly stored: StoredSize;
  readonly hooks: RoomHookRunner;
  /** a committed batch, to broadcast */
  readonly afterCommit: (batch: readonly QueuedUpdate<RoomOrigin>[]) => void;
  /** storing failed for good */
  readonly onError: (error: Error) => void;
};

export function roomWriteQueue(deps: WritePathDeps): WriteQueue<RoomOrigin> {
  const { name, store, metrics, log } = deps;
  const noteStored = (updates: Uint8Array[], ids: number[]): void => {
    deps.stored.addRows(updates.length);
    deps.hooks.each('onStored', (hook) => hook.onStored?.(updates, ids));
  };
  return new WriteQueue<RoomOrigin>({
    write: async (updates) => {
      const end = metrics.persistSeconds.startTimer();
      let ids: number[];
      try {
        ids = await store.append(name, updates);
      } finally {
        end();
      }
      noteStored(updates, ids);
    },
    // In the caller's turn, if the store can commit now (WriteQueueOptions.writeNow).
    writeNow: store.appendNow
      ? (updates) => {
          const end = metrics.persistSeconds.startTimer();
          const ids = store.appendNow!(name, updates);
          if (ids === null) return false;
          end();
          noteStored(updates, ids);
          return true;
        }
      : undefined,
    afterCommit: deps.afterCommit,
    onError: deps.onError,
    isTransient: (error) => store.isTransientError?.(error) ?? false,
    onRetry: (error, attempt) => {
      metrics.storeRetries.inc();
      const level = attempt === 1 ? 'warn' : 'debug';
      log[level]({ room: name, err: error, attempt }, 'storing updates failed; holding them (unbroadcast) and retrying');
    },
    maxRetryDelayMs: deps.config.storeRetryMs,
    onBytes: (delta) => metrics.unstoredBytes.inc(delta),
  });
}
