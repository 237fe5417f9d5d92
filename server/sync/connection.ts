/**
 * One websocket on one room. Frames that arrive before the room is loaded
 * wait in a bounded buffer (the client sends sync step 1 immediately on
 * open); nothing is answered until the room is loaded, so no client is told
 * it is synced against an empty document.
 *
 * Enforced per socket: binary frames only, known message types only (1003),
 * well-formed data only (1008), no writes through a read-only socket (1008),
 * message-rate and byte-rate budgets (token buckets) and a send-buffer cap
 * (1013). Each limit hit is counted (cg_limit_refusals_total) and logged.
 */
import * as decoding from 'lib0/decoding';
import type { RawData, WebSocket } from 'ws';
import * as Y from 'yjs';
import type { Access, TokenClaims } from '@/lib/board/access';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import {
  CLOSE,
  KEEPALIVE_MESSAGE,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  inspectUpdate,
} from './protocol';
import type { Peer, PeerIdentity } from './room/peer';
import type { Room } from './room/room';
import { SharedFrame, sendShared } from './shared-frame';

export type ConnectionDeps = { readonly config: Config; readonly log: Logger; readonly metrics: Metrics };

const TYPE_LABELS = ['sync', 'awareness', 'auth', 'query-awareness'];

export class Connection implements Peer {
  private room: Room | null = null;
  private pending: Uint8Array[] = [];
  private closed = false;
  /** shutdown: a close frame was sent, but frames already on the wire are still applied */
  private draining = false;
  private detached = false;
  private resolveDetached!: () => void;
  /** resolves once the socket has left (closed by either side, or cut) */
  readonly detachedPromise = new Promise<void>((resolve) => (this.resolveDetached = resolve));
  /** last frame or pong from the peer (ms since epoch) */
  private lastSeen = Date.now();
  /** last message sent to the peer (ms since epoch) */
  private lastSent = Date.now();
  private tokens: number;
  private byteTokens: number;
  private readonly byteBurst: number;
  private lastRefill = Date.now();
  private timer: NodeJS.Timeout;
  /** called once when this connection leaves (closed by either side) */
  onDetach: (() => void) | null = null;
  /** who the token says this socket is: what others see in its awareness states */
  readonly identity: PeerIdentity;

