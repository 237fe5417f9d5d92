/**
 * The sync-server benchmarks, run against our server and the reference in
 * the same way: propagation latency and capacity (memory per room and cold
 * load: bench/room-costs.ts);
 * ours alone, the cost of a scoring session: bench/scoring.ts.
 * `npm run bench:sync` runs them alone; bench/run.ts runs everything.
 */
import fs from 'node:fs';
import * as Y from 'yjs';
import { initializeJointDoc } from '@/lib/board/create';
import type { ClientSpec } from './lib/client-pool';
import type { DiskLoad, DiskLoadSample } from './lib/disk-load';
import { cpuShare } from './lib/cpu-share';
import type { CpuSample } from './lib/process-probes';
import type { Child } from './lib/rpc';
import { busyShare } from './lib/machine';
import { byUpdate, concat, median, p99DifferenceInterval, sleep, summarize, waitFor, type Summary } from './lib/stats';
import { describeStoreTimes, type StoreTimes } from './lib/store-probe';
import { BENCH_BOARD, type Target } from './lib/targets';

/** `updates[i]`: the update (writer's sequence number) `latencies[i]` was measured on. */
type Collected = { latencies: Float64Array; updates: Float64Array; received: number; sent: number };

/** A joint document as our server creates it for a new board (lib/board/create.ts), for the reference's room. */
function newJointBoard(): Uint8Array {
  const doc = new Y.Doc();
  initializeJointDoc(doc, { title: 'Bench', ...BENCH_BOARD, createdAt: Date.now() });
  return Y.encodeStateAsUpdate(doc);
}

// ---------------------------------------------------------------------------
// Propagation latency: one room, N clients, one writer at 50 updates/s.

export type LatencyRow = Summary & {
  n: number;
  expected: number;
  delivered: number;
  /** server CPU time / wall time while its writer wrote (1 = one core) */
  serverCpu: number;
  /** server CPU time per delivered update, µs */
  cpuPerDeliveryUs: number;
  /** event-loop delay p99 of the server, worst slice */
  loopP99: number;
  /** ours only: the store's writes over all of its slices */
  store?: StoreTimes;
  /**
   * p50 over updates of each update's first and last delivery: the first is
   * mostly the server's own part (its receive, store, first send); from the
   * first to the last, at N ≥ 100, the receivers' one process applying the
   * update in every document sets the pace.
   */
  firstP50?: number;
  lastP50?: number;
  /** the receivers' process: its CPU time per delivery over this server's slices, µs (their wake-ups and RPC included) */
  receiversCpuPerDeliveryUs?: number;
  /** the receivers' process: times it woke from a sleep (voluntary context switches, every thread) per update sent */
  receiversWakeupsPerUpdate?: number;
  /** ours only: 95 % interval of p99(ours) − p99(reference), bootstrap over updates (stats.ts) */
  p99Difference?: [number, number];
};

/**
 * Both servers are measured in the same stretch of time: each has its room
 * of N clients open at once, and their writers take turns in short slices
 * (ours, reference, reference, ours, …), so that other work on the machine
 * falls on both alike. Only one server has traffic at a time.
 */
