/**
 * The merge thread: folds encoded rooms' tails into their state
 * (EncodedDoc.mergeElsewhere) off the event loop.
 *
 * Why: a merge rebuilds the document from its encoded state and the updates
 * since (256 of them, or 32 KiB) and encodes it again — measured in the
 * latency bench, 7 ms for a one-option room with the event loop's caches
 * cold, ~30 ms for a 500 KB board — and on the main thread every socket of
 * every room waited for it: an update arriving meanwhile was broadcast that
 * much later. Here the main thread only copies the bytes out and swaps the
 * answer in.
 *
 * One thread for the process, started by the server's `listen` (or on
 * first use), never keeping the process alive. Requests are answered in
 * order. If the thread dies, what it held fails (those rooms merge on the
 * main thread instead) and the next request starts a new one.
 */
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../worker-entry';

export type MergeRequest = { readonly id: number; readonly state: Uint8Array; readonly tail: readonly Uint8Array[] };
export type MergeReply = { readonly id: number } & ({ readonly step2: Uint8Array } | { readonly error: string });

const MODULE = new URL('./tail-merge-thread.ts', import.meta.url).href;
const ENTRY = workerEntry(MODULE);

type Waiting = { readonly resolve: (step2: Uint8Array) => void; readonly reject: (error: Error) => void };

export class TailMerger {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private closed = false;

  /** The merged sync step 2 answer of `state` + `tail` (see mergedStep2). */
  readonly merge = (state: Uint8Array, tail: readonly Uint8Array[]): Promise<Uint8Array> => {
    if (this.closed) return Promise.reject(new Error('the merge thread is closed'));
    const worker = this.thread();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      if (this.waiting.size === 1) worker.ref();
      // Copied (structured clone): the state is a view into the room's step 2 answer, which the room keeps.
      worker.postMessage({ id, state, tail } satisfies MergeRequest);
    });
  };

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.fail(new Error('the merge thread is closed'));
    await worker?.terminate();
  }

  /**
   * Start the thread now if it is not running (the server does at `listen`):
   * a new thread costs ~350 ms of CPU here (an isolate loading TypeScript),
   * better spent before any traffic than beside a busy room's first merge.
   */
  start(): void {
    if (!this.closed) this.thread();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(ENTRY, { workerData: { module: MODULE } });
    worker.unref();
    worker.on('message', (reply: MergeReply) => this.settle(reply));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the merge thread exited (code ${code})`)));
    return (this.worker = worker);
  }

  private settle(reply: MergeReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker?.unref();
    if ('step2' in reply) waiting.resolve(reply.step2);
    else waiting.reject(new Error(reply.error));
  }

  /** The thread is gone: whatever it held fails (merged on the main thread instead); the next request starts another. */
  private fail(error: Error): void {
    this.worker?.removeAllListeners();
    this.worker = null;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}
