/** The server's CPU share while `run` runs (its process's CPU time over wall time; 1 = one core), and its event loop. */
import type { CpuSample, LoopSample } from './process-probes';
import type { Child } from './rpc';

export async function cpuShare(server: Child, run: () => Promise<void>): Promise<{ cpu: number; cpuMs: number; loop: LoopSample }> {
  await server.call('loop');
  const before = await server.call<CpuSample>('cpu');
  await run();
  const after = await server.call<CpuSample>('cpu');
  const loop = await server.call<LoopSample>('loop');
  const used = after.userMs + after.systemMs - before.userMs - before.systemMs;
  return { cpu: used / (after.atMs - before.atMs), cpuMs: used, loop };
}
