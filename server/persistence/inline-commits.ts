/**
 * Small appends committed on the main thread while the disk is quick.
 *
 * Why: handing a commit to the writer thread costs two thread wake-ups (the
 * thread's, then the event loop's for the answer). On a 2-core VM that is
 * most of an append's round trip and all of its tail: 0.40 ms at p50 and
 * 2.0 ms at p99 for a 0.13 ms transaction (bench, latency at N = 10), and
 * every room waits for that round trip before it broadcasts. A small append
 * in WAL with synchronous=NORMAL is a write() into the page cache with no
 * fsync: done here, its round trip is the transaction itself.
 *
 * A quiet room's update does not even wait for the end of its turn: the
 * room's write queue asks `DocStore.appendNow` first, which commits here
 * within the call when nothing is ahead of it, and broadcasts right after
 * (write-queue.ts, `storedNow`). Updates that find work queued take the
 * group commit of the turn, as before.
 *
 * What the writer thread is for stays true — a commit that waits for the
 * disk must not stall the event loop — so an append is committed here only
 * when that is very unlikely, and otherwise goes to the thread as before:
 *  - synchronous=NORMAL only (FULL fsyncs every commit);
 *  - the writer thread has no append or board creation in flight
 *    (whatever was sent to it earlier has committed first; a compaction may
 *    be merging meanwhile, with no lock held, and a passive checkpoint
 *    running — see `besideInline` in writer-thread.ts) and has answered
 *    once (it is alive and has the file open);
 *  - small groups only (INLINE_MAX_BYTES), and at most INLINE_MAX_PER_SECOND
 *    commits of one update a second (`appendNow`, a commit per update):
 *    past that, updates wait for their turn's group (measured before
 *    passive checkpoints went on beside inline commits: 300 rooms of 4
 *    clients at 1 update/s each, ~900 inline commits/s, passive checkpoints
 *    of up to 400 ms and a round-trip p99 of 357 ms). A turn's group — every
 *    room's appends of one event-loop turn, one transaction — may commit
 *    here up to INLINE_GROUP_MAX_PER_SECOND commits a second (all inline
 *    commits of the second count; a backstop): under load the writer thread's group
 *    commit made about as many transactions (700 rooms: ~1,000 a second,
 *    2.8 updates each), and each of them cost the event loop more (the
 *    copy and postMessage, ~0.09 ms, and the answer) than the commit itself
 *    (~0.05 ms), and every room's broadcast waited for two thread wake-ups
 *    on a busy machine (round trip p99 42–65 ms at 600–800 rooms);
 *  - this connection waits for no lock (busy_timeout 0): a locked database
 *    sends the append to the thread, which waits there;
 *  - it never checkpoints (a checkpoint fsyncs): wal_autocheckpoint is off
 *    here, and the thread is asked for a passive checkpoint every
 *    CHECKPOINT_EVERY commits made here (SQLite's own default is every
 *    1,000 WAL pages; one small append writes about 3); commits go on here
 *    while it runs, except when the WAL has not started over since the last
 *    one (WAL_RESTART_FRAMES in writer-thread.ts);
 *  - a slow disk sends everything to the thread for a while: a commit here,
 *    or a write transaction on the thread, that took SLOW_MS or more starts
 *    a back-off of 1 s, doubling on each slow one up to 60 s, forgotten
 *    after 5 quiet minutes. The first slow commit cannot be foreseen; it
 *    costs the event loop that once, as the main thread's reads already can.
 *    "Took" is its wall time less the time its thread waited for a CPU
 *    (cpu-wait.ts): on a busy machine preemption alone made 0.05 ms
 *    transactions take 30–80 ms, kept every append on the thread for the
 *    whole capacity run, and that is no sign of the disk.
 */
import type Database from 'better-sqlite3';
import { CpuWait } from './cpu-wait';
import { openConnection } from './sqlite-connection';
import { SqliteWrites, type AppendEntry, type WriteTiming } from './sqlite-writes';

/** Groups larger than this go to the writer thread (a big paste or import takes longer to write). */
export const INLINE_MAX_BYTES = 64 * 1024;
/** Inline commits in one second past which the rest of the second's single appends (`appendNow`) wait for their turn's group. */
export const INLINE_MAX_PER_SECOND = 200;
/**
 * Inline commits in one second past which the rest of the second's groups go
 * to the thread: a backstop, not a working limit (at 700 rooms on a quiet
 * machine, ~1,600 turns a second had appends; handing the excess to the thread
 * costs the event loop more per transaction, not less).
 */
