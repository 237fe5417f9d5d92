/**
 * A room's write queue: updates accepted during one tick are appended in ONE
 * transaction, and only after that commit are they handed to `afterCommit`
 * (which broadcasts them). This is the durability promise: nothing another
 * participant has seen can be lost by a crash.
 *
 * Each room owns one queue, so a big room's writes never wait behind another
 * room's. Flushes of one room are strictly sequential (a promise chain), so
 * updates are stored and broadcast in the order they were accepted.
 */

export type QueuedUpdate = { readonly update: Uint8Array; readonly origin: unknown };

export class WriteQueue {
  private pending: QueuedUpdate[] = [];
  private scheduled = false;
  private inflight = 0;
  private chain: Promise<void> = Promise.resolve();
  private error: Error | null = null;

  constructor(
    private readonly write: (updates: Uint8Array[]) => Promise<void>,
    private readonly afterCommit: (batch: readonly QueuedUpdate[]) => void,
    private readonly onError: (error: Error) => void,
  ) {}

  /** True when nothing is waiting or being written. */
  get idle(): boolean {
    return this.pending.length === 0 && this.inflight === 0;
  }

  get failed(): Error | null {
    return this.error;
  }

  push(update: Uint8Array, origin: unknown): void {
    if (this.error) return; // the room is being torn down; nothing more is accepted
    this.pending.push({ update, origin });
    if (!this.scheduled) {
      this.scheduled = true;
      // setImmediate runs after the current I/O phase: every frame that arrived
      // in this tick is already queued, so they share one transaction.
      setImmediate(() => void this.flush().catch(() => {}));
    }
  }

  /** Write everything queued so far; resolves once it is committed and broadcast. */
  flush(): Promise<void> {
    this.scheduled = false;
    if (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      this.inflight++;
      this.chain = this.chain.then(async () => {
        try {
          if (this.error) throw this.error;
          await this.write(batch.map((entry) => entry.update));
        } catch (error) {
          if (!this.error) {
            this.error = error instanceof Error ? error : new Error(String(error));
            this.onError(this.error);
          }
          throw this.error;
        } finally {
          this.inflight--;
        }
        this.afterCommit(batch);
      });
    }
    return this.chain;
  }

  /** Flush until idle, including updates queued while earlier ones were being written. */
  async drain(): Promise<void> {
    while (!this.idle) await this.flush();
    if (this.error) throw this.error;
  }
}
