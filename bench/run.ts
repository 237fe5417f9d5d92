/**
 * `npm run bench`: every benchmark, once, on this machine; prints the figures
 * and writes them into docs/benchmarks.md (between the bench:begin/end
 * markers; everything outside them is kept). Not a test: nothing here
 * asserts on time.
 *
 *   npm run bench                     everything (~10–15 min on 2 cores)
 *   npm run bench -- --only=latency,store   some sections: store, latency, capacity, capacity-disk, memory, scoring, cold, browser
 *   npm run bench -- --quick          smaller and shorter, for trying the harness (does not write the docs)
 *   npm run bench -- --no-docs        do not touch docs/benchmarks.md
 *   npm run bench -- --only=latency --latency-n=250   latency at these N only (comma-separated)
 *   npm run bench -- --render         re-render docs/benchmarks.md from bench/results.json (no measuring)
 *   npm run bench -- --only=capacity --capacity-from=600   the capacity ramp's first step opens 600 rooms at once,
 *                                     then 100 more per step as usual (faster iterations on the high end; prints only)
 *   npm run bench -- --only=capacity --capacity-limit-ms=1000   a server leaves the ramp past this p99 (default 100;
 *                                     higher keeps both to 800 rooms for A/B runs and profiles; prints only)
 *   (docs are written only by a whole, non-quick run: the figures there come from one run)
 *   npm run bench:sync / bench:store / bench:browser   one group
 *
 * Env: PLAYWRIGHT_CHROMIUM_PATH (browser), SKIP_BUILD=1 (use .next as it is),
 * BENCH_SERVER_NODE_ARGS (e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof' for the
 * server under test), BENCH_BROWSER_PROFILE=<dir> (Chromium CPU profiles),
 * BENCH_PIN (children kept on cores, e.g. 'ours-server=0,reference-server=0,clients-1=0,clients-2=1';
 * lib/rpc.ts), BENCH_LATENCY_DUMP=<prefix> (every update's deliveries as JSON; sync.ts),
 * BENCH_INLINE_MAX_PER_SECOND (our store's cap on inline commits a second, for A/B runs; lib/server-ours.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { browserBench, type BrowserResult } from './browser';
import { DiskLoad } from './lib/disk-load';
import { busyShare, machine, versions, waitQuiet } from './lib/machine';
import { renderReport, printSummary, type Results } from './lib/report';
import { ROOT_DIR, type Child } from './lib/rpc';
import { Target, forkPools } from './lib/targets';
import { storeThroughput } from './store';
import { scoring } from './scoring';
import { bigBoard, coldLoad, memory, typicalBoard } from './room-costs';
import { capacity, latency } from './sync';

export const SECTIONS = ['store', 'latency', 'capacity', 'capacity-disk', 'memory', 'scoring', 'cold', 'browser'] as const;
type Section = (typeof SECTIONS)[number];

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',') as Section[] | undefined;
const quick = flag('quick');
const latencyN = argv.find((a) => a.startsWith('--latency-n='))?.slice('--latency-n='.length).split(',').map(Number);
if (latencyN?.some((n) => !Number.isInteger(n) || n < 2)) throw new Error('--latency-n: whole numbers of clients, at least 2');
const capacityFromArg = argv.find((a) => a.startsWith('--capacity-from='))?.slice('--capacity-from='.length);
const capacityFrom = capacityFromArg === undefined ? undefined : Number(capacityFromArg);
if (capacityFrom !== undefined && !(Number.isInteger(capacityFrom) && capacityFrom > 0)) throw new Error('--capacity-from: a whole number of rooms');
// The docs hold the figures of one whole run: a partial or quick run prints only.
const capacityLimitArg = argv.find((a) => a.startsWith('--capacity-limit-ms='))?.slice('--capacity-limit-ms='.length);
const capacityLimitMs = capacityLimitArg === undefined ? 100 : Number(capacityLimitArg);
if (!(capacityLimitMs > 0)) throw new Error('--capacity-limit-ms: a p99 in ms');
const writeDocs = !flag('no-docs') && !quick && !only && !latencyN && capacityFrom === undefined && capacityLimitArg === undefined;
const wanted = (section: Section) => !only || only.includes(section);

const BASE_CONFIG = quick
  ? { latencySizes: [10, 50], latencySlices: 2, latencySlicesAtTen: 4, latencySliceMs: 1500, storeMs: 1000, capacityStep: 100, capacityMax: 200, capacityWindowMs: 3000, memoryBoards: 10, scoringBoards: 3, scoringMs: 3000, coldMany: 10, coldSizes: [5000], browserRuns: 1 }
  : { latencySizes: [10, 50, 100, 250], latencySlices: 40, latencySlicesAtTen: 60, latencySliceMs: 500, storeMs: 3000, capacityStep: 100, capacityMax: 800, capacityWindowMs: 5000, memoryBoards: 100, scoringBoards: 10, scoringMs: 10_000, coldMany: 50, coldSizes: [5000, 20_000], browserRuns: 3 };
const CONFIG = latencyN ? { ...BASE_CONFIG, latencySizes: latencyN } : BASE_CONFIG;

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

async function withTargets<T>(run: (targets: Target[]) => Promise<T>): Promise<T> {
  const targets = [await Target.start('ours'), await Target.start('reference')];
  try {
    return await run(targets);
  } finally {
    await Promise.all(targets.map((t) => t.stop()));
  }
}

async function withPools<T>(count: number, run: (pools: Child[]) => Promise<T>): Promise<T> {
  const pools = forkPools(count, 'clients');
  try {
    return await run(pools);
  } finally {
    await Promise.all(pools.map((p) => p.stop()));
  }
}

/** --render: rewrite docs/benchmarks.md from bench/results.json (the last whole run) without measuring anything. */
function renderOnly(): void {
  const results = JSON.parse(fs.readFileSync(path.join(ROOT_DIR, 'bench', 'results.json'), 'utf8')) as Results;
  const file = path.join(ROOT_DIR, 'docs', 'benchmarks.md');
  fs.writeFileSync(file, renderReport(results, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null));
  printSummary(results);
  log(`re-rendered docs/benchmarks.md from bench/results.json (run of ${results.startedAt})`);
}

