/**
 * Scale-out (several processes on one shared database) as a room extension.
 * What this process stores is published to the others (Redis, `fanout`);
 * what the others stored arrives by Redis (`handlers().onUpdates`) and by
 * catching up with the log after the last id followed (`catchUp`): on load
 * (once subscribed to the room's channels, so nothing falls between the
 * two), after every Redis reconnect, every CATCHUP_INTERVAL_MS for rooms
 * whose log moved, and when the cursor's remembered ids pile up. So a
 * message Redis drops arrives late, never not at all. Those updates are
 * already stored: rooms broadcast them at once (room.applyStored).
 * Awareness of this process's sockets is published; the others' is shown.
 */
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { DocStore } from '../persistence/types';
import type { RoomExtension, RoomHooks } from '../sync/room/extension';
import { REMOTE } from '../sync/room/origins';
import type { Room } from '../sync/room/room';
import { LogCursor } from './cursor';
import type { Fanout, FanoutHandlers, RemoteRow } from './fanout';

/** Remembered log ids (above the followed watermark) that trigger a catch-up to prune them. */
const CURSOR_PRUNE_AT = 2000;

export type LogFollowerDeps = {
  readonly store: DocStore;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Redis fan-out, if configured (without it, rooms follow the log by catching up only) */
  readonly fanout: Fanout | null;
  readonly catchUpIntervalMs: number;
};

/** One room following the shared log. */
class FollowedRoom {
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain = false;

  constructor(
    readonly room: Room,
    private readonly cursor: LogCursor,
    private readonly deps: LogFollowerDeps,
  ) {}

  get followedThrough(): number {
    return this.cursor.watermark;
  }

  /** Stored here: now the other processes may see it. */
  stored(updates: readonly Uint8Array[], ids: readonly number[]): void {
    this.cursor.add(ids);
    this.pruneCursor();
    this.deps.fanout?.publishUpdates(this.room.name, ids.map((id, i) => ({ id, data: updates[i]! })));
  }

  /** Updates another process stored (Redis): the cursor remembers the ids so catch-up skips them, without moving past them. */
  receive(rows: readonly RemoteRow[]): void {
    const fresh = rows.filter((row) => !this.cursor.has(row.id));
    if (fresh.length === 0) return;
    this.room.applyStored(fresh.map((row) => row.data));
    this.cursor.add(fresh.map((row) => row.id));
    this.pruneCursor();
  }

  /** Read the log after the last id followed and apply what is missing. One at a time; a call during a run makes it run again. */
  catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    const { room, cursor } = this;
    this.catchingUp = (async () => {
      try {
        do {
          this.catchUpAgain = false;
          const tail = await this.deps.store.readSince(room.name, cursor.watermark, cursor.knownAbove());
          if (room.isDestroyed || room.failed) return;
          const fresh = tail.updates.filter((row) => row.data !== null && !cursor.has(row.id));
          const parts = fresh.map((row) => row.data!);
          if (tail.snapshot) {
            parts.unshift(tail.snapshot);
            // Another process compacted. (Rows other processes append are theirs to count and compact.)
            room.stored.compactedElsewhere(tail.updates.length);
          }
          if (parts.length > 0) room.applyStored(parts);
          cursor.advance(tail.lastId);
          if (fresh.length > 0) this.deps.metrics.catchUpRows.inc(fresh.length);
        } while (this.catchUpAgain && !room.isDestroyed);
      } finally {
        this.catchingUp = null;
      }
    })();
    return this.catchingUp;
  }

  /** Without periodic catch-up, the ids remembered above the watermark would only grow: read the log to move it. */
  private pruneCursor(): void {
    if (this.cursor.size > CURSOR_PRUNE_AT && !this.catchingUp) {
      this.catchUp().catch((error: unknown) => this.deps.log.debug({ room: this.room.name, err: error }, 'catch-up failed'));
    }
  }
}

export class LogFollower implements RoomExtension {
  readonly name = 'scale-out';
  /** rooms that take fan-out: from the moment they subscribe (before their first catch-up ends) until unloading */
  private readonly followed = new Map<string, FollowedRoom>();
  private readonly timer: NodeJS.Timeout | null = null;
  private sweep: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly deps: LogFollowerDeps) {
    if (deps.catchUpIntervalMs > 0) {
      this.timer = setInterval(() => void this.catchUpAll(false), deps.catchUpIntervalMs);
      this.timer.unref();
    }
  }

  attach(room: Room, loaded: { readonly lastId: number }): RoomHooks {
    const follower = new FollowedRoom(room, new LogCursor(loaded.lastId), this.deps);
    const { fanout } = this.deps;
    let subscribed = false;
    const stopFollowing = () => {
      if (this.followed.get(room.name) === follower) this.followed.delete(room.name);
    };
    return {
      // Subscribe, THEN catch up, so that what other processes stored since the load read arrives by one or the other.
      onLoad: async () => {
        // Messages that arrive during the first catch-up are applied too (the cursor sorts out overlaps).
        this.followed.set(room.name, follower);
        subscribed = true;
        await fanout?.subscribe(room.name);
        await follower.catchUp();
        fanout?.queryAwareness(room.name);
      },
      onStored: (updates, ids) => follower.stored(updates, ids),
      // A socket here changed it (or left): the other processes show it too.
      onAwareness: (update, origin) => {
        if (origin !== 'timeout' && origin.source === 'peer') fanout?.publishAwareness(room.name, update);
      },
      beforeUnload: stopFollowing,
      onDestroy: async () => {
        stopFollowing();
        if (subscribed) await fanout?.unsubscribe(room.name);
      },
    };
  }

  /** What Redis delivers, routed to the room it is for (a room not followed here ignores it). */
  handlers(): Omit<FanoutHandlers, 'onFailedJoin'> {
    return {
      onUpdates: (name, rows) => this.followed.get(name)?.receive(rows),
      onAwareness: (name, update) => this.followed.get(name)?.room.relay.apply(update, REMOTE),
      onAwarenessQuery: (name) => {
        const local = this.followed.get(name)?.room.relay.local();
        if (local) this.deps.fanout?.publishAwareness(name, local);
      },
      onReconnect: () => void this.catchUpAll(true),
    };
  }

  /** The log id through which a room has followed the shared log (0: not followed here). */
  followedThrough(name: string): number {
    return this.followed.get(name)?.followedThrough ?? 0;
  }

  /**
   * Catch every followed room up with the shared log: all of them (`force`,
   * after a Redis reconnect), or only those whose log has ids beyond what
   * they followed (one cheap query for all rooms).
   */
  async catchUpAll(force: boolean): Promise<void> {
    if (this.closed) return;
    if (this.sweep && !force) return this.sweep;
    const sweep = (async () => {
      const rooms = [...this.followed.values()];
      if (rooms.length === 0) return;
      try {
        let due = rooms;
        if (!force) {
          const last = await this.deps.store.lastIds(rooms.map((f) => f.room.name));
          due = rooms.filter((f) => (last.get(f.room.name) ?? 0) > f.followedThrough);
        }
        for (const follower of due) await follower.catchUp();
      } catch (error) {
        this.deps.log.warn({ err: error }, 'catch-up from the database failed; will retry');
      }
    })();
    this.sweep = sweep;
    try {
      await sweep;
    } finally {
      if (this.sweep === sweep) this.sweep = null;
    }
  }

  /** Stop the periodic catch-up (the registry stops it before unloading rooms at shutdown). */
  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
  }
}
