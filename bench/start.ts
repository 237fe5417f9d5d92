/**
 * How long `npm start` takes to be ready, and how much memory the idle
 * server holds:
 *
 *   npx tsx bench/start.ts [--runs=7] [--idle-ms=5000] [--start=scripts/start.mjs] [-- <server args, e.g. --no-next>]
 *
 * `--start`: another start script to compare with, e.g. an older one
 * (`git show <commit>:scripts/start.mjs > scripts/.start-old.mjs`; it must
 * sit in scripts/, as it finds the project from its own path).
 * Each run spawns `node scripts/start.mjs` (what `npm start` runs, without
 * npm's own process) on a free port with a fresh DATA_DIR, times it from the
 * spawn to the first 200 from GET /readyz, waits `idle-ms`, then sums the RSS
 * of the whole process tree (start.mjs, the server, any loader or esbuild
 * service they started) from /proc, and stops it with SIGTERM. Build first
 * (`npm run build`): a run that finds the build missing or stale fails
 * rather than timing a build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { processTree, typeScriptTooling, type TreeProcess } from '@/server/test/process-tree';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const flag = (name: string, fallback: number) => {
  const arg = process.argv.find((candidate) => candidate.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : fallback;
};
const RUNS = flag('runs', 7);
const START = process.argv.find((arg) => arg.startsWith('--start='))?.slice('--start='.length) ?? 'scripts/start.mjs';
const IDLE_MS = flag('idle-ms', 5000);
const READY_TIMEOUT_MS = 60_000;
const separator = process.argv.indexOf('--');
const serverArgs = separator === -1 ? [] : process.argv.slice(separator + 1);

type Run = { readyMs: number; rssMiB: number; tree: TreeProcess[] };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

async function ready(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited before it was ready:\n${output()}`);
    if (/\[start\] building/.test(output())) throw new Error('the build is missing or stale: run `npm run build` first');
    if (Date.now() > deadline) throw new Error(`not ready after ${READY_TIMEOUT_MS} ms:\n${output()}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function once(): Promise<Run> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-start-'));
  let output = '';
  const started = performance.now();
  const child = spawn(process.execPath, [path.resolve(root, START), ...serverArgs], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await ready(`http://127.0.0.1:${port}/readyz`, child, () => output);
    const readyMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const tree = processTree(child.pid!);
    return { readyMs, rssMiB: tree.reduce((sum, entry) => sum + entry.rssKiB, 0) / 1024, tree };
  } finally {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const stats = (values: number[], digits = 0) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return `median ${median.toFixed(digits)}, min ${sorted[0]!.toFixed(digits)}, max ${sorted.at(-1)!.toFixed(digits)}`;
};

const runs: Run[] = [];
console.log(`bench/start: ${RUNS} runs of node ${START} ${serverArgs.join(' ')}(load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${os.cpus().length} CPUs)`);
for (let i = 0; i < RUNS; i++) {
  const run = await once();
  runs.push(run);
  console.log(`  run ${i + 1}: ready in ${run.readyMs.toFixed(0)} ms, idle RSS ${run.rssMiB.toFixed(1)} MiB over ${run.tree.length} processes`);
}
const last = runs.at(-1)!;
console.log('process tree of the last run (pid ppid rss command):');
for (const entry of last.tree) console.log(`  ${entry.pid} ${entry.ppid} ${(entry.rssKiB / 1024).toFixed(1)} MiB ${entry.command.slice(0, 160)}`);
const tooling = typeScriptTooling(last.tree);
console.log(tooling.length ? `TypeScript tooling at run time: ${tooling.length} process(es) (tsx / esbuild)` : 'no tsx or esbuild process at run time');
console.log(`start to ready (ms): ${stats(runs.map((run) => run.readyMs))}`);
console.log(`idle RSS of the tree (MiB): ${stats(runs.map((run) => run.rssMiB), 1)}`);
console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
