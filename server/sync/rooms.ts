/**
 * The room registry. A room loads once however many clients arrive together
 * (they all await one promise), stays while anyone holds it (a socket or an
 * HTTP action), and unloads after a grace period once empty: flushed and
 * compacted first, so reloading it reads one snapshot.
 *
 * It also keeps open sockets honest about their tokens: rotating a board's
 * links closes that board's sockets at once (`revokeBoard`), and every
 * KEEPALIVE_MS a sweep re-reads the epoch of each board with open sockets
 * (so a rotation made by another process reaches ours too) and closes
 * sockets whose token has expired or was rotated away (4401).
 *
 * What a room does beyond its core (hibernation, compaction, the awareness
 * policy, scale-out, the publisher) comes from the extensions it is given
 * (server/app.ts composes them); the registry loads and unloads rooms with them.
 */
import type { WebSocket } from 'ws';
import type { Access, TokenClaims } from '@/lib/board/access';
import { roomName, type RoomRef } from '@/lib/board/rooms';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { DocStore } from '../persistence/types';
import { Connection } from './connection';
import { CLOSE } from './protocol';
import type { RoomExtension, UnloadReason } from './room/extension';
import { loadRoom } from './room/load';
import type { Room } from './room/room';
import type { TailMerger } from './tail-merger';

type Entry = {
  readonly name: string;
  readonly loading: Promise<Room>;
  room: Room | null;
  holds: number;
  unloadTimer: NodeJS.Timeout | null;
  unloading: Promise<void> | null;
};

export type RegistryDeps = {
  readonly store: DocStore;
  readonly config: Config;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** the merge thread for encoded rooms' tails (tail-merger.ts); without it they merge on the event loop */
  readonly merger?: TailMerger;
};

/** How long a shutdown waits for updates a lost database could not take. */
const SHUTDOWN_FLUSH_MS = 5000;
/** Boards the token sweep checks per event-loop turn (`sweepTokens`). */
const SWEEP_SLICE = 50;

export type RegistryStats = {
  readonly rooms: number;
  readonly connections: number;
  readonly roomNames: readonly string[];
  /** empty rooms waiting out their grace period */
  readonly unloadsScheduled: number;
  /** loaded rooms holding their document encoded only (no Y.Doc) */
  readonly hibernated: number;
  readonly loads: number;
  readonly unloads: number;
};