export async function latency(
  targets: Target[],
  pools: { writer: Child; receivers: Child },
  { n, slices, sliceMs, rate }: { n: number; slices: number; sliceMs: number; rate: number },
): Promise<Record<string, LatencyRow>> {
  const receivers = n - 1;
  const receiverSpecs: ClientSpec[][] = [];
  for (const target of targets) {
    const board = await target.newBoard();
    // Without awareness: see ClientSpec.awareness (the report says what it did to the p99 with it).
    const spec = (writer?: ClientSpec['writer']): ClientSpec => ({ url: target.wsUrl, ...board.joint, writer, group: target.kind, awareness: false });
    // The same document on both: the reference's room starts as a new board of ours does (its writer brings it).
    const content = target.kind === 'reference' ? newJointBoard() : undefined;
    await pools.writer.call('open', { specs: [{ ...spec({ optionId: 'writer', rate }), content }] });
    receiverSpecs.push(Array.from({ length: receivers }, () => spec()));
  }
  // Opened alternately (ours, reference, ours …), so that neither server's clients are the older half of the
  // receivers' process (its memory, its sockets) — each server's clients were once opened as a block.
  const interleaved = Array.from({ length: receivers }, (_, i) => receiverSpecs.map((specs) => specs[i]!)).flat();
  await pools.receivers.call('open', { specs: interleaved });
  const all = [pools.writer, pools.receivers];
  await Promise.all(all.map((pool) => pool.call('waitOptions', { count: 1 })));
  // A short warm-up (JIT, socket buffers), then clean counts.
  for (const target of targets) await pools.writer.call('write', { durationMs: 1000, group: target.kind });
  await sleep(300);
  for (const target of targets) await Promise.all(all.map((pool) => pool.call('collect', { group: target.kind })));
  for (const target of targets) if (target.kind === 'ours') await target.server.call('storeTimes'); // start the window

  const acc = new Map(targets.map((t) => [t.kind, { cpuMs: 0, wallMs: 0, loopP99: 0, receiversCpuMs: 0, receiversWakeups: 0 }]));
  for (let slice = 0; slice < slices; slice++) {
    const order = slice % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      const group = target.kind;
      const a = acc.get(group)!;
      const started = performance.now();
      const receiversBefore = await pools.receivers.call<CpuSample>('cpu');
      const { cpuMs, loop } = await cpuShare(target.server, async () => {
        await pools.writer.call('write', { durationMs: sliceMs, group });
        const sent = await pools.writer.call<number>('sent', { group });
        // The next slice starts once this one's deliveries are in, so a backlog cannot spill into the other server's slice.
        await waitFor(async () => (await pools.receivers.call<number>('received', { group })) >= sent * receivers, 30_000, 'stragglers').catch(() => {});
      });
      const receiversAfter = await pools.receivers.call<CpuSample>('cpu');
      a.receiversCpuMs += receiversAfter.userMs + receiversAfter.systemMs - receiversBefore.userMs - receiversBefore.systemMs;
      a.receiversWakeups += receiversAfter.wakeups - receiversBefore.wakeups;
      a.cpuMs += cpuMs;
      a.wallMs += performance.now() - started;
      a.loopP99 = Math.max(a.loopP99, loop.p99);
    }
  }
  const rows: Record<string, LatencyRow> = {};
  const perUpdate = new Map<string, Float64Array[]>();
  for (const target of targets) {
    const group = target.kind;
    const sent = (await pools.writer.call<Collected>('collect', { group })).sent;
    const got = await pools.receivers.call<Collected>('collect', { group });
    const updates = byUpdate(got.latencies, got.updates);
    perUpdate.set(group, updates);
    // BENCH_LATENCY_DUMP=<prefix>: every update's deliveries (ms) for analysis elsewhere, <prefix>-<server>-<N>.json.
    const dump = process.env.BENCH_LATENCY_DUMP;
    if (dump) fs.writeFileSync(`${dump}-${group}-${n}.json`, JSON.stringify(updates.map((deliveries) => Array.from(deliveries))));
    const a = acc.get(group)!;
    const store = target.kind === 'ours' ? await target.server.call<StoreTimes>('storeTimes') : undefined;
    rows[group] = {
      n,
      ...summarize(got.latencies),
      expected: sent * receivers,
      delivered: got.received,
      serverCpu: a.cpuMs / a.wallMs,
      cpuPerDeliveryUs: (a.cpuMs * 1000) / Math.max(1, got.received),
      loopP99: a.loopP99,
      firstP50: median(updates.map((deliveries) => Math.min(...deliveries))),
      lastP50: median(updates.map((deliveries) => Math.max(...deliveries))),
      receiversCpuPerDeliveryUs: (a.receiversCpuMs * 1000) / Math.max(1, got.received),
      receiversWakeupsPerUpdate: a.receiversWakeups / Math.max(1, sent),
      store,
    };
    log(`latency ${target.label} N=${n}: p50 ${rows[group]!.p50.toFixed(1)} p99 ${rows[group]!.p99.toFixed(1)} ms, an update's first / last delivery p50 ${rows[group]!.firstP50!.toFixed(2)} / ${rows[group]!.lastP50!.toFixed(2)} ms, receivers' CPU per delivery ${rows[group]!.receiversCpuPerDeliveryUs!.toFixed(1)} µs and wake-ups per update ${rows[group]!.receiversWakeupsPerUpdate!.toFixed(2)}, ${got.received}/${sent * receivers}${store ? `; store: ${describeStoreTimes(store)}` : ''}`);
  }
  const [ours, reference] = [perUpdate.get('ours'), perUpdate.get('reference')];
  if (ours && reference && rows.ours) {
    rows.ours.p99Difference = p99DifferenceInterval(ours, reference);
    log(`latency N=${n}: p99 ours − reference ${(rows.ours.p99 - rows.reference!.p99).toFixed(1)} ms, 95 % interval ${rows.ours.p99Difference.map((x) => x.toFixed(1)).join(' … ')} ms`);
  }
  await Promise.all(all.map((pool) => pool.call('closeAll')));
  return rows;
}

// ---------------------------------------------------------------------------
// Capacity: rooms of 4 clients at 1 update/s each, added in steps.

export type CapacityRow = Summary & {
  /** ours only: the store's writes during the window (bench/lib/store-probe.ts) */
  store?: StoreTimes;
  /** with a disk load running (bench/lib/disk-load.ts): what it achieved during the window */
  disk?: DiskLoadSample;
  rooms: number;
  connections: number;
  expected: number;
  delivered: number;
  serverCpu: number;
  loopP99: number;
  /** the longest event-loop delay: a single stall hides in the p99 of a 5 ms-resolution histogram */
  loopMax?: number;
  /** share of all cores busy during the window, every process and the kernel's threads (bench/lib/machine.ts busyShare) */
  machineBusy?: number;
  clientCpu: number;
};

