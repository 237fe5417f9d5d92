/**
 * Fan-out between server processes over Redis pub/sub (npm ioredis).
 *
 * Each room has two channels: `cg:u:<room>` carries stored updates (the
 * update bytes, the log row ids, the publishing process's id) and
 * `cg:a:<room>` carries awareness (cursors, presence; never stored). A
 * process subscribes to the rooms it holds and ignores its own messages.
 * One more channel, `cg:fj`, every process subscribes to: one message per
 * refused join (the address's digest, never the address: see
 * auth/failed-joins.ts), so that the failed-join budget is shared.
 *
 * Pub/sub is best effort: a message published while a subscriber is
 * disconnected is gone. Nothing depends on it for correctness — every
 * update is in the database before it is published, and the room registry
 * catches up from the database on subscribe, after every reconnect (the
 * `onReconnect` hook, called once the channels are subscribed again) and
 * periodically. Redis only makes updates arrive sooner. A failed join lost
 * on the way is not counted elsewhere (each process's own count still
 * applies): the shared budget is best effort too.
 *
 * Two connections (a subscribing connection can do nothing else). Neither
 * queues commands while disconnected: a publish then fails at once (counted,
 * not retried — catch-up covers it) instead of piling up in memory.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Redis } from 'ioredis';
import { isAddressDigest } from '../auth/failed-joins';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';

export const UPDATES_PREFIX = 'cg:u:';
export const AWARENESS_PREFIX = 'cg:a:';
export const FAILED_JOINS_CHANNEL = 'cg:fj';

export type RemoteRow = { readonly id: number; readonly data: Uint8Array };

export type FanoutHandlers = {
  onUpdates(room: string, rows: readonly RemoteRow[]): void;
  onAwareness(room: string, update: Uint8Array): void;
  /** another process just took the room and asks for everyone's awareness */
  onAwarenessQuery(room: string): void;
  /** the subscriber reconnected and re-subscribed: messages may have been missed */
  onReconnect(): void;
  /** another process refused a join from the address with this digest (the channel is subscribed only with it) */
  onFailedJoin?(digest: string): void;
};

type MessageKind = 'update' | 'awareness' | 'failed_join';

/** What a room publishes through (null when there is no Redis). */
export interface RoomBus {
  publishUpdates(room: string, rows: readonly RemoteRow[]): void;
  publishAwareness(room: string, update: Uint8Array): void;
}

/** What the room registry needs: a RoomBus it can also subscribe rooms to. */
export interface Fanout extends RoomBus {
  subscribe(room: string): Promise<void>;
  unsubscribe(room: string): Promise<void>;
  queryAwareness(room: string): void;
}

const AWARENESS_UPDATE = 0;
const AWARENESS_QUERY = 1;

export class RedisFanout implements Fanout {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly rooms = new Set<string>();
  private handlers: FanoutHandlers | null = null;
  private closed = false;