export class RoomRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly connections = new Set<Connection>();
  private closing = false;
  private loads = 0;
  private unloads = 0;
  /** what every room is given beyond its core, in order (`use`; composed in server/app.ts) */
  private readonly extensions: RoomExtension[] = [];
  private readonly sweepTimer: NodeJS.Timeout;
  private sweeping = false;

  constructor(private readonly deps: RegistryDeps) {
    this.sweepTimer = setInterval(() => void this.sweepTokens(), deps.config.keepaliveMs);
    this.sweepTimer.unref();
  }

  stats(): RegistryStats {
    return {
      rooms: this.entries.size,
      connections: this.connections.size,
      roomNames: [...this.entries.keys()],
      unloadsScheduled: [...this.entries.values()].filter((e) => e.unloadTimer !== null).length,
      hibernated: [...this.entries.values()].filter((e) => e.room?.hibernated).length,
      loads: this.loads,
      unloads: this.unloads,
    };
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * Give every room these extensions, in order (after any given before).
   * Before any room is loaded, so every room has the same ones; the
   * publisher, which needs the registry itself, is among them.
   */
  use(...extensions: RoomExtension[]): void {
    if (this.loads > 0) throw new Error('extensions are added before any room is loaded');
    this.extensions.push(...extensions);
  }

  /** The extensions every room is given, in order (closed by the server on shutdown). */
  get extensionList(): readonly RoomExtension[] {
    return this.extensions;
  }

  /** Whether a room is loaded right now (not loading, not unloading). */
  isLoaded(ref: RoomRef): boolean {
    const entry = this.entries.get(roomName(ref));
    return entry !== undefined && entry.room !== null && entry.unloading === null;
  }

  /** Take an authorized socket: it buffers frames until its room is loaded. */
  connect(ref: RoomRef, ws: WebSocket, access: Access, claims: TokenClaims): void {
    const name = roomName(ref);
    const connection = new Connection(ws, access, name, claims, this.deps);
    this.connections.add(connection);
    this.deps.metrics.connections.inc();
    connection.onDetach = () => {
      this.connections.delete(connection);
      this.deps.metrics.connections.dec();
    };
    this.acquire(ref).then(
      ({ room, entry }) => {
        const release = () => this.release(entry);
        if (connection.isClosed) return release();
        if (room.failed) {
          connection.close(CLOSE.tryLater, 'room unavailable');
          return release();
        }
        if (room.peers.size >= this.deps.config.limits.maxConnectionsPerRoom) {
          this.deps.metrics.limitRefusals.inc({ limit: 'connections_per_room' });
          this.deps.log.warn({ room: name, limit: 'connections_per_room', code: CLOSE.tryLater }, 'room is full');
          connection.close(CLOSE.tryLater, 'room is full');
          return release();
        }
        connection.onDetach = () => {
          this.connections.delete(connection);
          this.deps.metrics.connections.dec();
          release();
        };
        connection.attach(room);
      },
      (error: unknown) => {
        // A database that is away (scale-out) is "try later"; unreadable data is an error.
        const transient = this.deps.store.isTransientError?.(error) ?? false;
        this.deps.log[transient ? 'warn' : 'error']({ room: name, err: error }, 'room failed to load');
        connection.close(
          this.closing ? CLOSE.restart : transient ? CLOSE.tryLater : CLOSE.internal,
          transient ? 'storage unavailable' : 'room unavailable',
        );
      },
    );
  }

  /**
   * Close (4401) every socket of `boardId` whose token is older than `epoch`:
   * the board's links were rotated. Returns how many were closed.
   */
  revokeBoard(boardId: string, epoch: number): number {
    return this.closeRotated(boardId, epoch, [...this.connections]);
  }

  /** Of `connections`, close those of `boardId` with a token older than `epoch`. */
  private closeRotated(boardId: string, epoch: number, connections: readonly Connection[]): number {
    let closed = 0;
    for (const connection of connections) {
      if (connection.claims.b === boardId && connection.claims.e < epoch && !connection.isClosed) {
        connection.close(CLOSE.unauthorized, 'link rotated');
        closed++;
      }
    }
    if (closed > 0) this.deps.log.info({ board: boardId, epoch, closed }, 'closed sockets of rotated links');
    return closed;
  }

  /**
   * Re-check open sockets' tokens: expired, or rotated (possibly by another process).
   * Sockets are grouped by board once, and the event loop is let go every
   * SWEEP_SLICE boards: checking every socket for every board (`revokeBoard`
   * per board) was one task of ~33 ms every KEEPALIVE_MS at 800 boards and
   * 3,200 sockets (the longest task in a capacity profile; every room's
   * updates waited behind it).
   */
  async sweepTokens(nowMs: number = Date.now()): Promise<void> {
    if (this.sweeping || this.closing || this.connections.size === 0) return;
    this.sweeping = true;
    try {
      const byBoard = new Map<string, Connection[]>();
      for (const connection of this.connections) {
        const { x } = connection.claims;
        if (x !== undefined && x * 1000 <= nowMs && !connection.isClosed) connection.close(CLOSE.unauthorized, 'token expired');
        else {
          const list = byBoard.get(connection.claims.b);
          if (list) list.push(connection);
          else byBoard.set(connection.claims.b, [connection]);
        }
      }
      let checked = 0;
      for (const [boardId, connections] of byBoard) {
        if (this.closing) return;
        const board = await this.deps.store.getBoard(boardId);
        // A board that is gone is closed like a rotated one.
        this.closeRotated(boardId, board ? board.epoch : Number.POSITIVE_INFINITY, connections);
        if (++checked % SWEEP_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.deps.log.warn({ err: error }, 'token sweep failed');
    } finally {
      this.sweeping = false;
    }
  }

  /** Run `action` with the room loaded and held (it can neither unload nor hibernate meanwhile). */
  async withRoom<T>(ref: RoomRef, action: (room: Room) => Promise<T>): Promise<T> {
    const { room, entry } = await this.acquire(ref);
    const letGo = room.hold();
    try {
      return await action(room);
    } finally {
      letGo();
      this.release(entry);
    }
  }

  /** Hold a room (loading it if needed). Holds are released per entry, never by name,
   *  so a late release can never touch a newer load of the same room. */
  private async acquire(ref: RoomRef): Promise<{ room: Room; entry: Entry }> {
    const name = roomName(ref);
    for (;;) {
      if (this.closing) throw new Error('server is shutting down');
      let entry = this.entries.get(name);
      if (entry?.unloading) {
        // Let the unload finish (it flushes and compacts), then load afresh.
        await entry.unloading.catch(() => {});
        continue;
      }
      if (!entry) entry = this.startLoad(ref);
      entry.holds++;
      if (entry.unloadTimer) {
        clearTimeout(entry.unloadTimer);
        entry.unloadTimer = null;
      }
      try {
        return { room: await entry.loading, entry };
      } catch (error) {
        entry.holds--;
        throw error;
      }
    }
  }

  private release(entry: Entry): void {
    entry.holds = Math.max(0, entry.holds - 1);
    if (entry.holds > 0 || entry.unloading || this.closing || this.entries.get(entry.name) !== entry) return;
    this.scheduleUnload(entry);
  }

  private scheduleUnload(entry: Entry): void {
    if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
    entry.unloadTimer = setTimeout(() => {
      entry.unloadTimer = null;
      if (entry.holds !== 0 || entry.unloading || this.closing) return;
      // Updates waiting for an unreachable database stay in memory (and keep
      // being retried) rather than being dropped by an unload: try again later.
      if (entry.room?.storageDegraded) return this.scheduleUnload(entry);
      void this.unload(entry, 'idle');
    }, this.deps.config.roomUnloadGraceMs);
    entry.unloadTimer.unref();
  }

  /**
   * Graceful shutdown: send 1012 to every socket, keep applying what they had
   * already sent until they finish closing (at most `handshakeMs`), then
   * store everything and unload every room.
   */
  async close(handshakeMs = 1000): Promise<void> {
    this.closing = true;
    clearInterval(this.sweepTimer);
    const open = [...this.connections];
    for (const connection of open) connection.shutdown(CLOSE.restart, 'server restarting');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(open.map((connection) => connection.detachedPromise)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, handshakeMs))),
    ]);
    clearTimeout(timer);
    for (const connection of open) connection.terminate();
    const entries = [...this.entries.values()];
    await Promise.all(entries.map((entry) => entry.unloading ?? this.unload(entry, 'shutdown')));
  }

  private startLoad(ref: RoomRef): Entry {
    const name = roomName(ref);
    const entry: Entry = {
      name,
      holds: 0,
      room: null,
      unloadTimer: null,
      unloading: null,
      loading: loadRoom(
        ref,
        { ...this.deps, onFailure: (room, error) => this.onRoomFailure(room, error) },
        this.extensions,
      ),
    };
    this.entries.set(name, entry);
    this.loads++;
    entry.loading.then(
      (room) => {
        entry.room = room;
        this.deps.metrics.roomsLoaded.inc();
      },
      () => {
        // A failed load is not cached: the next client tries again.
        if (this.entries.get(name) === entry) this.entries.delete(name);
      },
    );
    return entry;
  }

  private unload(entry: Entry, why: UnloadReason): Promise<void> {
    if (entry.unloading) return entry.unloading;
    if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
    entry.unloading = (async () => {
      let room: Room;
      try {
        room = await entry.loading;
      } catch {
        return; // never loaded; nothing to store
      }
      try {
        if (why === 'shutdown') {
          // A database that is away cannot hold the process hostage: wait a
          // while, then drop what it could not take (unbroadcast, so nobody saw
          // it; its writers resend it when they reconnect).
          await withTimeout(room.flush(), SHUTDOWN_FLUSH_MS, 'unstored updates dropped at shutdown: the database is unreachable');
        } else if (why === 'idle') {
          await room.flush();
        } else {
          // What was queued before the failure was applied cleanly: store it if storage still works.
          await room.flush().catch(() => {});
        }
        await room.hooks.beforeUnload(why); // compaction, among others
      } catch (error) {
        this.deps.log.error({ room: entry.name, err: error }, 'flush on unload failed');
      } finally {
        room.closeAll(why === 'shutdown' ? CLOSE.restart : CLOSE.tryLater, 'room unloaded');
        this.deps.metrics.roomsLoaded.dec();
        this.unloads++;
        await room.destroy();
      }
    })().finally(() => {
      if (this.entries.get(entry.name) === entry) this.entries.delete(entry.name);
    });
    return entry.unloading;
  }

  private onRoomFailure(room: Room, _error: Error): void {
    const entry = this.entries.get(room.name);
    if (entry && entry.room === room) void this.unload(entry, 'failed');
    else room.closeAll(CLOSE.tryLater, 'room unavailable');
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
  ]).finally(() => clearTimeout(timer));
}
