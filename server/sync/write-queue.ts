/**
 * A room's write queue: updates accepted during one tick are appended in ONE
 * transaction, and only after that commit are they handed to `afterCommit`
 * (which broadcasts them). This is the durability promise: nothing another
 * participant has seen can be lost by a crash.
 *
 * An update that finds the queue empty may be stored at once instead, within
 * `push`, when the store can commit synchronously (`writeNow`; `storedNow`).
 *
 * Each room owns one queue, so a big room's writes never wait behind another
 * room's. Writes of one room are strictly sequential (one pump), so updates
 * are stored and broadcast in the order they were accepted.
 *
 * Group commit: the queues with work share ONE setImmediate per turn, which
 * starts every room's write in one synchronous stretch; a store that groups
 * the appends of a stretch (SQLite) commits all rooms' batches of the turn
 * in one transaction. Each room still awaits its own append before it
 * broadcasts.
 *
 * When a write fails with an error the store calls transient (a networked
 * database restarting), the batch is kept, in order, together with whatever
 * arrives meanwhile, and retried with backoff: nothing is broadcast until it
 * is stored. The room bounds how much may wait (`unstoredBytes`). Any other
 * error fails the queue for good (`onError`), as before.
 */

/** An update waiting to be stored, with where it came from (the room's origin type; tests use their own). */
export type QueuedUpdate<Origin = unknown> = { readonly update: Uint8Array; readonly origin: Origin };

export type WriteQueueOptions<Origin = unknown> = {
  readonly write: (updates: Uint8Array[]) => Promise<void>;
  /**
   * Store these now, synchronously, if the store can (DocStore.appendNow):
   * true once committed, false to go through `write`. Tried only for an
   * update that finds the queue empty, so the order stays the order of
   * `push`; a throw is not the queue's failure — the update goes through
   * `write` instead, whose failures count.
   */
  readonly writeNow?: (updates: Uint8Array[]) => boolean;
  readonly afterCommit: (batch: readonly QueuedUpdate<Origin>[]) => void;
  readonly onError: (error: Error) => void;
  /** whether a failed write is retried; default: never */
  readonly isTransient?: (error: unknown) => boolean;
  /** called after each failed attempt that will be retried */
  readonly onRetry?: (error: Error, attempt: number) => void;
  /** the longest wait between two attempts (backoff doubles from 50 ms up to this) */
  readonly maxRetryDelayMs?: number;
  /** told of every change of `unstoredBytes` (metrics) */
  readonly onBytes?: (delta: number) => void;
};

export class WriteQueue<Origin = unknown> {
  private pending: QueuedUpdate<Origin>[] = [];
  private bytes = 0;
  private scheduled = false;
  private running: Promise<void> | null = null;
  private error: Error | null = null;
  private attempts = 0;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly options: WriteQueueOptions<Origin>) {}

  /** True when nothing is waiting or being written. */
  get idle(): boolean {
    return this.pending.length === 0 && this.running === null;
  }

  get failed(): Error | null {
    return this.error;
  }

  /** Bytes accepted but not yet stored (waiting, being written, or waiting for a retry). */
  get unstoredBytes(): number {
    return this.bytes;
  }

  /** True while the last write attempt failed and is being retried. */
  get retrying(): boolean {
    return this.attempts > 0;
  }

  push(update: Uint8Array, origin: Origin): void {
    if (this.error || this.stopped) return; // the room is being torn down; nothing more is accepted
    if (this.idle && this.storedNow(update, origin)) return;
    this.pending.push({ update, origin });
    this.addBytes(update.byteLength);
    if (!this.scheduled && this.running === null) {
      this.scheduled = true;
      WriteQueue.due.add(this);
      if (WriteQueue.due.size === 1) setImmediate(WriteQueue.runTurn);
    }
  }

  /**
   * The fast path of a quiet room on a quick store: commit in the caller's
   * turn and hand on at once — no turn of the event loop, no promise — so the
   * broadcast follows the commit directly. (Measured, 250 clients: the turn
   * and the promises were ~0.15 ms of the 0.55 ms between an update's
   * arrival and its broadcast.) Busy stores say no and the group commit
   * below takes over.
   */
  private storedNow(update: Uint8Array, origin: Origin): boolean {
    const writeNow = this.options.writeNow;
    if (!writeNow) return false;
    try {
      if (!writeNow([update])) return false;
    } catch {
      return false; // nothing was stored: `write` tries again, and its error is the one that counts
    }
    this.options.afterCommit([{ update, origin }]);
    return true;
  }

  /** Queues waiting for the next shared turn. */
  private static readonly due = new Set<{ startTurn(): void }>();

  /**
   * setImmediate runs after the current I/O phase: every frame that arrived
   * in this tick is already queued, so each room's share one transaction —
   * and every room's writes start here, together (group commit, above).
   */
  private static readonly runTurn = (): void => {
    const queues = [...WriteQueue.due];
    WriteQueue.due.clear();
    for (const queue of queues) queue.startTurn();
  };

  /** This queue's part of the shared turn: start its write. */
  startTurn(): void {
    this.scheduled = false;
    this.pump();
  }

  /** Store everything queued so far (and anything queued meanwhile); rejects if the queue failed. */
  async drain(): Promise<void> {
    for (;;) {
      if (this.error) throw this.error;
      if (this.idle) return;
      if (this.stopped) throw new Error('write queue stopped with updates unstored');
      this.pump();
      await this.running;
    }
  }

  /**
   * Stop for good (the room is going away): no more retries; what is still
   * unstored is dropped. Nobody saw it (nothing is broadcast before it is
   * stored), and the clients that wrote it still hold it and resend it when
   * they reconnect.
   */
  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.wake?.();
    this.pending = [];
    this.addBytes(-this.bytes);
  }

  private pump(): void {
    if (this.running !== null || this.error || this.stopped || this.pending.length === 0) return;
    this.running = this.run().finally(() => {
      this.running = null;
      // Updates that arrived during the last write get their own turn.
      if (this.pending.length > 0) this.pump();
    });
  }

  private async run(): Promise<void> {
    while (this.pending.length > 0 && !this.error && !this.stopped) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.options.write(batch.map((entry) => entry.update));
      } catch (caught) {
        const error = caught instanceof Error ? caught : new Error(String(caught));
        if (this.stopped) return;
        if (this.options.isTransient?.(caught)) {
          // Keep the order: the failed batch first, then whatever arrived since.
          this.pending = batch.concat(this.pending);
          this.attempts++;
          this.options.onRetry?.(error, this.attempts);
          await this.pause(Math.min(50 * 2 ** (this.attempts - 1), this.options.maxRetryDelayMs ?? 1000));
          continue;
        }
        this.error = error;
        this.options.onError(error);
        return;
      }
      if (this.stopped) return; // `stop` already let go of these bytes
      this.attempts = 0;
      let stored = 0;
      for (const entry of batch) stored += entry.update.byteLength;
      this.addBytes(-stored);
      this.options.afterCommit(batch);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = null;
        resolve();
      };
      this.retryTimer = setTimeout(() => this.wake?.(), ms);
    });
  }

  private addBytes(delta: number): void {
    if (delta === 0) return;
    this.bytes += delta;
    this.options.onBytes?.(delta);
  }
}
