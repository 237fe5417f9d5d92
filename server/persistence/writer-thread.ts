/**
 * The main thread's side of the SQLite writer thread (sqlite-writer.ts):
 * requests go out as messages, each promise settles when the thread answers,
 * i.e. after the commit. Appends made in one synchronous stretch go out as
 * ONE request (committed in one transaction, in the order they were made);
 * the thread merges requests that queued while it was busy.
 *
 * A small group may be committed on the main thread instead while the disk
 * is quick and the thread has nothing in flight (inline-commits.ts): the
 * same transaction, without two thread wake-ups in every append's round trip.
 *
 * The thread never keeps the process alive by itself: it is ref'd only
 * while a request waits for its answer (so a pending append is not lost to
 * a process that thinks it is done), unref'd when idle.
 */
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../worker-entry';
import type { InlineCommits } from './inline-commits';
import type { Synchronous } from './sqlite-connection';
import type { AppendEntry, CheckpointResult, ErrorData, WriteReply, WriteRequest, WriteTiming } from './sqlite-writes';

export type WriterData = { readonly file: string; readonly synchronous: Synchronous };

/** `holdsInline`: while it waits, appends are not committed on the main thread (`besideInline`). */
type Waiting = { readonly holdsInline: boolean; readonly resolve: (value: unknown) => void; readonly reject: (error: Error) => void };

/**
 * Requests an inline commit may run beside: a compaction merges with no lock
 * held (SqliteWrites.compact) and a heartbeat is one row — their short write
 * transactions make an inline commit find the database locked, and it goes
 * to the thread; a passive checkpoint lets writers go on (its fsync, which a
 * busy disk can stretch to hundreds of ms, then stalls nobody). Anything
 * else in flight keeps commits on the thread: an append (an inline one would
 * overtake it), a board's creation, a close, and a checkpoint run `alone`.
 */
const besideInline = (request: Request): boolean =>
  request.op === 'compact' || request.op === 'heartbeat' || (request.op === 'checkpoint' && !request.alone);

/**
 * WAL frames past which the next checkpoint runs alone. The WAL starts over
 * from its beginning only after a checkpoint copied all of it with no commit
 * made meanwhile; while inline commits keep landing during checkpoints it
 * only grows (unit test, 3,000 commits in a loop: 38 MB without this, under
 * 16 MB with it). 300 inline commits write ~900 frames, so a WAL that did
 * start over is shorter than this at the next checkpoint.
 */
export const WAL_RESTART_FRAMES = 1500;

type PendingAppend = AppendEntry & { readonly resolve: (ids: number[]) => void; readonly reject: (error: Error) => void };
/** A request without its id (distributes over the union, so each op keeps its own fields). */
type Request = WriteRequest extends infer R ? (R extends WriteRequest ? Omit<R, 'id'> : never) : never;

export const DEFAULT_WRITER = new URL('./sqlite-writer.ts', import.meta.url).href;