/**
 * Both servers ramp together: at each step every server still under the
 * limit gets `step` more rooms; then, one server at a time (alternating
 * which goes first), its clients write for a settle period and a measured
 * window while the other server's clients stay connected and silent.
 * A server leaves the ramp once its p99 passes `limitMs` (its clients close).
 * `disk`: a disk load the caller runs through the ramp; each row gets its
 * figures over that row's window.
 */
export async function capacity(
  targets: Target[],
  pools: Child[],
  { step, firstStep = step, maxRooms, windowMs, limitMs, clientsPerRoom = 4, disk }: { step: number; firstStep?: number; maxRooms: number; windowMs: number; limitMs: number; clientsPerRoom?: number; disk?: Pick<DiskLoad, 'take'> },
): Promise<Record<string, CapacityRow[]>> {
  const rows: Record<string, CapacityRow[]> = Object.fromEntries(targets.map((t) => [t.kind, []]));
  const active = new Set(targets);
  let rooms = 0;
  let stepIndex = 0;
  while (rooms < maxRooms && active.size > 0) {
    const add = Math.min(rooms === 0 ? firstStep : step, maxRooms - rooms);
    for (const target of active) {
      const specsByPool: ClientSpec[][] = pools.map(() => []);
      for (let i = 0; i < add; i++) {
        const board = await target.newBoard();
        for (let c = 0; c < clientsPerRoom; c++) {
          specsByPool[(rooms + i) % pools.length]!.push({ url: target.wsUrl, ...board.joint, writer: { optionId: `client${c}`, rate: 1 }, group: target.kind });
        }
      }
      try {
        await Promise.all(pools.map((pool, i) => pool.call('open', { specs: specsByPool[i], timeoutMs: 60_000 })));
      } catch (error) {
        log(`capacity ${target.label}: could not open ${rooms + add} rooms: ${(error as Error).message.split('\n')[0]}`);
        active.delete(target);
        await Promise.all(pools.map((pool) => pool.call('closeAll', { group: target.kind })));
      }
    }
    rooms += add;
    await Promise.all(pools.map((pool) => pool.call('waitOptions', { count: clientsPerRoom, timeoutMs: 60_000 })));
    const order = stepIndex++ % 2 === 0 ? [...active] : [...active].reverse();
    for (const target of order) {
      const group = target.kind;
      await Promise.all(pools.map((pool) => pool.call('write', { durationMs: null, group })));
      await sleep(1500); // settle: the writers' first updates
      await Promise.all(pools.map((pool) => pool.call('collect', { group })));
      const clientBefore = await Promise.all(pools.map((pool) => pool.call<CpuSample>('cpu')));
      if (target.kind === 'ours') await target.server.call('storeTimes');
      await disk?.take(); // start its window
      let machineBusy = NaN;
      const { cpu, loop } = await cpuShare(target.server, async () => {
        machineBusy = await busyShare(windowMs);
      });
      const diskLoad = await disk?.take();
      const store = target.kind === 'ours' ? await target.server.call<StoreTimes>('storeTimes') : undefined;
      const collected = await Promise.all(pools.map((pool) => pool.call<Collected>('collect', { group })));
      const clientAfter = await Promise.all(pools.map((pool) => pool.call<CpuSample>('cpu')));
      await Promise.all(pools.map((pool) => pool.call('stop', { group })));
      const clientCpu = clientAfter.reduce((a, c, i) => a + c.userMs + c.systemMs - clientBefore[i]!.userMs - clientBefore[i]!.systemMs, 0) / windowMs;
      const sent = collected.reduce((a, c) => a + c.sent, 0);
      const row: CapacityRow = {
        rooms,
        connections: rooms * clientsPerRoom,
        ...summarize(concat(collected.map((c) => c.latencies))),
        // each update goes to the room's other clients; updates in flight at the window's edges are counted in the next
        expected: sent * (clientsPerRoom - 1),
        delivered: collected.reduce((a, c) => a + c.received, 0),
        serverCpu: cpu,
        loopP99: loop.p99,
        loopMax: loop.max,
        machineBusy,
        clientCpu,
        store,
        disk: diskLoad,
      };
      rows[group]!.push(row);
      log(
        `capacity ${target.label} ${rooms} rooms: p99 ${row.p99.toFixed(1)} ms, server CPU ${(cpu * 100).toFixed(0)}%, loop p99 ${loop.p99.toFixed(1)} / max ${loop.max.toFixed(1)} ms, clients CPU ${(clientCpu * 100).toFixed(0)}%, machine ${(machineBusy * 100).toFixed(0)}% busy` +
          (store ? `; store: ${describeStoreTimes(store)}` : '') +
          (diskLoad ? `; disk load ${diskLoad.mibPerS.toFixed(0)} MiB/s, ${diskLoad.syncsPerS.toFixed(0)} fdatasync/s, its CPU ${(diskLoad.cpu * 100).toFixed(0)}%${diskLoad.stopped ? ` (${diskLoad.stopped})` : ''}` : ''),
      );
      if (row.p99 > limitMs) {
        active.delete(target);
        await Promise.all(pools.map((pool) => pool.call('closeAll', { group })));
      }
    }
  }
  await Promise.all(pools.map((pool) => pool.call('closeAll')));
  return rows;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
