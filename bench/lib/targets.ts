/**
 * The two servers under test, each in its own child process (--expose-gc),
 * listening on 127.0.0.1 only, and how a benchmark gets a room on each:
 *  - ours: a real board created with POST /api/boards; clients present the
 *    party-1 link's token (a writer on the joint board and on lane p1);
 *  - reference: any room name (no auth).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Child } from './rpc';

export type ServerKind = 'ours' | 'reference';
export type RoomAccess = { room: string; token?: string };
/** `facilitator`: its token, for facilitation actions (ours only). */
export type Board = { id: string; joint: RoomAccess; lanes: RoomAccess[]; facilitator?: string };

export const BENCH_SECRET = 'common-ground-bench-secret-0123456789abcdef';

/** Our server's settings in the benchmarks: production defaults except where noted. */
export const OURS_ENV: Record<string, string> = {
  COMMON_GROUND_SECRET: BENCH_SECRET,
  LOG_LEVEL: 'warn',
  // N = 250 clients in one room is above the default cap of 200 per room.
  MAX_CONNECTIONS_PER_ROOM: '300',
  // Every bench client connects from 127.0.0.1 (the default allows 200 per address).
  MAX_CONNECTIONS_PER_IP: '10000',
  // The benches create up to 800 boards from 127.0.0.1 (bench/flood.ts sets production's board limits again).
  BOARDS_PER_MINUTE_PER_IP: '100000',
  BOARDS_BURST_PER_IP: '100000',
  BOARDS_PER_MINUTE: '100000',
  BOARDS_PER_DAY_PER_IP: '100000',
  // So "rooms unload after every client left" is seen in seconds, not after 30 s.
  ROOM_UNLOAD_GRACE_MS: '500',
};

/** What every benchmark board is asked about, and by whom (our POST /api/boards; the reference's copy in bench/sync.ts). */
export const BENCH_BOARD = { question: 'How do we share the river?', parties: ['Farmers', 'City'] } as const;

export class Target {
  private counter = 0;

  private constructor(
    readonly kind: ServerKind,
    readonly server: Child,
    readonly port: number,
  ) {}

  static async start(kind: ServerKind, env: Record<string, string> = {}): Promise<Target> {
    const serverEnv =
      kind === 'ours'
        ? { ...OURS_ENV, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-')), ...env }
        : { ...env };
    const child = Child.fork(`${kind}-server`, kind === 'ours' ? 'lib/server-ours.ts' : 'lib/server-ref.ts', {
      // BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the server under test.
      nodeArgs: ['--expose-gc', ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)],
      env: serverEnv,
    });
    const port = await child.call<number>('port');
    return new Target(kind, child, port);
  }

  get label(): string {
    return this.kind === 'ours' ? 'ours' : 'reference';
  }

  /** The y-websocket `serverUrl` (the room is appended by the client). */
  get wsUrl(): string {
    return this.kind === 'ours' ? `ws://127.0.0.1:${this.port}/sync` : `ws://127.0.0.1:${this.port}`;
  }

  /** A URL a raw socket opens for `access`. */
  rawUrl(access: RoomAccess): string {
    const query = access.token ? `?token=${encodeURIComponent(access.token)}` : '';
    return `${this.wsUrl}/${access.room}${query}`;
  }

  async newBoard(): Promise<Board> {
    if (this.kind === 'reference') {
      const id = `bench-${++this.counter}`;
      return { id, joint: { room: id }, lanes: [{ room: `${id}/party/p1` }, { room: `${id}/party/p2` }] };
    }
    const res = await fetch(`http://127.0.0.1:${this.port}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Bench ${++this.counter}`, ...BENCH_BOARD }),
    });
    if (res.status !== 201) throw new Error(`POST /api/boards: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { id: string; links: { facilitator: { token: string }; parties: { partyId: string; token: string }[] } };
    const [p1, p2] = body.links.parties;
    return {
      id: body.id,
      facilitator: body.links.facilitator.token,
      joint: { room: body.id, token: p1!.token },
      lanes: [
        { room: `${body.id}/party/p1`, token: p1!.token },
        { room: `${body.id}/party/p2`, token: p2!.token },
      ],
    };
  }

  stats(): Promise<{ rooms: number; connections: number; roomNames: string[] }> {
    return this.server.call('stats');
  }

  stop(): Promise<void> {
    return this.server.stop(15_000);
  }
}

/** Client pools: child processes of real y-websocket clients. */
export function forkPools(count: number, prefix: string): Child[] {
  return Array.from({ length: count }, (_, i) => Child.fork(`${prefix}-${i + 1}`, 'lib/client-pool.ts'));
}