export const INLINE_GROUP_MAX_PER_SECOND = 5000;
/** A transaction that took this long shows a slow disk: back off to the thread. */
export const SLOW_MS = 10;
/** Commits made here between two checkpoint requests to the thread. */
export const CHECKPOINT_EVERY = 300;
const BACKOFF = { firstMs: 1000, maxMs: 60_000, forgetAfterMs: 5 * 60_000 } as const;

export type InlineResult = { readonly ids: number[][] } | { readonly error: Error };

export class InlineCommits {
  private readonly db: Database.Database;
  private readonly writes: SqliteWrites;
  private backoffMs = 0;
  private backoffUntil = 0;
  private lastSlowAt = -Infinity;
  private sinceCheckpoint = 0;
  private windowStart = -Infinity;
  private windowCommits = 0;
  /** this (the main) thread's time waiting for a CPU: not counted against the disk */
  private readonly cpuWait = new CpuWait();

  constructor(
    file: string,
    private readonly onTiming?: (timing: WriteTiming) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly maxPerSecond = INLINE_MAX_PER_SECOND,
    private readonly maxGroupsPerSecond = Math.max(INLINE_GROUP_MAX_PER_SECOND, maxPerSecond),
  ) {
    this.db = openConnection(file, 'NORMAL', { busyTimeoutMs: 0 });
    this.db.pragma('wal_autocheckpoint = 0');
    this.writes = new SqliteWrites(this.db);
  }

  /**
   * Commit `entries` here, in one transaction, if the disk has been quick.
   * Null: not here (backing off, past the second's limit, too big, or the database is locked) — send
   * them to the writer thread. Any other failure is the append's error, as
   * the thread would have answered (nothing of the group is stored).
   * `group`: a turn's group (WriterThread.flush), under INLINE_GROUP_MAX_PER_SECOND;
   * else one room's update in its receive (`appendNow`), under INLINE_MAX_PER_SECOND.
   */
  tryAppend(entries: readonly AppendEntry[], { group = false }: { group?: boolean } = {}): InlineResult | null {
    const started = this.now();
    if (started < this.backoffUntil) return null;
    if (started - this.windowStart >= 1000) {
      this.windowStart = started;
      this.windowCommits = 0;
    }
    if (this.windowCommits >= (group ? this.maxGroupsPerSecond : this.maxPerSecond)) return null;
    let bytes = 0;
    let updates = 0;
    for (const entry of entries) {
      updates += entry.updates.length;
      for (const update of entry.updates) bytes += update.byteLength;
    }
    if (bytes > INLINE_MAX_BYTES) return null;
    let ids: number[][];
    const waitedBefore = this.cpuWait.ms();
    try {
      ids = this.writes.append(entries);
    } catch (caught) {
      const code = (caught as { code?: unknown }).code;
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return null;
      return { error: caught instanceof Error ? caught : new Error(String(caught)) };
    }
    const ms = this.now() - started;
    const cpuWaitMs = ms >= SLOW_MS ? this.cpuWait.ms() - waitedBefore : 0;
    this.onTiming?.({ op: 'append', ms, updates, thread: 'main', cpuWaitMs });
    this.noteTransaction(ms, cpuWaitMs);
    this.sinceCheckpoint++;
    this.windowCommits++;
    return { ids };
  }

  /**
   * Told of every transaction's duration, here or on the writer thread, and
   * how much of it its thread waited for a CPU: a slow one, less that wait, starts a back-off.
   */
  noteTransaction(ms: number, cpuWaitMs = 0): void {
    if (ms - cpuWaitMs < SLOW_MS) return;
    const at = this.now();
    if (at - this.lastSlowAt > BACKOFF.forgetAfterMs) this.backoffMs = 0;
    this.backoffMs = Math.min(BACKOFF.maxMs, this.backoffMs === 0 ? BACKOFF.firstMs : this.backoffMs * 2);
    this.backoffUntil = at + this.backoffMs;
    this.lastSlowAt = at;
  }

  /** Whether the writer thread should run a passive checkpoint now (then call `checkpointRequested`). */
  get checkpointDue(): boolean {
    return this.sinceCheckpoint >= CHECKPOINT_EVERY;
  }

  checkpointRequested(): void {
    this.sinceCheckpoint = 0;
  }

  close(): void {
    this.cpuWait.close();
    this.db.close();
  }
}