  constructor(
    url: string,
    readonly processId: string,
    private readonly log: Logger,
    private readonly metrics: Metrics,
  ) {
    const options = {
      lazyConnect: true,
      enableOfflineQueue: false,
      autoResubscribe: false, // we re-subscribe ourselves, then catch up (see onReady)
      maxRetriesPerRequest: 1,
      // Reconnect quickly, forever: 100 ms, 200 ms … at most 1 s apart.
      retryStrategy: (times: number) => Math.min(times * 100, 1000),
      connectionName: `common-ground:${processId}`,
    };
    this.pub = new Redis(url, options);
    this.sub = new Redis(url, options);
    for (const [role, client] of [['publish', this.pub], ['subscribe', this.sub]] as const) {
      client.on('error', (error: Error) => log.debug({ err: error, role }, 'redis connection error'));
      client.on('close', () => this.updateStatus());
      client.on('ready', () => this.updateStatus());
    }
    this.sub.on('ready', () => void this.onSubscriberReady());
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel.toString(), message));
  }

  /** True while both connections are up. */
  get up(): boolean {
    return this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  /**
   * Connect. Does not wait for Redis to be reachable: a process must start
   * (and serve, with catch-up) while Redis is down; it connects when it can.
   */
  start(handlers: FanoutHandlers): void {
    this.handlers = handlers;
    for (const client of [this.pub, this.sub]) {
      client.connect().catch((error: unknown) => this.log.warn({ err: error }, 'redis not reachable yet; retrying'));
    }
  }

  /** Subscribe to a room's channels; never throws (a later reconnect subscribes again). */
  async subscribe(room: string): Promise<void> {
    this.rooms.add(room);
    if (this.sub.status !== 'ready') return;
    try {
      await this.sub.subscribe(UPDATES_PREFIX + room, AWARENESS_PREFIX + room);
    } catch (error) {
      this.log.debug({ err: error, room }, 'redis subscribe failed; will resubscribe on reconnect');
    }
  }

  async unsubscribe(room: string): Promise<void> {
    this.rooms.delete(room);
    if (this.sub.status !== 'ready') return;
    try {
      await this.sub.unsubscribe(UPDATES_PREFIX + room, AWARENESS_PREFIX + room);
    } catch (error) {
      this.log.debug({ err: error, room }, 'redis unsubscribe failed');
    }
  }

  publishUpdates(room: string, rows: readonly RemoteRow[]): void {
    if (rows.length === 0) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.processId);
    encoding.writeVarUint(encoder, rows.length);
    for (const row of rows) {
      encoding.writeVarUint(encoder, row.id);
      encoding.writeVarUint8Array(encoder, row.data);
    }
    this.publish(UPDATES_PREFIX + room, encoding.toUint8Array(encoder), 'update');
  }

  publishAwareness(room: string, update: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.processId);
    encoding.writeVarUint(encoder, AWARENESS_UPDATE);
    encoding.writeVarUint8Array(encoder, update);
    this.publish(AWARENESS_PREFIX + room, encoding.toUint8Array(encoder), 'awareness');
  }

  /** Ask the other processes holding `room` to publish their clients' awareness. */
  queryAwareness(room: string): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.processId);
    encoding.writeVarUint(encoder, AWARENESS_QUERY);
    this.publish(AWARENESS_PREFIX + room, encoding.toUint8Array(encoder), 'awareness');
  }

  /** Tell the other processes about a refused join (the address's digest). */
  publishFailedJoin(digest: string): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.processId);
    encoding.writeVarString(encoder, digest);
    this.publish(FAILED_JOINS_CHANNEL, encoding.toUint8Array(encoder), 'failed_join');
  }

  async close(): Promise<void> {
    this.closed = true;
    this.rooms.clear();
    await Promise.all(
      [this.pub, this.sub].map(async (client) => {
        try {
          if (client.status === 'ready') await client.quit();
          else client.disconnect();
        } catch {
          client.disconnect();
        }
      }),
    );
    this.metrics.fanoutUp.set(0);
  }

  private publish(channel: string, payload: Uint8Array, kind: MessageKind): void {
    if (this.closed) return;
    if (this.pub.status !== 'ready') {
      this.metrics.fanoutMessages.inc({ direction: 'dropped', kind });
      return;
    }
    const buffer = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    this.pub.publish(channel, buffer).then(
      () => this.metrics.fanoutMessages.inc({ direction: 'out', kind }),
      (error: unknown) => {
        this.metrics.fanoutMessages.inc({ direction: 'dropped', kind });
        this.log.debug({ err: error, channel }, 'redis publish failed (catch-up covers updates; a failed join counts here only)');
      },
    );
  }

  private async onSubscriberReady(): Promise<void> {
    const channels = [...this.rooms].flatMap((room) => [UPDATES_PREFIX + room, AWARENESS_PREFIX + room]);
    if (this.handlers?.onFailedJoin) channels.push(FAILED_JOINS_CHANNEL);
    try {
      if (channels.length > 0) await this.sub.subscribe(...channels);
    } catch (error) {
      this.log.warn({ err: error }, 'redis resubscribe failed');
      return; // the next 'ready' tries again
    }
    // Rooms held while Redis was out of reach may have missed messages (on a
    // first connection too, if rooms were loaded before Redis answered).
    if (this.rooms.size > 0) {
      this.log.info({ rooms: this.rooms.size }, 'redis (re)connected; catching up from the database');
      this.handlers?.onReconnect();
    }
  }

  private onMessage(channel: string, message: Buffer): void {
    if (!this.handlers) return;
    const bytes = new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
    if (channel === FAILED_JOINS_CHANNEL) return this.onFailedJoinMessage(bytes);
    try {
      const decoder = decoding.createDecoder(bytes);
      const origin = decoding.readVarString(decoder);
      if (origin === this.processId) return;
      if (channel.startsWith(UPDATES_PREFIX)) {
        const count = decoding.readVarUint(decoder);
        const rows: RemoteRow[] = [];
        for (let i = 0; i < count; i++) {
          const id = decoding.readVarUint(decoder);
          rows.push({ id, data: decoding.readVarUint8Array(decoder) });
        }
        this.metrics.fanoutMessages.inc({ direction: 'in', kind: 'update' });
        this.handlers.onUpdates(channel.slice(UPDATES_PREFIX.length), rows);
      } else if (channel.startsWith(AWARENESS_PREFIX)) {
        const room = channel.slice(AWARENESS_PREFIX.length);
        const kind = decoding.readVarUint(decoder);
        this.metrics.fanoutMessages.inc({ direction: 'in', kind: 'awareness' });
        if (kind === AWARENESS_UPDATE) this.handlers.onAwareness(room, decoding.readVarUint8Array(decoder));
        else if (kind === AWARENESS_QUERY) this.handlers.onAwarenessQuery(room);
      }
    } catch (error) {
      // Only our processes publish here; a message we cannot read is a bug or a stranger: skip it.
      this.log.warn({ err: error, channel }, 'unreadable fan-out message ignored');
    }
  }

  /**
   * A remote failed join can take one attempt from one address's budget,
   * nothing more: the message must be exactly a process id and a digest of
   * the documented shape. Anything else is counted (`ignored`) and logged at
   * debug — not warn: a stranger flooding the channel must not flood the log.
   */
  private onFailedJoinMessage(bytes: Uint8Array): void {
    let origin: string | null = null;
    let digest: string | null = null;
    try {
      const decoder = decoding.createDecoder(bytes);
      origin = decoding.readVarString(decoder);
      digest = decoding.readVarString(decoder);
      if (decoding.hasContent(decoder)) digest = null;
    } catch {
      digest = null;
    }
    if (origin === this.processId) return;
    if (digest === null || !isAddressDigest(digest)) {
      this.metrics.fanoutMessages.inc({ direction: 'ignored', kind: 'failed_join' });
      this.log.debug({ channel: FAILED_JOINS_CHANNEL, bytes: bytes.byteLength }, 'malformed failed-join message ignored');
      return;
    }
    this.metrics.fanoutMessages.inc({ direction: 'in', kind: 'failed_join' });
    this.handlers?.onFailedJoin?.(digest);
  }

  private updateStatus(): void {
    this.metrics.fanoutUp.set(this.up ? 1 : 0);
  }
}