async function main(): Promise<void> {
  if (flag('render')) return renderOnly();
  const started = Date.now();
  const results: Results = {
    startedAt: new Date(started).toISOString(),
    durationS: 0,
    quick,
    machine: machine(),
    versions: versions(),
    config: CONFIG,
    busyBefore: {},
  };
  // Each section waits (up to 45 s) for other work on the machine to calm down, and records how busy it was.
  const section = async (name: Section, run: () => Promise<void>) => {
    if (!wanted(name)) return;
    results.busyBefore[name] = await waitQuiet(quick ? 0 : 45_000);
    log(`── ${name} (machine ${(results.busyBefore[name]! * 100).toFixed(0)}% busy before it)`);
    const t0 = Date.now();
    try {
      await run();
    } catch (error) {
      (results.errors ??= {})[name] = (error as Error).message.split('\n').slice(0, 3).join(' ');
      log(`${name} failed: ${(error as Error).stack ?? error}`);
    }
    log(`── ${name} took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  };

  await section('store', async () => {
    results.store = await storeThroughput({ durationMs: CONFIG.storeMs });
  });

  await section('latency', () =>
    withTargets(async (targets) =>
      withPools(2, async ([writer, receivers]) => {
        results.latency = { ours: [], reference: [] };
        for (const n of CONFIG.latencySizes) {
          const rows = await latency(targets, { writer: writer!, receivers: receivers! }, { n, slices: n <= 10 ? CONFIG.latencySlicesAtTen : CONFIG.latencySlices, sliceMs: CONFIG.latencySliceMs, rate: 50 });
          results.latency.ours.push(rows.ours!);
          results.latency.reference.push(rows.reference!);
        }
      }),
    ),
  );

  await section('capacity', () =>
    withTargets(async (targets) =>
      withPools(2, async (pools) => {
        const rows = await capacity(targets, pools, { step: CONFIG.capacityStep, firstStep: capacityFrom, maxRooms: CONFIG.capacityMax, windowMs: CONFIG.capacityWindowMs, limitMs: capacityLimitMs });
        results.capacity = { ours: rows.ours ?? [], reference: rows.reference ?? [] };
      }),
    ),
  );

  // The same ramp on ours alone while another process writes to the disk
  // (1 MiB + fdatasync in a loop) from the first room to the last: a slow
  // commit must not stall every room. The reference keeps nothing on disk.
  await section('capacity-disk', async () => {
    const target = await Target.start('ours');
    // The same filesystem as the server's DATA_DIR (a temporary directory under os.tmpdir(), bench/lib/targets.ts).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-disk-'));
    const disk = await DiskLoad.start({ dir, maxMs: 30 * 60_000 });
    try {
      const rows = await withPools(2, (pools) =>
        capacity([target], pools, { step: CONFIG.capacityStep, maxRooms: CONFIG.capacityMax, windowMs: CONFIG.capacityWindowMs, limitMs: 100, disk }),
      );
      results.capacityDisk = { ours: rows.ours ?? [] };
    } finally {
      await disk.stop();
      fs.rmSync(dir, { recursive: true, force: true });
      await target.stop();
    }
  });

  await section('memory', () =>
    withPools(2, async (pools) => {
      const board = typicalBoard();
      results.memory = {};
      for (const kind of ['ours', 'reference'] as const) {
        const target = await Target.start(kind);
        try {
          results.memory[kind] = await memory(target, pools, board, CONFIG.memoryBoards);
        } finally {
          await target.stop();
        }
      }
    }),
  );

  await section('scoring', () =>
    withPools(2, async (pools) => {
      const target = await Target.start('ours');
      try {
        results.scoring = { ours: await scoring(target, pools, typicalBoard(), { boards: CONFIG.scoringBoards, laneHz: 5, durationMs: CONFIG.scoringMs }) };
      } finally {
        await target.stop();
      }
    }),
  );

  await section('cold', () =>
    withPools(2, async (pools) => {
      results.cold = { ours: [], reference: [] };
      for (const options of CONFIG.coldSizes) {
        const board = bigBoard(options, 400);
        for (const kind of ['ours', 'reference'] as const) {
          const target = await Target.start(kind);
          try {
            results.cold[kind].push(await coldLoad(target, pools, board, CONFIG.coldMany));
          } finally {
            await target.stop();
          }
        }
      }
    }),
  );

  await section('browser', async () => {
    results.browser = (await browserBench({ runs: CONFIG.browserRuns })) satisfies BrowserResult;
  });

  results.busyAfter = await busyShare();
  results.durationS = (Date.now() - started) / 1000;
  printSummary(results);
  if (!writeDocs) {
    const file = path.join(os.tmpdir(), 'cg-bench-results.json');
    fs.writeFileSync(file, `${JSON.stringify(results, null, 1)}\n`);
    log(`figures in ${file} (docs/benchmarks.md is written only by a whole run)`);
  }
  if (writeDocs) {
    const file = path.join(ROOT_DIR, 'docs', 'benchmarks.md');
    fs.writeFileSync(file, renderReport(results, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null));
    fs.writeFileSync(path.join(ROOT_DIR, 'bench', 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
    log(`wrote docs/benchmarks.md and bench/results.json (${results.durationS.toFixed(0)} s in all)`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
