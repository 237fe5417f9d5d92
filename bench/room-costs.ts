/**
 * What a room costs, on our server and the reference alike: memory per
 * loaded room (a typical board in many rooms, then everyone leaves) and the
 * cold load of a big board. bench/run.ts runs them with the other sections.
 */
import * as Y from 'yjs';
import type { ClientSpec } from './lib/client-pool';
import { bulkOptions, editLog, jointWithMutations, laneWithRatings, stateOf } from './lib/fixtures';
import type { MemorySample } from './lib/process-probes';
import type { Child } from './lib/rpc';
import { sleep, summarize, waitFor } from './lib/stats';
import type { Board, Target } from './lib/targets';

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

