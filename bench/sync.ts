/**
 * The sync-server benchmarks, run against our server and the reference in
 * the same way: propagation latency, capacity, memory per room, cold load;
 * and ours alone: the cost of a scoring session (the publisher).
 * `npm run bench:sync` runs them alone; bench/run.ts runs everything.
 */
import fs from 'node:fs';
import * as Y from 'yjs';
import { initializeJointDoc } from '@/lib/board/create';
import type { ClientSpec } from './lib/client-pool';
import type { DiskLoad, DiskLoadSample } from './lib/disk-load';
import { bulkOptions, editLog, jointWithMutations, laneWithRatings, stateOf } from './lib/fixtures';
import type { MemorySample, CpuSample, LoopSample } from './lib/process-probes';
import type { Child } from './lib/rpc';
import { busyShare } from './lib/machine';
import { byUpdate, concat, median, p99DifferenceInterval, sleep, summarize, waitFor, type Summary } from './lib/stats';
import { describeStoreTimes, type StoreTimes } from './lib/store-probe';
import { BENCH_BOARD, type Target, type Board } from './lib/targets';

/** `updates[i]`: the update (writer's sequence number) `latencies[i]` was measured on. */
type Collected = { latencies: Float64Array; updates: Float64Array; received: number; sent: number };

async function cpuShare(server: Child, run: () => Promise<void>): Promise<{ cpu: number; cpuMs: number; loop: LoopSample }> {
  await server.call('loop');
  const before = await server.call<CpuSample>('cpu');
  await run();
  const after = await server.call<CpuSample>('cpu');
  const loop = await server.call<LoopSample>('loop');
  const used = after.userMs + after.systemMs - before.userMs - before.systemMs;
  return { cpu: used / (after.atMs - before.atMs), cpuMs: used, loop };
}

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

// ---------------------------------------------------------------------------
// Memory per room: a typical board loaded in many rooms, then everyone leaves.

export type MemoryResult = {
  boards: number;
  /** ordinary edits each joint and lane client made in the "written" steps (one update each) */
  editsPerRoom: number;
  /** rooms loaded at each sample (from the server's stats) */
  rooms: { joints: number; lanes: number; all: number; allWritten: number };
  bytes: { joint: number; lane: number };
  baseline: MemorySample;
  /** after one client joined each board's joint room */
  joints: MemorySample;
  /** after that client made `editsPerRoom` edits (all stored) */
  jointsWritten: MemorySample;
  /** after one client also joined each of its two party lanes */
  lanes: MemorySample;
  /** after one client also joined its state room (ours: the publisher has filled it — every rating published) */
  all: MemorySample;
  /** after the lanes' clients made their edits too (ours: and the publications they caused) */
  allWritten: MemorySample;
  /** ours: rooms holding their document encoded (no Y.Doc) at each sample */
  encodedAt?: { joints: number; jointsWritten: number; lanes: number; all: number; allWritten: number };
  /** ours: every room's Y.Doc built (what an update with a missing dependency does to one room) */
  awake?: MemorySample;
  afterLeave: MemorySample;
  roomsAfterLeave: number;
  /** last client gone → the server reports no room loaded (ours; the reference never unloads) */
  leaveMs: number;
};

export type TypicalBoard = { joint: Uint8Array; lanes: Uint8Array[]; options: number; participants: number };

export function typicalBoard(): TypicalBoard {
  const { doc, optionIds } = jointWithMutations(200, 8);
  // 10 participants: 5 in each party, each rating every option on the 3 criteria.
  const lanes = [laneWithRatings(optionIds, 5, 1), laneWithRatings(optionIds, 5, 2)];
  return { joint: stateOf(doc), lanes: lanes.map(stateOf), options: 200, participants: 10 };
}

/** Edits each client makes in the memory section's "written" steps. */
const MEMORY_EDITS = 20;

/**
 * `boards` copies of a typical board: memory of the server process after GC
 * with nothing loaded, with every joint room loaded (one client each), after
 * each of those clients made MEMORY_EDITS ordinary edits, with every lane
 * loaded too, with every state room loaded too, after the lanes' clients'
 * edits, (ours) with every room's Y.Doc built, and after every client left.
 */
