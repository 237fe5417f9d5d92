/**
 * Where the time of our SQLite store's writes goes, now that they run on a
 * writer thread (server/persistence/writer-thread.ts) or, small ones while
 * the disk is quick, inline on the main thread (inline-commits.ts):
 *  - main thread: what an append costs the event loop — the synchronous
 *    part of each `store.append` call (it queues the updates) plus the
 *    turn's group: its send to the thread (copies and postMessage, in a
 *    microtask) or its inline commit, per group; or a quiet room's
 *    `appendNow`, committed within the call;
 *  - round trip: an append's call → its promise resolved (committed): what
 *    a room's write queue waits for (the server's cg_persist_seconds); for
 *    `appendNow`, the call itself;
 *  - transactions: each append transaction's duration, commit included
 *    (fsync, automatic WAL checkpoints), as the store reports it
 *    (SqliteOptions.onTransaction; `inline` counts the main thread's):
 *    appends of many rooms and turns that shared a commit count once.
 * For the bench only: it wraps the store's methods from outside. Hooks it
 * cannot find fail loudly rather than report zeros.
 */
import type { SqliteDocStore, WriteTiming } from '@/server/persistence/sqlite';
import { summarize, type Summary } from './stats';

export type Durations = Summary & { totalMs: number };

/** One window of the store's writes (every duration in ms). */
export type StoreTimes = {
  /** `store.append` calls and the updates they carried */
  appends: number;
  /** of the appends, those committed synchronously in the room's turn (`appendNow`; absent in results from before 2026-11-26 10:00) */
  appendsNow?: number;
  updates: number;
  /** main thread, per group of appends sent to the writer thread (one turn's appends: the calls + the send) */
  mainThread: Durations;
  /** per append: call → committed */
  roundTrip: Durations;
  /** append transactions (count = commits), on the writer thread or inline on the main thread (`inline` of them) */
  transactions: Durations & { updates: number; inline: number };
  /** writer thread: compactions (merge + snapshot write + deletes, one transaction each) */
  compactions: Durations;
  /** writer thread: the passive WAL checkpoints it was asked for (inline commits never checkpoint) */
  checkpoints: Durations;
};

const durations = (values: number[]): Durations => ({ ...summarize(values), totalMs: values.reduce((a, b) => a + b, 0) });

export class StoreProbe {
  private appends = 0;
  /** of them, committed synchronously by `appendNow` */
  private appendsNow = 0;
  private updates = 0;
  private mainThread: number[] = [];
  private roundTrip: number[] = [];
  private transactions: number[] = [];
  private transactionUpdates = 0;
  private inlineTransactions = 0;
  private compactions: number[] = [];
  private checkpoints: number[] = [];
  /** the append calls not yet sent to the thread, and their synchronous time */
  private unsent = 0;
  private unsentMs = 0;

  /** Pass as SqliteOptions.onTransaction. */
  readonly onTransaction = (timing: WriteTiming): void => {
    if (timing.op === 'append') {
      this.transactions.push(timing.ms);
      this.transactionUpdates += timing.updates;
      if (timing.thread === 'main') this.inlineTransactions++;
    } else if (timing.op === 'compact') {
      this.compactions.push(timing.ms);
    } else if (timing.op === 'checkpoint') {
      this.checkpoints.push(timing.ms);
    }
  };

  /** Wrap `store` (built with `onTransaction` above) so its appends are timed. */
  attach(store: SqliteDocStore): void {
    const writer = (store as unknown as { writer?: { flush?: () => void } }).writer;
    if (typeof writer?.flush !== 'function') throw new Error('StoreProbe: the store has no writer thread with flush(): update bench/lib/store-probe.ts');
    const flush = writer.flush.bind(writer);
    writer.flush = () => {
      if (this.unsent === 0) return flush(); // nothing to send (close() flushes whatever is left)
      const started = performance.now();
      flush();
      this.mainThread.push(this.unsentMs + performance.now() - started);
      this.unsent = 0;
      this.unsentMs = 0;
    };
    const append = store.append.bind(store);
    store.append = (room, updates) => {
      const started = performance.now();
      const committed = append(room, updates);
      this.unsentMs += performance.now() - started;
      if (updates.length > 0) this.unsent++; // an empty append never reaches the thread
      this.appends++;
      this.updates += updates.length;
      return committed.then((ids) => {
        this.roundTrip.push(performance.now() - started);
        return ids;
      });
    };
    // A quiet room's synchronous append (DocStore.appendNow): committed or refused within the call.
    const appendNow = store.appendNow.bind(store);
    store.appendNow = (room, updates) => {
      const started = performance.now();
      const ids = appendNow(room, updates);
      if (ids === null) return null; // refused: the room calls `append` instead, counted there
      const ms = performance.now() - started;
      this.mainThread.push(ms);
      this.roundTrip.push(ms);
      this.appends++;
      this.appendsNow++;
      this.updates += updates.length;
      return ids;
    };
  }

  /** What was measured since the previous call (the first call starts the window). */
  take(): StoreTimes {
    const out: StoreTimes = {
      appends: this.appends,
      appendsNow: this.appendsNow,
      updates: this.updates,
      mainThread: durations(this.mainThread),
      roundTrip: durations(this.roundTrip),
      transactions: { ...durations(this.transactions), updates: this.transactionUpdates, inline: this.inlineTransactions },
      compactions: durations(this.compactions),
      checkpoints: durations(this.checkpoints),
    };
    this.appends = this.appendsNow = this.updates = this.transactionUpdates = this.inlineTransactions = 0;
    this.mainThread = [];
    this.roundTrip = [];
    this.transactions = [];
    this.compactions = [];
    this.checkpoints = [];
    return out;
  }
}

/** One line for the bench's log. */
export function describeStoreTimes(s: StoreTimes): string {
  const f = (d: Durations) => (d.count === 0 ? '–' : `p50 ${d.p50.toFixed(3)} / p99 ${d.p99.toFixed(3)} / max ${d.max.toFixed(1)} ms`);
  return (
    `${s.updates} updates in ${s.appends} appends (${s.appendsNow ?? 0} synchronous), ${s.transactions.count} transactions (${s.transactions.inline} on the main thread); ` +
    `main thread per send ${f(s.mainThread)}; round trip ${f(s.roundTrip)}; transaction ${f(s.transactions)}; compactions ${s.compactions.count}; checkpoints ${s.checkpoints.count === 0 ? 0 : `${s.checkpoints.count} (max ${s.checkpoints.max.toFixed(1)} ms)`}`
  );
}