export class WriterThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  /** requests in `waiting` that keep commits off the main thread (not `besideInline`) */
  private holdingInline = 0;
  /** the WAL's length in frames when the last checkpoint started (decides whether the next one runs alone) */
  private walFrames = 0;
  private nextId = 1;
  /** appends of the current synchronous stretch, sent together by `flush` */
  private group: PendingAppend[] = [];
  /** once set, every request fails with it (the thread died, or the store was closed) */
  private stopped: Error | null = null;
  /** the thread has answered a request: it is alive and has the file open (inline commits wait for this) */
  private answered = false;

  /**
   * `module`: the thread's code (tests substitute one with crash points).
   * `onTiming`: told how long the thread spent on each write transaction.
   */
  constructor(
    data: WriterData,
    module = DEFAULT_WRITER,
    private readonly onTiming?: (timing: WriteTiming) => void,
    private readonly inline?: InlineCommits,
  ) {
    this.worker = new Worker(workerEntry(module), { workerData: { ...data, module } });
    this.worker.unref();
    this.worker.on('message', (reply: WriteReply) => this.settle(reply));
    // A thread that cannot open the file, or dies, fails every write: rooms get 1013, /readyz 503.
    this.worker.on('error', (error) => this.stop(error));
    this.worker.on('exit', (code) => this.stop(new Error(`the SQLite writer thread exited (code ${code})`)));
  }

  append(name: string, updates: readonly Uint8Array[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      if (this.group.length === 0) queueMicrotask(() => this.flush());
      this.group.push({ name, updates, resolve, reject });
    });
  }

  /**
   * Commit on the main thread now (inline-commits.ts) if that is allowed and
   * nothing is ahead of it — no group waiting for this stretch's flush, no
   * append in flight on the thread — so ids and commits keep the order of the calls.
   * Null: use `append`. Throws the commit's error.
   */
  appendNow(name: string, updates: readonly Uint8Array[]): number[] | null {
    if (!this.inlineAllowed() || this.group.length > 0) return null;
    const result = this.inline!.tryAppend([{ name, updates }]);
    if (!result) return null;
    this.afterInline();
    if ('error' in result) throw result.error;
    return result.ids[0]!;
  }

  request<T>(request: Request, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const holdsInline = !besideInline(request);
      this.waiting.set(id, { holdsInline, resolve: resolve as (value: unknown) => void, reject });
      if (holdsInline) this.holdingInline++;
      if (this.waiting.size === 1) this.worker.ref();
      this.worker.postMessage({ ...request, id }, transfer);
    });
  }

  /** Send what was appended so far (the store's close sends it before closing). */
  flush(): void {
    const group = this.group;
    this.group = [];
    if (group.length === 0) return;
    if (this.inlineAllowed()) {
      const result = this.inline!.tryAppend(group, { group: true });
      if (result) {
        if ('ids' in result) group.forEach((entry, i) => entry.resolve(result.ids[i]!));
        else group.forEach((entry) => entry.reject(result.error));
        this.afterInline();
        return;
      }
    }
    // Exact copies, transferred: an update may be a view into a much larger
    // buffer (a websocket frame), which a plain postMessage would copy whole.
    const entries = group.map(({ name, updates }) => ({ name, updates: updates.map((u) => new Uint8Array(u)) }));
    const transfer = entries.flatMap((entry) => entry.updates.map((u) => u.buffer as ArrayBuffer));
    this.request<number[][]>({ op: 'append', entries }, transfer).then(
      (ids) => group.forEach((entry, i) => entry.resolve(ids[i]!)),
      (error: Error) => group.forEach((entry) => entry.reject(error)),
    );
  }

  /** Inline commits only once the thread is known alive, and never past anything it still has to commit (`besideInline`). */
  private inlineAllowed(): boolean {
    return this.inline !== undefined && this.answered && this.holdingInline === 0 && !this.stopped;
  }

  private afterInline(): void {
    if (!this.inline?.checkpointDue) return;
    this.inline.checkpointRequested();
    // Beside inline commits, unless the WAL has not started over since the last one (WAL_RESTART_FRAMES).
    this.request<CheckpointResult>({ op: 'checkpoint', alone: this.walFrames > WAL_RESTART_FRAMES }).then(
      (result) => (this.walFrames = result.walFrames),
      () => {}, // best effort: the next one comes CHECKPOINT_EVERY commits later
    );
  }

  /** Store what is pending, close the thread's connection, end the thread. Later requests fail. */
  async close(): Promise<void> {
    this.flush();
    this.inline?.close();
    const closed = this.request({ op: 'close' }).catch(() => {}); // a dead thread has nothing left to close
    this.stop(new Error('the store is closed'), false);
    await closed;
    await this.worker.terminate();
  }

  private settle(reply: WriteReply): void {
    this.answered = true;
    if (reply.timing) {
      this.onTiming?.({ ...reply.timing, thread: 'writer' });
      if (reply.timing.op === 'append' || reply.timing.op === 'heartbeat') this.inline?.noteTransaction(reply.timing.ms, reply.timing.cpuWaitMs);
    }
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if (waiting.holdsInline) this.holdingInline--;
    if (this.waiting.size === 0) this.worker.unref();
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(toError(reply.error));
  }

  /** From now on every request fails with `error`; with `failWaiting`, so do the ones already sent. */
  private stop(error: Error, failWaiting = true): void {
    this.stopped ??= error;
    if (!failWaiting) return;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
    this.holdingInline = 0;
    this.worker.unref();
  }
}

function toError({ message, code, stack }: ErrorData): Error {
  const error = Object.assign(new Error(message), code === undefined ? {} : { code });
  if (stack) error.stack = stack;
  return error;
}