export async function memory(target: Target, pools: Child[], board: TypicalBoard, boards: number): Promise<MemoryResult> {
  const created: Board[] = [];
  for (let i = 0; i < boards; i++) created.push(await target.newBoard());
  const contentOf = (i: number) => (i === 0 ? board.joint : board.lanes[i - 1]!);

  if (target.kind === 'ours') {
    // Stored content (a snapshot), as a board is between sessions.
    for (const b of created) {
      for (const [i, access] of [b.joint, ...b.lanes].entries()) await target.server.call('seed', { room: access.room, base: [contentOf(i)], log: [] });
    }
  }
  const baseline = await target.server.call<MemorySample>('mem');

  // One client per room. On ours the room loads from the database; the
  // reference has no storage, so the client brings the content (its state
  // room is empty: it has no publisher).
  const roomsOf = (b: Board) => [b.joint, ...b.lanes, { room: `${b.id}/state`, token: b.joint.token }];
  const groupOf = (i: number) => (i === 0 ? 'joint' : i === 3 ? 'state' : 'lane');
  const openRooms = async (which: number[]) => {
    const specs: ClientSpec[] = created.flatMap((b) =>
      which.map((i) => ({
        url: target.wsUrl,
        ...roomsOf(b)[i]!,
        content: target.kind === 'reference' && i < 3 ? contentOf(i) : undefined,
        group: groupOf(i),
      })),
    );
    await Promise.all(pools.map((pool, p) => pool.call('open', { specs: specs.filter((_, i) => i % pools.length === p), timeoutMs: 120_000 })));
  };
  const stats = async () => (await target.stats()) as { rooms: number; hibernated?: number };
  const encodedRooms = async () => (await stats()).hibernated ?? 0;
  /** Ours: what the clients sent and what the publisher derived from it is stored; the reference: delivered (it keeps nothing). */
  const settle = async () => {
    if (target.kind === 'ours') {
      await sleep(500); // the publisher gathers triggers for 100 ms, then runs
      await target.server.call('settle');
    } else await sleep(1000);
  };
  /** Each client of `group` edits; then wait until it is all stored. */
  const edit = async (group: 'joint' | 'lane') => {
    await Promise.all(pools.map((pool) => pool.call('edit', { group, count: MEMORY_EDITS })));
    await settle();
  };
  const sample = () => target.server.call<MemorySample>('mem');

  await openRooms([0]);
  await Promise.all(pools.map((pool) => pool.call('waitOptions', { count: board.options })));
  if (target.kind === 'reference') {
    const names = created.map((b) => b.joint.room);
    await waitFor(async () => (await target.server.call<number[]>('optionCounts', { rooms: names })).every((n) => n === board.options), 30_000, 'reference rooms to hold the board');
  }
  const joints = await sample();
  const jointRooms = (await stats()).rooms;
  const encodedAtJoints = await encodedRooms();
  await edit('joint');
  const jointsWritten = await sample();
  const encodedAtJointsWritten = await encodedRooms();
  await openRooms([1, 2]);
  await settle();
  const lanes = await sample();
  const laneRooms = (await stats()).rooms;
  const encodedAtLanes = await encodedRooms();
  await openRooms([3]);
  await settle();
  const all = await sample();
  const allRooms = (await stats()).rooms;
  const encodedAtAll = await encodedRooms();
  await edit('lane');
  const allWritten = await sample();
  const allWrittenRooms = (await stats()).rooms;
  const encodedAtAllWritten = await encodedRooms();
  let awake: MemorySample | undefined;
  if (target.kind === 'ours') {
    await target.server.call('wakeAll');
    awake = await sample();
  }

  const leftAt = Date.now();
  await Promise.all(pools.map((pool) => pool.call('closeAll')));
  let leaveMs = NaN;
  if (target.kind === 'ours') {
    await waitFor(async () => (await target.stats()).rooms === 0, 60_000, 'rooms to unload').catch(() => {});
    leaveMs = Date.now() - leftAt;
  } else {
    await waitFor(async () => (await target.stats()).connections === 0, 10_000, 'sockets to close').catch(() => {});
    await sleep(1000);
  }
  const afterLeave = await target.server.call<MemorySample>('mem');
  const roomsAfterLeave = (await target.stats()).rooms;
  return {
    boards,
    editsPerRoom: MEMORY_EDITS,
    rooms: { joints: jointRooms, lanes: laneRooms, all: allRooms, allWritten: allWrittenRooms },
    bytes: { joint: board.joint.byteLength, lane: board.lanes[0]!.byteLength },
    baseline,
    joints,
    jointsWritten,
    lanes,
    all,
    allWritten,
    encodedAt:
      target.kind === 'ours'
        ? { joints: encodedAtJoints, jointsWritten: encodedAtJointsWritten, lanes: encodedAtLanes, all: encodedAtAll, allWritten: encodedAtAllWritten }
        : undefined,
    awake,
    afterLeave,
    roomsAfterLeave,
    leaveMs,
  };
}