  constructor(
    private readonly ws: WebSocket,
    private readonly access: Access,
    private readonly roomName: string,
    /** the verified token this socket was opened with */
    readonly claims: TokenClaims,
    private readonly deps: ConnectionDeps,
  ) {
    const { limits } = deps.config;
    this.tokens = limits.messagesPerSecond * 2;
    // The byte burst must hold at least one largest frame (an offline client's resync).
    this.byteBurst = Math.max(limits.bytesPerSecond * 2, limits.maxMessageBytes);
    this.byteTokens = this.byteBurst;
    this.identity = { role: claims.r, partyId: claims.p ?? null };
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('pong', () => (this.lastSeen = Date.now()));
    ws.on('close', () => this.detach());
    ws.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        // ws closes with 1009 itself; count and log it like our own limits.
        deps.metrics.closes.inc({ code: String(CLOSE.tooBig) });
        deps.metrics.limitRefusals.inc({ limit: 'message_size' });
        deps.log.warn({ room: roomName, limit: 'message_size', code: CLOSE.tooBig }, 'frame over MAX_MESSAGE_BYTES');
      } else {
        deps.log.debug({ room: roomName, err: error }, 'socket error');
      }
      this.detach();
    });
    // The first check at a random point of the interval: sockets opened
    // together (a room's clients after a restart) would otherwise ping and
    // be sent keepalives in the same tick, every interval, for good — at
    // 250 clients, 500 frames at once that every message in the room
    // queued behind.
    const interval = deps.config.keepaliveMs;
    this.timer = setTimeout(() => {
      this.keepAlive();
      this.timer = setInterval(() => this.keepAlive(), interval);
      this.timer.unref();
    }, Math.random() * interval);
    this.timer.unref();
  }

  /**
   * Every KEEPALIVE_MS: a dead peer (no pong, no message) is cut after three
   * silent intervals but never sooner than the client's own 30 s rule. Only
   * a quiet peer is pinged (anything it sent shows it is alive), and only a
   * quiet socket is sent the keepalive message (it exists for y-websocket,
   * which reconnects after 30 s without a message; any message does that).
   * Quiet = nothing for half an interval, so the longest gap between two
   * messages stays 1.5 intervals (22.5 s by default).
   */
  private keepAlive(): void {
    const now = Date.now();
    const interval = this.deps.config.keepaliveMs;
    if (now - this.lastSeen > Math.max(3 * interval, 30_000)) {
      this.ws.terminate();
      return;
    }
    if (this.ws.readyState === this.ws.OPEN && now - this.lastSeen >= interval / 2) this.ws.ping();
    if (this.room && now - this.lastSent >= interval / 2) this.send(KEEPALIVE_MESSAGE);
  }

  get isClosed(): boolean {
    return this.closed || this.detached;
  }

  /** Whether incoming frames are still handled (open, or draining during shutdown). */
  private get receiving(): boolean {
    return !this.detached && (!this.closed || this.draining);
  }

  /** The room is loaded: join it, greet the client, then handle what it already sent. */
  attach(room: Room): void {
    if (this.detached) return;
    this.room = room;
    room.addPeer(this);
    // Only a writer is asked for its state: a reader's answer could only be a write.
    if (this.canWrite()) this.send(room.syncStep1());
    const awareness = room.relay.snapshot();
    if (awareness) this.send(awareness);
    const buffered = this.pending;
    this.pending = [];
    for (const frame of buffered) {
      if (!this.receiving) break;
      this.handle(frame);
    }
  }

  /** Send one message; a room's broadcast comes framed once for all its sockets (shared-frame.ts). */
  send(message: Uint8Array | SharedFrame): void {
    if (this.isClosed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.deps.config.limits.maxBufferedBytes) {
      this.close(CLOSE.tryLater, 'slow reader', 'send_buffer');
      return;
    }
    this.lastSent = Date.now();
    const payload = message instanceof SharedFrame ? message.message : message;
    this.deps.metrics.bytesOut.inc(payload.byteLength);
    if (message instanceof SharedFrame) sendShared(this.ws, message);
    else this.ws.send(payload);
  }

  /**
   * Shutdown close: send the close frame but keep applying frames the client
   * sent before it saw it, until its close arrives — those edits are stored by
   * the flush that follows, instead of being dropped.
   */
  shutdown(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.draining = true;
    this.deps.metrics.closes.inc({ code: String(code) });
    this.ws.close(code, reason);
  }

  /** Cut a socket that did not finish its close handshake in time. */
  terminate(): void {
    this.ws.terminate();
    this.detach();
  }

  /** Close with `code`; `limit` names the limit that was hit (counted, logged as a warning). */
  close(code: number, reason: string, limit?: string): void {
    if (this.closed && !this.draining) return;
    this.draining = false;
    if (this.closed) return this.detach();
    this.closed = true;
    this.deps.metrics.closes.inc({ code: String(code) });
    if (limit) {
      this.deps.metrics.limitRefusals.inc({ limit });
      this.deps.log.warn({ room: this.roomName, code, reason, limit }, 'closing socket: limit hit');
    } else if (code !== CLOSE.restart) {
      this.deps.log.info({ room: this.roomName, code, reason }, 'closing socket');
    }
    this.ws.close(code, reason);
    this.detach();
  }

  private detach(): void {
    if (this.detached) return;
    this.detached = true;
    clearInterval(this.timer);
    this.pending = [];
    this.room?.removePeer(this);
    this.onDetach?.();
    this.resolveDetached();
  }

  private canWrite(): boolean {
    return this.access === 'write' && this.room !== null && !this.room.readOnly;
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (!this.receiving) return;
    this.lastSeen = Date.now();
    if (!isBinary) return this.close(CLOSE.unsupported, 'binary frames only');
    const bytes = toBytes(data);
    this.deps.metrics.bytesIn.inc(bytes.byteLength);
    const budget = this.takeTokens(bytes.byteLength);
    if (budget !== null) return this.close(CLOSE.tryLater, `${budget.replace('_', ' ')} limit`, budget);
    if (!this.room) {
      if (this.pending.length >= this.deps.config.limits.maxPendingFrames) {
        return this.close(CLOSE.tryLater, 'too many frames while loading', 'loading_frames');
      }
      this.pending.push(bytes);
      return;
    }
    this.handle(bytes);
  }

  private handle(bytes: Uint8Array): void {
    const room = this.room!;
    try {
      const decoder = decoding.createDecoder(bytes);
      const type = decoding.readVarUint(decoder);
      this.deps.metrics.messagesIn.inc({ type: TYPE_LABELS[type] ?? 'unknown' });
      switch (type) {
        case MESSAGE_SYNC:
          return this.handleSync(decoder, room);
        case MESSAGE_AWARENESS: {
          const update = decoding.readVarUint8Array(decoder);
          if (update.byteLength > this.deps.config.limits.maxAwarenessBytes) {
            return this.close(CLOSE.policy, 'awareness state too large', 'awareness_size');
          }
          if (room.relay.apply(update, this) === 'malformed') this.close(CLOSE.policy, 'malformed awareness');
          return;
        }
        case MESSAGE_AUTH:
          return; // server → client only; harmless, ignored
        case MESSAGE_QUERY_AWARENESS: {
          const snapshot = room.relay.snapshot();
          if (snapshot) this.send(snapshot);
          return;
        }
        default:
          return this.close(CLOSE.unsupported, 'unknown message type');
      }
    } catch {
      this.close(CLOSE.policy, 'malformed message');
    }
  }

  private handleSync(decoder: decoding.Decoder, room: Room): void {
    const subtype = decoding.readVarUint(decoder);
    switch (subtype) {
      case SYNC_STEP1: {
        const stateVector = decoding.readVarUint8Array(decoder);
        Y.decodeStateVector(stateVector); // throws on garbage → 1008
        room.syncStep2For(stateVector).then(
          (answer) => this.send(answer),
          () => this.close(CLOSE.tryLater, 'storage unavailable'),
        );
        return;
      }
      case SYNC_STEP2:
      case SYNC_UPDATE: {
        const update = decoding.readVarUint8Array(decoder);
        if (!this.canWrite()) {
          // Resending what the room already has (an empty answer, a cache replay) is not a write.
          if (isEmptyUpdate(update) || room.document.isAlreadyKnown(update)) return;
          return this.close(CLOSE.policy, 'read-only connection');
        }
        const result = room.applyClientUpdate(update, this);
        if (result === 'malformed') this.close(CLOSE.policy, 'malformed update');
        else if (result === 'refused') this.close(CLOSE.policy, 'update refused');
        else if (result === 'unavailable') this.close(CLOSE.tryLater, 'room unavailable');
        else if (result === 'document-full') this.close(CLOSE.tooBig, 'document too large', 'document_size');
        else if (result === 'pending-full') this.close(CLOSE.policy, 'too many updates with missing dependencies', 'pending_bytes');
        return;
      }
      default:
        return this.close(CLOSE.policy, 'unknown sync message');
    }
  }

  /** Two token buckets: one message and `bytes` bytes. Returns the budget that ran out, if any. */
  private takeTokens(bytes: number): 'message_rate' | 'byte_rate' | null {
    const { messagesPerSecond, bytesPerSecond } = this.deps.config.limits;
    const now = Date.now();
    const elapsed = (now - this.lastRefill) / 1000;
    this.lastRefill = now;
    this.tokens = Math.min(messagesPerSecond * 2, this.tokens + elapsed * messagesPerSecond);
    this.byteTokens = Math.min(this.byteBurst, this.byteTokens + elapsed * bytesPerSecond);
    if (this.tokens < 1) return 'message_rate';
    if (this.byteTokens < bytes) return 'byte_rate';
    this.tokens -= 1;
    this.byteTokens -= bytes;
    return null;
  }
}

function isEmptyUpdate(update: Uint8Array): boolean {
  try {
    return inspectUpdate(update).empty;
  } catch {
    return false;
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
