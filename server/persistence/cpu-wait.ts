/**
 * How long the calling thread has waited for a CPU (ready to run, but
 * another task had the core), from Linux's /proc/thread-self/schedstat.
 *
 * Why: a write transaction's wall time is what tells a slow disk
 * (inline-commits.ts backs off to the writer thread when one takes SLOW_MS).
 * On a busy machine a 0.05 ms commit can take 30–80 ms of wall time because
 * its thread was preempted (measured: capacity run at 700–800 rooms with the
 * machine 100% busy, writer-thread transaction p50 0.044 ms, max 33–83 ms);
 * that is the CPU, not the disk, and handing appends to another thread only
 * adds two more wake-ups to wait for. Subtracting the time spent waiting for
 * a CPU leaves what the disk (and SQLite) took.
 *
 * One read costs ~3 µs. Elsewhere than Linux (or if the file cannot be read)
 * every reading is 0: wall time counts whole, as before.
 */
import fs from 'node:fs';

export class CpuWait {
  private fd: number | null = null;
  private readonly buffer = Buffer.alloc(96);

  /**
   * Opens the calling thread's schedstat: construct it on the thread it
   * measures (/proc/thread-self is resolved when opened).
   */
  constructor() {
    try {
      this.fd = fs.openSync('/proc/thread-self/schedstat', 'r');
      this.ms(); // readable and well-formed, or off
    } catch {
      this.close();
    }
  }

  /** Milliseconds this thread has spent waiting on a run queue since it started (0 if unknown). */
  ms(): number {
    if (this.fd === null) return 0;
    try {
      const n = fs.readSync(this.fd, this.buffer, 0, this.buffer.length, 0);
      // "<ns on a CPU> <ns waiting on a run queue> <timeslices>"
      const text = this.buffer.toString('latin1', 0, n);
      const first = text.indexOf(' ');
      const waited = Number.parseInt(text.slice(first + 1), 10);
      if (first < 0 || !Number.isFinite(waited)) throw new Error(`unexpected schedstat: ${text}`);
      return waited / 1e6;
    } catch {
      this.close();
      return 0;
    }
  }

  close(): void {
    if (this.fd !== null) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // already gone
      }
    }
    this.fd = null;
  }
}
