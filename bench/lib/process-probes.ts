/** What a server child reports about itself: memory after GC, CPU time, event-loop delay. */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export type MemorySample = { heapUsed: number; rss: number; external: number; arrayBuffers: number };
/** `wakeups`: the process's voluntary context switches so far (every thread), each a sleep it woke from. */
export type CpuSample = { userMs: number; systemMs: number; atMs: number; wakeups: number };
export type LoopSample = { p50: number; p99: number; max: number };

const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();

export async function memoryAfterGc(): Promise<MemorySample> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  // Several passes with turns of the event loop in between, so finalizers and
  // weak references settle before the reading.
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers };
}

export function cpuNow(): CpuSample {
  const c = process.cpuUsage();
  return { userMs: c.user / 1000, systemMs: c.system / 1000, atMs: performance.now(), wakeups: process.resourceUsage().voluntaryContextSwitches };
}

/** Event-loop delay since the previous call (ms), then reset. */
export function loopDelay(): LoopSample {
  const sample = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
  loop.reset();
  return sample;
}

export const probeHandlers = {
  mem: () => memoryAfterGc(),
  cpu: () => cpuNow(),
  loop: () => loopDelay(),
};
