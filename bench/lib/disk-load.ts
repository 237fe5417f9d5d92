/**
 * Another process keeping the disk busy, for "capacity under disk
 * contention" (bench/run.ts, section capacity-disk): before SQLite writes
 * moved to the writer thread, one slow commit (a WAL checkpoint or a stalled
 * disk, 153 ms) held the event loop and every room waited behind it.
 *
 * A child process writes 1 MiB blocks into one file, each followed by an
 * fdatasync (the page cache cannot absorb it: every block reaches the disk),
 * rewinding to the start at ~256 MiB so the file stays bounded, until it is
 * stopped. The file must be on the server's DATA_DIR filesystem (both live
 * under os.tmpdir() here). Writes are async (libuv's threads), so the child
 * still answers the orchestrator while a sync waits on the disk.
 *
 * Bounded: it stops writing after `maxMs`, exits when the orchestrator goes
 * (rpc's serve: IPC disconnect), and removes its file on every way out.
 *
 * The orchestrator side is `DiskLoad.start(dir)`; this same file is the
 * child's script (it serves only when it was forked as the main module).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuNow } from './process-probes';
import { Child, serve } from './rpc';
import { summarize, type Summary } from './stats';

const MIB = 1024 * 1024;

export type DiskLoadOptions = {
  /** directory for the file (on the filesystem under test) */
  dir: string;
  blockBytes?: number;
  /** rewind to offset 0 once this much was written */
  wrapBytes?: number;
  /** stop writing after this long whatever happens (a forgotten load must not fill a shared disk's queue for ever) */
  maxMs?: number;
};

/** What the load achieved since the previous `take` (the first one covers since `start`). */
export type DiskLoadSample = {
  ms: number;
  bytes: number;
  mibPerS: number;
  /** fdatasync calls (one per block) */
  syncs: number;
  syncsPerS: number;
  /** each block's write + fdatasync, ms */
  blockMs: Summary;
  /** CPU time of the load's process / wall time (1 = one core): on 2 cores the load also takes CPU from the server */
  cpu: number;
  /** set once the load stopped by itself (max duration, or an I/O error) */
  stopped?: string;
};

/** Orchestrator side: the load in its child process. */
export class DiskLoad {
  private constructor(private readonly child: Child) {}

  static async start(options: DiskLoadOptions): Promise<DiskLoad> {
    const load = new DiskLoad(Child.fork('disk-load', 'lib/disk-load.ts'));
    try {
      await load.child.call('start', options);
    } catch (error) {
      await load.stop();
      throw error;
    }
    return load;
  }

  /** Figures since the previous call; the first call covers everything since `start`. */
  take(): Promise<DiskLoadSample> {
    return this.child.call<DiskLoadSample>('take');
  }

  /** Stop writing, remove the file, end the child. */
  stop(): Promise<void> {
    return this.child.stop(10_000);
  }
}

// ---------------------------------------------------------------------------
// Child side.

class Writer {
  private bytes = 0;
  private blockMs: number[] = [];
  private since = cpuNow();
  private running = true;
  private stopped: string | undefined;
  private readonly done: Promise<void>;
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly file: string,
    private readonly fh: fs.promises.FileHandle,
    { blockBytes = MIB, wrapBytes = 256 * MIB, maxMs = 30 * 60_000 }: DiskLoadOptions,
  ) {
    this.timer = setTimeout(() => this.halt(`max duration ${maxMs / 1000} s reached`), maxMs);
    this.done = this.loop(crypto.randomBytes(blockBytes), wrapBytes);
  }

  private async loop(block: Buffer, wrapBytes: number): Promise<void> {
    let offset = 0;
    try {
      while (this.running) {
        const started = performance.now();
        await this.fh.write(block, 0, block.byteLength, offset);
        await this.fh.datasync();
        this.blockMs.push(performance.now() - started);
        this.bytes += block.byteLength;
        offset = offset + block.byteLength >= wrapBytes ? 0 : offset + block.byteLength;
      }
    } catch (error) {
      this.halt(`I/O error: ${(error as Error).message}`);
    }
  }

  private halt(reason: string): void {
    if (!this.running) return;
    this.running = false;
    this.stopped = reason;
  }

  take(): DiskLoadSample {
    const now = cpuNow();
    const ms = now.atMs - this.since.atMs;
    const seconds = ms / 1000;
    const syncs = this.blockMs.length;
    const sample: DiskLoadSample = {
      ms,
      bytes: this.bytes,
      mibPerS: this.bytes / MIB / seconds,
      syncs,
      syncsPerS: syncs / seconds,
      blockMs: summarize(this.blockMs),
      cpu: (now.userMs + now.systemMs - this.since.userMs - this.since.systemMs) / ms,
      stopped: this.stopped,
    };
    this.bytes = 0;
    this.blockMs = [];
    this.since = now;
    return sample;
  }

  /** Wait for the block in flight, close and remove the file. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.halt('stopped');
    await this.done;
    await this.fh.close().catch(() => {});
    fs.rmSync(this.file, { force: true });
  }
}

function serveChild(): void {
  let writer: Writer | null = null;
  // The orchestrator vanished (serve exits the process on disconnect),
  // something threw, or Ctrl-C reached the process group: the file still goes.
  process.on('exit', () => {
    if (writer) fs.rmSync(writer.file, { force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(1));
  serve(
    {
      start: async (options: DiskLoadOptions) => {
        if (writer) throw new Error('disk load already started');
        const file = path.join(options.dir, `cg-disk-load-${process.pid}.bin`);
        writer = new Writer(file, await fs.promises.open(file, 'w'), options);
        return file;
      },
      take: () => {
        if (!writer) throw new Error('disk load not started');
        return writer.take();
      },
    },
    () => writer?.close(),
  );
}

if (process.send && process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) serveChild();
