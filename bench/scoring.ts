/**
 * Ours alone: the cost of a scoring session (the facilitation publisher).
 * bench/run.ts runs it with the other sections.
 */
import type { ClientSpec } from './lib/client-pool';
import { cpuShare } from './lib/cpu-share';
import type { Child } from './lib/rpc';
import { sleep, waitFor } from './lib/stats';
import type { Board, Target } from './lib/targets';
import type { TypicalBoard } from './room-costs';


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