// ---------------------------------------------------------------------------
// Cold load: a big board stored as snapshot + update log, to synced.

export type ColdLoadRow = {
  options: number;
  docBytes: number;
  logRows: number;
  one: { step2Ms: number; syncedMs: number; options: number };
  many: { count: number; p50: number; max: number; distinctAnswers: number; options: number; bytes: number };
};

export type BigBoard = { options: number; base: Uint8Array; log: Uint8Array[] };

export function bigBoard(options: number, logRows: number): BigBoard {
  const { doc, optionIds } = bulkOptions(options);
  const log = editLog(doc, optionIds, logRows);
  return { options, base: stateOf(doc), log };
}

export async function coldLoad(target: Target, pools: Child[], board: BigBoard, many: number): Promise<ColdLoadRow> {
  // Two boards: one for the single client, one for the crowd, each loaded cold.
  const [single, crowd] = [await target.newBoard(), await target.newBoard()];
  let logRows = 0;
  if (target.kind === 'ours') {
    for (const b of [single, crowd]) ({ logRows } = await target.server.call<{ logRows: number }>('seed', { room: b.joint.room, base: [board.base], log: board.log }));
  } else {
    // The reference keeps documents in memory only: a client brings the board
    // (base + the same edits), then leaves; the room stays loaded.
    const content = Y.mergeUpdates([board.base, ...board.log]);
    for (const b of [single, crowd]) {
      await pools[0]!.call('open', { specs: [{ url: target.wsUrl, ...b.joint, content }], timeoutMs: 120_000 });
      await waitFor(async () => (await target.server.call<number[]>('optionCounts', { rooms: [b.joint.room] }))[0] === board.options, 60_000, 'reference room to hold the board');
      await pools[0]!.call('closeAll');
    }
  }
  const one = await pools[0]!.call<ColdLoadRow['one']>('loadWithProvider', { url: target.wsUrl, ...single.joint });
  const perPool = Math.ceil(many / pools.length);
  const results = await Promise.all(
    pools.map((pool, i) =>
      pool.call<{ ms: number[]; hashes: string[]; bytes: number; options: number }>('loadRaw', {
        url: target.rawUrl(crowd.joint),
        count: Math.min(perPool, many - i * perPool),
      }),
    ),
  );
  const times = summarize(results.flatMap((r) => r.ms));
  return {
    options: board.options,
    docBytes: board.base.byteLength,
    logRows,
    one,
    many: {
      count: many,
      p50: times.p50,
      max: times.max,
      distinctAnswers: new Set(results.flatMap((r) => r.hashes)).size,
      options: Math.min(...results.map((r) => r.options)),
      bytes: results[0]!.bytes,
    },
  };
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

// ---------------------------------------------------------------------------
// Scoring: people rating a typical board while its state room is open (ours alone).

export type ScoringResult = {
  boards: number;
  /** rating changes per second in each party lane (5 raters each) */
  laneHz: number;
  durationMs: number;
  ratings: number;
  /** server CPU time / wall time during the ratings (1 = one core) */
  serverCpu: number;
  cpuPerRatingMs: number;
  /** publication runs and their mean time (cg_publish_seconds) during the ratings */
  publications: number;
  publishMeanMs: number;
  /** rooms that built a Y.Doc during the ratings (cg_room_wakes_total) */
  wakes: number;
  /** rooms loaded, and of those encoded, at the end */
  rooms: number;
  encoded: number;
};

/** Sum of a counter or a histogram's _sum/_count series in Prometheus text. */
function metricValue(text: string, name: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/**
 * `boards` typical boards (stored), each open in a joint, two lane and one
 * state-room client; once the facilitator has revealed the scores and the
 * first publications are done (6,000 ratings published per board),
 * each lane client changes its raters' ratings `laneHz` times a second for
 * `durationMs`. Every change makes the publisher re-derive the board's
 * state room from the lanes (coalesced).
 */
export async function scoring(
  target: Target,
  pools: Child[],
  board: TypicalBoard,
  { boards, laneHz, durationMs }: { boards: number; laneHz: number; durationMs: number },
): Promise<ScoringResult> {
  const created: Board[] = [];
  for (let i = 0; i < boards; i++) created.push(await target.newBoard());
  for (const b of created) {
    await target.server.call('seed', { room: b.joint.room, base: [board.joint], log: [] });
    for (const [i, lane] of b.lanes.entries()) await target.server.call('seed', { room: lane.room, base: [board.lanes[i]!], log: [] });
  }
  const specs: ClientSpec[] = created.flatMap((b) => [
    { url: target.wsUrl, ...b.joint, group: 'joint' },
    ...b.lanes.map((lane) => ({ url: target.wsUrl, ...lane, group: 'lane' })),
    { url: target.wsUrl, room: `${b.id}/state`, token: b.joint.token, group: 'state' },
  ]);
  await Promise.all(pools.map((pool, p) => pool.call('open', { specs: specs.filter((_, i) => i % pools.length === p), timeoutMs: 120_000 })));
  const metrics = async () => (await fetch(`http://127.0.0.1:${target.port}/metrics`)).text();
  // Nothing reveals itself: the facilitator reveals each board's scores (its publication publishes every rating).
  for (const b of created) {
    const res = await fetch(`http://127.0.0.1:${target.port}/api/boards/${b.id}/reveal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${b.facilitator}` },
      body: JSON.stringify({ scores: true }),
    });
    if (res.status !== 200) throw new Error(`POST /reveal: ${res.status} ${await res.text()}`);
  }
  // The first publications (the state rooms' loads and the reveals): wait until they are done.
  let runs = -1;
  await waitFor(async () => {
    const now = metricValue(await metrics(), 'cg_publish_seconds_count');
    const settled = now >= boards && now === runs;
    runs = now;
    return settled;
  }, 60_000, 'the first publications');
  await target.server.call('settle');
  const before = await metrics();
  let ratings = 0;
  const { cpu, cpuMs } = await cpuShare(target.server, async () => {
    const made = await Promise.all(pools.map((pool) => pool.call<number>('rate', { group: 'lane', hz: laneHz, durationMs })));
    ratings = made.reduce((a, b) => a + b, 0);
    await sleep(500); // the last coalesced publications
  });
  const after = await metrics();
  const delta = (name: string) => metricValue(after, name) - metricValue(before, name);
  const publications = delta('cg_publish_seconds_count');
  const stats = (await target.stats()) as { rooms: number; hibernated?: number };
  await Promise.all(pools.map((pool) => pool.call('closeAll')));
  return {
    boards,
    laneHz,
    durationMs,
    ratings,
    serverCpu: cpu,
    cpuPerRatingMs: cpuMs / Math.max(1, ratings),
    publications,
    publishMeanMs: publications > 0 ? (delta('cg_publish_seconds_sum') * 1000) / publications : NaN,
    wakes: delta('cg_room_wakes_total'),
    rooms: stats.rooms,
    encoded: stats.hibernated ?? 0,
  };
}
