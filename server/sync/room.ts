/**
 * A Room: one Yjs document held in memory (encoded, or as a Y.Doc while
 * awake), its awareness, and the sockets connected to it.
 *
 * Rules enforced here:
 *  - an incoming update is checked (decoded) before it touches the document,
 *    then added encoded only if it is safe without the doc (quiet-update.ts),
 *    else applied to the Y.Doc in a guarded way: if it throws, whatever it
 *    emitted is discarded and never stored or broadcast (`applyClientUpdate`);
 *  - every change to the document, from a client or from the server, goes
 *    through the write queue: stored first, broadcast after the commit;
 *  - a sync step 2 answer is computed only when nothing is waiting to be
 *    stored, so no one is ever shown state that a crash could take back;
 *  - a room's size is capped (MAX_DOCUMENT_BYTES, counted as stored bytes:
 *    snapshot + log, plus what is queued), and so are the bytes of updates
 *    held back for missing dependencies (MAX_PENDING_BYTES);
 *  - awareness states say who their sender is from its token: the
 *    `user.role` and `user.partyId` others see are rewritten to the sender's
 *    claims, and the display name is length-capped.
 *
 * Encoded rooms: a Y.Doc costs ~460 bytes per struct, ten times its
 * encoded size. So a room holds its document ENCODED (an EncodedDoc: the
 * sync step 2 answer to an empty state vector, the updates accepted since,
 * and the state vector) from the moment it is loaded, and keeps it that way
 * while its clients write: an update that quiet-update.ts finds safe to add
 * without the doc (every dependency known, nothing Yjs would hold pending
 * or throw on halfway — the ordinary edit) is stored and broadcast as it
 * is, and merged into the encoded state later. Server-side readers get a
 * transient doc (`read`), server-side writes are made on one and added the
 * same way (`serverWrite`). Its sockets stay connected and awareness keeps
 * working (the Awareness has its own tiny doc).
 *
 * Awake rooms: an update that is not safe that way (a missing dependency,
 * an offline backlog with other clients' structs), or reading `doc`, wakes
 * the room: the Y.Doc is rebuilt from the encoded state (synchronously, so
 * nothing can interleave) and the update is applied to it, guarded as
 * before. An awake room with no update for ROOM_HIBERNATE_MS (everything
 * stored, nothing pending, no server-side action holding it) is encoded
 * again ("hibernates"). Both directions are synchronous, so a wake cannot
 * race a hibernation; unloading destroys whichever form the room has.
 * `onUpdate` listeners hear every update either way.
 *
 * Step-2 cache (awake): the answer to an empty state vector (every first
 * visit) is computed once per document version and dropped on the doc's
 * next update; an encoded room keeps it as its state.
 *
 * Scale-out (several processes on one shared database): what this process
 * stores is published to the others (`deps.bus`, Redis); what the others
 * stored arrives through `receiveRemote` (Redis) and `catchUp` (reading the
 * log after the last id seen). Those updates are already stored, so they are
 * broadcast to this process's sockets at once and never stored or published
 * again. While the database is unreachable, updates wait in the write queue,
 * unbroadcast, up to `maxUnstoredBytes`; past that, writers get 1013.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Role } from '@/lib/board/access';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { DocStore } from '../persistence/types';
import { LogCursor } from '../scaleout/cursor';
import type { RemoteRow, RoomBus } from '../scaleout/fanout';
import { migrateDoc } from '@/lib/board/migrations';
import { roomName, type RoomRef } from '@/lib/board/rooms';
import { LIMITS } from '@/lib/board/schema';
import {
  awarenessMessage,
  decodeAwarenessUpdate,
  encodeAwarenessEntries,
  inspectUpdate,
  isEmptyStateVector,
  syncStep1ForStateVector,
  syncStep2Message,
  updateMessage,
} from './protocol';
import { EncodedDoc } from './encoded-doc';
import type { QuietVerdict } from './quiet-update';
import { SharedFrame } from './shared-frame';
import type { TailMerger } from './tail-merger';
import { WriteQueue, type QueuedUpdate } from './write-queue';

/** Who a socket is, from its verified token. */
export type PeerIdentity = { readonly role: Role; readonly partyId: string | null };

/** What a room needs from a connection. */
export interface Peer {
  /** a SharedFrame: the same message to many peers, framed once */
  send(message: Uint8Array | SharedFrame): void;
  close(code: number, reason: string, limit?: string): void;
  /** absent: the peer's awareness states carry no `user` at all (fail closed) */
  readonly identity?: PeerIdentity;
}

/** Awareness client ids one socket may hold (a provider uses one; a doc that changed its id, two). */
export const MAX_AWARENESS_CLIENTS_PER_PEER = 4;

export type RoomDeps = {
  readonly store: DocStore;
  readonly config: Config;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** called when the room can no longer be trusted or stored: the registry evicts it */
  readonly onFailure: (room: Room, error: Error) => void;
  /** other processes write the same database: follow its log (`catchUp`) */
  readonly shared?: boolean;
  /** where stored updates and local awareness are published to other processes (Redis) */
  readonly bus?: RoomBus | null;
  /** merges encoded tails off the event loop (tail-merger.ts); without it they are merged here */
  readonly merger?: TailMerger;
};

export type ApplyResult = 'ok' | 'empty' | 'malformed' | 'unavailable' | 'document-full' | 'pending-full';

const LOAD_ORIGIN = Symbol('load');
/** Origin of updates another process stored: broadcast here, never stored or published again. */
const REMOTE = Symbol('remote');
/** Origin of server-side writes made on an encoded room (none of the peers: everyone receives them). */
const SERVER_WRITE = Symbol('server-write');
/** Owner of awareness client ids that belong to sockets on other processes. */
const REMOTE_OWNER = Symbol('remote-owner');

/**
 * Rooms encoded larger than this take writes awake, as a Y.Doc: merging an
 * encoded room (for a newcomer's sync answer, or a long tail) rebuilds it,
 * ~30 ms at this size but ~0.2 s for a 20,000-option board (3.5 MiB), and a
 * live doc answers newcomers from one cached encoding. Typical boards are
 * 45–110 KB encoded.
 */
export const ENCODED_WRITES_MAX_BYTES = 512 * 1024;

/** Remembered log ids (above the followed watermark) that trigger a catch-up to prune them. */
const CURSOR_PRUNE_AT = 2000;

const isPeer = (origin: unknown): origin is Peer =>
  typeof origin === 'object' && origin !== null && 'send' in origin && 'close' in origin;

export class Room {
  readonly name: string;
  readonly peers = new Set<Peer>();
  readonly awareness: awarenessProtocol.Awareness;
  /** true when the stored document is newer than this code: served, never written */
  readOnly = false;
  /** set once the room must not accept anything more (storage failed, or a bad update half-applied) */
  failed: Error | null = null;
  private readonly queue: WriteQueue;
  /** the document while awake; null while encoded (`encoded` holds it) */
  private live: Y.Doc | null;
  private encoded: EncodedDoc | null = null;
  /**
   * This room's Yjs client id in this process, for every doc it builds
   * (awake, or transient for a server write): server writes continue one
   * clock instead of adding a client to the state vector per write. Random
   * per Room, so two processes writing the same room never share one.
   */
  private readonly serverClientId = Math.floor(Math.random() * 0xffffffff);
  /** the step 2 answer to an empty state vector for the current document version (null: not computed, or stale) */
  private step2Cache: Uint8Array | null = null;
  /** hear every update the room takes (client, server, or another process), encoded or awake */
  private readonly updateListeners: ((update: Uint8Array) => void)[] = [];
  private updatesTaken = 0;
  /** the encoded tail passed TAIL_LIMIT: merge once the update in flight is broadcast (`mergeSoon`) */
  private mergeAfterBroadcast = false;
  private mergeScheduled = false;
  /** last update applied, or wake (ms since epoch): hibernation counts idleness from here */
  private lastActive = Date.now();
  private hibernateTimer: NodeJS.Timeout | null = null;
  /** server-side actions holding the room (`hold`): no hibernation meanwhile */
  private holds = 0;
  /** rows in the update log since the last compaction */
  private logRows: number;
  /** stored size: snapshot + log rows + whatever is queued to be appended */
  private docBytes: number;
  private compacting: Promise<void> | null = null;
  /** while applying a client update, emitted updates are held here until the apply is known to be clean */
  private captured: Uint8Array[] | null = null;
  /** awareness client id → the peer that first claimed it (no spoofing another's cursor) */
  private readonly awarenessOwners = new Map<number, Peer | typeof REMOTE_OWNER>();
  /** how far the shared log has been followed (scale-out only) */
  private readonly cursor: LogCursor | null;
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain = false;
  /** set while applying a remote update that may release this process's own unstored (pending) structs */
  private storeRemote = false;
  private destroyed = false;

  private constructor(
    readonly ref: RoomRef,
    doc: Y.Doc,
    private readonly deps: RoomDeps,
    storedRows: number,
    storedBytes: number,
    lastId: number,
  ) {
    this.name = roomName(ref);
    this.logRows = storedRows;
    this.docBytes = storedBytes;
    this.cursor = deps.shared ? new LogCursor(lastId) : null;
    this.queue = new WriteQueue({
      write: (updates) => this.persist(updates),
      writeNow: deps.store.appendNow ? (updates) => this.persistNow(updates) : undefined,
      afterCommit: (batch) => this.broadcastCommitted(batch),
      onError: (error) => this.fail(error),
      isTransient: (error) => deps.store.isTransientError?.(error) ?? false,
      onRetry: (error, attempt) => {
        deps.metrics.storeRetries.inc();
        const level = attempt === 1 ? 'warn' : 'debug';
        deps.log[level]({ room: this.name, err: error, attempt }, 'storing updates failed; holding them (unbroadcast) and retrying');
      },
      maxRetryDelayMs: deps.config.storeRetryMs,
      onBytes: (delta) => deps.metrics.unstoredBytes.inc(delta),
    });
    this.live = doc;
    doc.clientID = this.serverClientId; // after the load: Yjs renews an id it sees in a remote update
    doc.on('update', this.onDocUpdate);
    // Its own small doc, not the room's: the content doc comes and goes with
    // hibernation (and Awareness destroys itself when its doc is destroyed).
    this.awareness = new awarenessProtocol.Awareness(new Y.Doc());
    this.awareness.setLocalState(null); // the server is not a participant
    this.awareness.on('update', this.onAwarenessUpdate);
    this.armHibernation(deps.config.roomHibernateMs);
  }

  /**
   * The room's Y.Doc. Reading it WAKES an encoded room (rebuilds the doc,
   * ~10 times the memory): server code reads with `read` and writes with
   * `serverWrite` instead. Use it synchronously: do not keep it across an
   * await — the room may hibernate meanwhile unless it is held (`hold`).
   */
  get doc(): Y.Doc {
    return this.live ?? this.wake();
  }

  /** True while the room holds its document encoded only (no Y.Doc). */
  get hibernated(): boolean {
    return this.encoded !== null;
  }

  /**
   * Read the document without waking the room: `reader` gets the live doc,
   * or a transient one built from the encoded state and destroyed after.
   * Synchronous, so what it reads is one version; it must not change the doc.
   */
  read<T>(reader: (doc: Y.Doc) => T): T {
    if (this.live) return reader(this.live);
    if (this.destroyed || !this.encoded) throw new Error(`room ${this.name} is unloaded`);
    const doc = this.encoded.toDoc(LOAD_ORIGIN);
    let changed = false;
    doc.on('update', () => (changed = true));
    try {
      const result = reader(doc);
      if (changed) throw new Error(`room ${this.name}: a reader changed the document (server writes go through serverWrite)`);
      return result;
    } finally {
      doc.destroy();
    }
  }

  /** Counts the updates the room has taken: unchanged means the document is the same (what a reader may cache by). */
  get version(): number {
    return this.updatesTaken;
  }

  /** Hear every update the room takes from now on, encoded or awake (the publisher's trigger). */
  onUpdate(listener: (update: Uint8Array) => void): void {
    this.updateListeners.push(listener);
  }

  /** Keep the room awake while a server-side action uses it; call the result to let go. */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
    };
  }

  /** The encoded state vector (from the dormant copy while hibernated: no wake). */
  stateVector(): Uint8Array {
    return this.live ? Y.encodeStateVector(this.live) : this.encoded!.stateVector();
  }

  /** The sync step 1 a writer is greeted with (no wake). */
  syncStep1(): Uint8Array {
    return syncStep1ForStateVector(this.stateVector());
  }

  /**
   * Drop the Y.Doc and keep the document encoded. Refused (false) unless
   * everything applied is stored (queue idle, no retry), no update waits for
   * a missing dependency, no server-side action holds the room, and the
   * room is neither failed nor unloaded.
   */
  hibernate(): boolean {
    const doc = this.live;
    if (!doc || this.destroyed || this.failed || this.holds > 0 || !this.queue.idle || this.pendingBytes() > 0) return false;
    this.encoded = EncodedDoc.fromDoc(doc, this.step2Cache);
    this.live = null;
    this.step2Cache = null;
    doc.off('update', this.onDocUpdate);
    doc.destroy();
    this.deps.metrics.roomsHibernated.inc();
    this.deps.metrics.hibernations.inc();
    return true;
  }

  /** Load the stored document, migrate it, and store the migration before anyone syncs. */
  static async load(ref: RoomRef, deps: RoomDeps): Promise<Room> {
    const name = roomName(ref);
    const stored = await deps.store.loadRoom(name);
    const doc = new Y.Doc();
    try {
      doc.transact(() => {
        if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
        for (const row of stored.updates) Y.applyUpdate(doc, row.data);
      }, LOAD_ORIGIN);
    } catch (error) {
      doc.destroy();
      // Fail closed: serving a half-read document would let clients overwrite it.
      throw new Error(`room ${name}: stored data cannot be read (${(error as Error).message})`);
    }
    const storedBytes = (stored.snapshot?.byteLength ?? 0) + stored.updates.reduce((sum, row) => sum + row.data.byteLength, 0);
    const room = new Room(ref, doc, deps, stored.updates.length, storedBytes, stored.lastId);
    const migration = migrateDoc(doc, ref.kind);
    if (migration.status === 'newer') {
      room.readOnly = true;
      deps.log.error(
        { room: name, docVersion: migration.from, codeVersion: migration.to },
        'document is newer than this server: serving it read-only; upgrade the server',
      );
    } else if (migration.status === 'migrated') {
      deps.log.info({ room: name, from: migration.from, to: migration.to }, 'migrated document');
    }
    await room.queue.drain();
    // Encoded from the start: clients' edits do not need the doc (unless something is pending).
    // A big room takes writes awake anyway (ENCODED_WRITES_MAX_BYTES): it stays awake until idle.
    // ROOM_HIBERNATE_MS=0: rooms keep their Y.Doc.
    if (deps.config.roomHibernateMs > 0 && storedBytes <= ENCODED_WRITES_MAX_BYTES) room.hibernate();
    room.maybeCompact();
    return room;
  }

  /**
   * Apply one update from a client. Malformed bytes are caught by decoding
   * first (cheap, touches nothing). If applying still throws, anything it
   * emitted is dropped and the room is failed: its in-memory document may
   * hold part of the update, so it is evicted and reloaded from storage.
   */
  applyClientUpdate(update: Uint8Array, from: Peer): ApplyResult {
    if (this.failed) return 'unavailable';
    if (this.readOnly) return 'unavailable';
    let inspected;
    try {
      inspected = inspectUpdate(update);
    } catch {
      return 'malformed';
    }
    if (inspected.empty) return 'empty';
    if (this.destroyed) return 'unavailable';
    const { decoded } = inspected;
    // Growing past the cap is refused; deleting (no new structs) always may, so a full board can be trimmed.
    if (inspected.structs > 0 && this.docBytes + update.byteLength > this.deps.config.limits.maxDocumentBytes) {
      this.deps.log.warn(
        { room: this.name, bytes: this.docBytes, update: update.byteLength, limit: this.deps.config.limits.maxDocumentBytes },
        'update refused: the document would pass MAX_DOCUMENT_BYTES',
      );
      return 'document-full';
    }
    // Bounded backlog: while the database is slow or away, accepted updates
    // wait unbroadcast; past the limit, the writer is told to come back later
    // (it keeps the update and resends it when it reconnects).
    const waiting = this.queue.unstoredBytes;
    if (waiting > 0 && waiting + update.byteLength > this.deps.config.maxUnstoredBytes) return 'unavailable';
    const encoded = this.encodedForWrites();
    if (encoded) {
      const verdict = encoded.judge(update, decoded);
      if (verdict.kind === 'known') return 'ok';
      if (verdict.kind === 'quiet') {
        this.addEncoded(verdict, from);
        return 'ok';
      }
      // Not safe without the doc: wake the room and apply it there (below).
    }
    const emitted: Uint8Array[] = [];
    const { pendingStructs, pendingDs } = this.doc.store;
    this.captured = emitted;
    try {
      Y.applyUpdate(this.doc, update, from);
    } catch (error) {
      this.captured = null;
      const touched =
        emitted.length > 0 || this.doc.store.pendingStructs !== pendingStructs || this.doc.store.pendingDs !== pendingDs;
      if (touched) this.fail(new Error(`an update half-applied before throwing: ${(error as Error).message}`));
      return 'malformed';
    }
    this.captured = null;
    for (const out of emitted) {
      this.enqueue(out, from);
      this.announce(out);
    }
    if (this.pendingBytes() > this.deps.config.limits.maxPendingBytes) {
      // Updates whose dependencies never arrive are invisible and never stored
      // (a restart forgets them too): drop them all rather than hold them without bound.
      this.deps.log.warn(
        { room: this.name, pending: this.pendingBytes(), limit: this.deps.config.limits.maxPendingBytes },
        'dropping updates with missing dependencies: over MAX_PENDING_BYTES',
      );
      this.doc.store.pendingStructs = null;
      this.doc.store.pendingDs = null;
      return 'pending-full';
    }
    return 'ok';
  }

  /** Bytes of updates held back because their dependencies have not arrived. */
  pendingBytes(): number {
    if (!this.live) return 0; // a room hibernates only with none
    const { pendingStructs, pendingDs } = this.live.store;
    return (pendingStructs?.update.byteLength ?? 0) + (pendingDs?.byteLength ?? 0);
  }

  /** Updates added to the encoded state since its last merge (0 while awake). */
  get encodedTail(): number {
    return this.encoded?.tailLength ?? 0;
  }

  /** The room's size as counted against MAX_DOCUMENT_BYTES. */
  get sizeBytes(): number {
    return this.docBytes;
  }

  /**
   * Whether an update carries nothing the room lacks: every struct is within
   * the room's state vector and every deletion is already applied. A reader
   * may legitimately resend such an update (an offline cache that loads after
   * the socket opened replays the board it already had); it is not a write.
   */
  isAlreadyKnown(update: Uint8Array): boolean {
    let decoded;
    try {
      decoded = Y.decodeUpdate(update);
    } catch {
      return false;
    }
    const known = Y.decodeStateVector(this.stateVector());
    for (const struct of decoded.structs) {
      if (struct instanceof Y.Skip) continue;
      if (struct.id.clock + struct.length > (known.get(struct.id.client) ?? 0)) return false;
    }
    if (decoded.ds.clients.size === 0) return true;
    const deleted = this.encoded ? this.encoded.deleteSet() : Y.createDeleteSetFromStructStore(this.doc.store);
    for (const [client, ranges] of decoded.ds.clients) {
      const have = deleted.clients.get(client) ?? [];
      for (const range of ranges) {
        // Consecutive deleted structs are merged into one range, so one must cover it.
        const covered = have.some((d) => d.clock <= range.clock && range.clock + range.len <= d.clock + d.len);
        if (!covered) return false;
      }
    }
    return true;
  }

  /** True while updates cannot be stored and are being retried (a networked database is away). */
  get storageDegraded(): boolean {
    return this.queue.retrying;
  }

  /** A server-side change (phase, timer …): stored, then broadcast, before this resolves. */
  async serverWrite(change: (doc: Y.Doc) => void): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.readOnly) throw new Error(`room ${this.name} is read-only (document newer than server)`);
    const encoded = this.encodedForWrites();
    if (encoded) this.writeEncoded(encoded, change);
    else change(this.doc);
    await this.queue.drain();
  }

  /**
   * The answer to a sync step 1, computed once everything applied so far is
   * stored. An empty state vector (a first visit) gets the cached answer of
   * this document version; an encoded room answers from its encoded state
   * (merging its tail first) without waking.
   */
  async syncStep2For(stateVector: Uint8Array): Promise<Uint8Array> {
    await this.queue.drain();
    if (this.destroyed) throw new Error(`room ${this.name} is unloaded`);
    if (this.encoded) return this.encoded.step2For(stateVector);
    const empty = isEmptyStateVector(stateVector);
    const doc = this.live!;
    if (!empty) return syncStep2Message(doc, stateVector);
    if (this.step2Cache) return this.step2Cache;
    const answer = syncStep2Message(doc);
    // Cached only when it holds exactly what is stored (an update queued meanwhile, or held for a dependency, would be in it).
    if (this.queue.idle && this.pendingBytes() === 0) this.step2Cache = answer;
    return answer;
  }

  flush(): Promise<void> {
    return this.queue.drain();
  }

  /** Current awareness states, for a new peer or a query-awareness message. */
  awarenessSnapshot(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    if (clients.length === 0) return null;
    return awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }

  /**
   * Relay an awareness update: entries for client ids another peer owns are
   * dropped (a socket holds at most MAX_AWARENESS_CLIENTS_PER_PEER ids), and
   * each state's `user` is made to tell the truth about its sender.
   */
  applyAwareness(update: Uint8Array, from: Peer): 'ok' | 'malformed' {
    let entries;
    try {
      entries = decodeAwarenessUpdate(update);
    } catch {
      return 'malformed';
    }
    const allowed = entries.flatMap((entry) => {
      const owner = this.awarenessOwners.get(entry.clientId);
      if (owner && owner !== from) return []; // another socket's (or another process's) client
      if (!owner) {
        let held = 0;
        for (const peer of this.awarenessOwners.values()) if (peer === from) held++;
        if (held >= MAX_AWARENESS_CLIENTS_PER_PEER) return [];
        this.awarenessOwners.set(entry.clientId, from);
      }
      return [{ ...entry, json: truthfulAwarenessState(entry.json, from.identity) }];
    });
    if (allowed.length > 0) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(allowed), from);
    }
    return 'ok';
  }

  /**
   * Updates another process stored (delivered by Redis). Applied and
   * broadcast to this process's sockets; the cursor remembers the ids so
   * catch-up skips them, but does not move past them (see LogCursor).
   */
  receiveRemote(rows: readonly RemoteRow[]): void {
    if (!this.cursor) return;
    const fresh = rows.filter((row) => !this.cursor!.has(row.id));
    if (fresh.length === 0) return;
    this.applyRemote(fresh.map((row) => row.data));
    this.cursor.add(fresh.map((row) => row.id));
    this.pruneCursor();
  }

  /**
   * Read the shared log after the last id this process has followed and
   * apply what it lacks. Runs one at a time; a call during a run makes it
   * run once more.
   */
  catchUp(): Promise<void> {
    if (!this.cursor) return Promise.resolve();
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    const cursor = this.cursor;
    this.catchingUp = (async () => {
      try {
        do {
          this.catchUpAgain = false;
          const tail = await this.deps.store.readSince(this.name, cursor.watermark, cursor.knownAbove());
          if (this.destroyed || this.failed) return;
          const fresh = tail.updates.filter((row) => row.data !== null && !cursor.has(row.id));
          const parts = fresh.map((row) => row.data!);
          if (tail.snapshot) {
            parts.unshift(tail.snapshot);
            // Another process compacted: at most what is left after its snapshot is in the log.
            // (Rows other processes append are theirs to count and compact; see maybeCompact.)
            this.logRows = Math.min(this.logRows, tail.updates.length);
          }
          if (parts.length > 0) this.applyRemote(parts);
          cursor.advance(tail.lastId);
          if (fresh.length > 0) this.deps.metrics.catchUpRows.inc(fresh.length);
        } while (this.catchUpAgain && !this.destroyed);
      } finally {
        this.catchingUp = null;
      }
    })();
    return this.catchingUp;
  }

  /** The highest log id up to which this process has followed the shared log (0 when not shared). */
  get followedThrough(): number {
    return this.cursor?.watermark ?? 0;
  }

  /** Awareness published by another process: shown here, never published back. */
  receiveRemoteAwareness(update: Uint8Array): void {
    let entries;
    try {
      entries = decodeAwarenessUpdate(update);
    } catch {
      return;
    }
    const allowed = entries.filter((entry) => {
      const owner = this.awarenessOwners.get(entry.clientId);
      if (owner !== undefined && owner !== REMOTE_OWNER) return false; // a socket here claimed that id
      if (entry.json === 'null') this.awarenessOwners.delete(entry.clientId);
      else this.awarenessOwners.set(entry.clientId, REMOTE_OWNER);
      return true;
    });
    if (allowed.length > 0) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(allowed), REMOTE);
    }
  }

  /** Publish the awareness of this process's own sockets (another process asked for it). */
  publishLocalAwareness(): void {
    const local = [...this.awarenessOwners]
      .filter(([clientId, owner]) => owner !== REMOTE_OWNER && this.awareness.getStates().has(clientId))
      .map(([clientId]) => clientId);
    if (local.length === 0 || !this.deps.bus) return;
    this.deps.bus.publishAwareness(this.name, awarenessProtocol.encodeAwarenessUpdate(this.awareness, local));
  }

  addPeer(peer: Peer): void {
    this.peers.add(peer);
  }

  /** Forget a peer and tell the others its cursors are gone. */
  removePeer(peer: Peer): void {
    this.peers.delete(peer);
    const owned: number[] = [];
    for (const [clientId, owner] of this.awarenessOwners) {
      if (owner === peer) {
        owned.push(clientId);
        this.awarenessOwners.delete(clientId);
      }
    }
    if (owned.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, owned, peer);
  }

  /** Merge the update log into a snapshot (after storing whatever is queued). */
  compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    this.compacting = (async () => {
      let merged = false;
      try {
        await this.queue.drain();
        if (this.logRows === 0) return;
        const started = Date.now();
        const bytesBefore = this.docBytes;
        const result = await this.deps.store.compact(this.name);
        // Nothing merged: the log was empty, or another process compacted first.
        this.logRows = result.mergedIds.length === 0 ? 0 : Math.max(0, this.logRows - result.mergedIds.length);
        // What was accepted while compacting is not in the snapshot: keep counting it.
        if (result.mergedIds.length > 0) this.docBytes = result.snapshotBytes + (this.docBytes - bytesBefore);
        merged = result.mergedIds.length > 0;
        this.deps.metrics.compactions.inc();
        this.deps.log.debug(
          { room: this.name, merged: result.mergedIds.length, bytes: result.snapshotBytes, ms: Date.now() - started },
          'compacted',
        );
      } finally {
        this.compacting = null;
      }
      // A busy room may have logged a whole threshold's worth while this one
      // merged: compact again now, not at its next edit (it may have gone quiet).
      if (merged) this.maybeCompact();
    })();
    return this.compacting;
  }

  closeAll(code: number, reason: string): void {
    for (const peer of [...this.peers]) peer.close(code, reason);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.hibernateTimer) clearTimeout(this.hibernateTimer);
    this.hibernateTimer = null;
    this.queue.stop();
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.awareness.doc.destroy();
    if (this.encoded) this.deps.metrics.roomsHibernated.dec();
    this.encoded = null;
    this.step2Cache = null;
    this.live?.destroy();
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.step2Cache = null;
    this.lastActive = Date.now();
    if (this.captured) {
      this.captured.push(update); // announced once the apply is known to be clean
      return;
    }
    if (origin === REMOTE && !this.storeRemote) {
      // Stored by another process: it counts against the room's size all the same.
      this.docBytes += update.byteLength;
      this.broadcast(update, null);
    } else this.enqueue(update, origin);
    this.announce(update);
  };

  /** Take an update quiet-update.ts found safe without the doc: added to the encoded state, stored, then broadcast. */
  private addEncoded(verdict: Extract<QuietVerdict, { kind: 'quiet' }>, origin: unknown): void {
    const encoded = this.encoded!;
    if (encoded.add(verdict)) this.mergeAfterBroadcast = true;
    this.enqueue(verdict.update, origin);
    this.announce(verdict.update);
  }

  /**
   * A server-side write on an encoded room: made on a transient doc (with
   * this room's client id, so its clock continues), and what it emitted is
   * added like a client's update — even if `change` throws partway, as a
   * live doc would keep what was done.
   */
  private writeEncoded(encoded: EncodedDoc, change: (doc: Y.Doc) => void): void {
    const doc = encoded.toDoc(LOAD_ORIGIN);
    doc.clientID = this.serverClientId;
    const emitted: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => emitted.push(update));
    try {
      change(doc);
    } finally {
      doc.destroy();
      for (const update of emitted) this.takeTrusted(update, SERVER_WRITE);
    }
  }

  /**
   * An update made by Yjs itself from this room's document (a server write):
   * encoded when the room is, else applied to the live doc (which enqueues it).
   */
  private takeTrusted(update: Uint8Array, origin: unknown): void {
    if (this.encoded) {
      const verdict = this.encoded.judge(update, Y.decodeUpdate(update));
      if (verdict.kind === 'known') return;
      if (verdict.kind === 'quiet') return this.addEncoded(verdict, origin);
    }
    Y.applyUpdate(this.doc, update, origin);
  }

  /** The encoded document, if writes may go to it without waking the room (see ENCODED_WRITES_MAX_BYTES). */
  private encodedForWrites(): EncodedDoc | null {
    return this.encoded && this.encoded.stateBytes <= ENCODED_WRITES_MAX_BYTES ? this.encoded : null;
  }

  private announce(update: Uint8Array): void {
    this.updatesTaken++;
    for (const listener of this.updateListeners) {
      try {
        listener(update);
      } catch (error) {
        this.deps.log.error({ room: this.name, err: error }, 'update listener failed');
      }
    }
  }

  /** Rebuild the Y.Doc from the encoded state (synchronous) and count idleness afresh. */
  private wake(): Y.Doc {
    if (this.destroyed || !this.encoded) throw new Error(`room ${this.name} is unloaded`);
    const encoded = this.encoded;
    const doc = encoded.toDoc(LOAD_ORIGIN);
    doc.clientID = this.serverClientId;
    this.live = doc;
    this.encoded = null;
    this.step2Cache = encoded.cachedStep2(); // same document version, if its tail was merged
    doc.on('update', this.onDocUpdate);
    this.lastActive = Date.now();
    this.deps.metrics.roomsHibernated.dec();
    this.deps.metrics.wakes.inc();
    this.armHibernation(this.deps.config.roomHibernateMs);
    return doc;
  }

  /**
   * One timer per awake room, re-armed lazily: an update only stamps
   * `lastActive` (no timer work on the hot path); when the timer fires early
   * it waits out the rest of the window.
   */
  private armHibernation(delayMs: number): void {
    const windowMs = this.deps.config.roomHibernateMs;
    if (windowMs <= 0 || this.hibernateTimer || this.destroyed) return;
    this.hibernateTimer = setTimeout(() => {
      this.hibernateTimer = null;
      // Unloaded, failed (it will be unloaded), or asleep (a wake arms it again): nothing to do.
      if (this.destroyed || this.failed || !this.live) return;
      const idle = Date.now() - this.lastActive;
      if (idle < windowMs) return this.armHibernation(windowMs - idle);
      // Busy (storing, held, pending dependencies): look again after another window.
      if (!this.hibernate()) this.armHibernation(windowMs);
    }, delayMs);
    this.hibernateTimer.unref();
  }

  private enqueue(update: Uint8Array, origin: unknown): void {
    this.docBytes += update.byteLength;
    this.queue.push(update, origin);
  }

  private async persist(updates: Uint8Array[]): Promise<void> {
    const end = this.deps.metrics.persistSeconds.startTimer();
    let ids: number[];
    try {
      ids = await this.deps.store.append(this.name, updates);
    } finally {
      end();
    }
    this.noteStored(updates, ids);
  }

  /** `persist` in the caller's turn, if the store can commit now (WriteQueueOptions.writeNow). */
  private persistNow(updates: Uint8Array[]): boolean {
    const end = this.deps.metrics.persistSeconds.startTimer();
    const ids = this.deps.store.appendNow!(this.name, updates);
    if (ids === null) return false;
    end();
    this.noteStored(updates, ids);
    return true;
  }

  private noteStored(updates: Uint8Array[], ids: number[]): void {
    this.logRows += updates.length;
    if (this.cursor) {
      this.cursor.add(ids);
      this.pruneCursor();
      // Stored: now the other processes may see it.
      this.deps.bus?.publishUpdates(
        this.name,
        ids.map((id, i) => ({ id, data: updates[i]! })),
      );
    }
  }

  private broadcastCommitted(batch: readonly QueuedUpdate[]): void {
    for (const { update, origin } of batch) this.broadcast(update, origin);
    if (this.mergeAfterBroadcast) {
      this.mergeAfterBroadcast = false;
      this.mergeSoon();
    }
    this.maybeCompact();
  }

  /**
   * Merge the encoded tail (it passed TAIL_LIMIT) once the update that
   * crossed the limit has been broadcast, on the merge thread
   * (`deps.merger`): a merge rebuilds the document (milliseconds, tens for a
   * big board), which on the event loop delayed whatever arrived meanwhile,
   * in every room — every 256 updates, the slowest deliveries of a busy
   * room. Until it is done the tail grows on; a sync step 2 still merges
   * first (EncodedDoc.step2For), and a tail four times the limit (a merge
   * thread that cannot keep up) is merged here.
   */
  private mergeSoon(): void {
    if (this.mergeScheduled) return;
    this.mergeScheduled = true;
    setImmediate(() => {
      this.mergeScheduled = false;
      const encoded = this.destroyed ? null : this.encoded;
      if (!encoded) return;
      const merger = this.deps.merger;
      const merged = (thread: 'merge' | 'main') => this.deps.metrics.tailMerges.inc({ thread });
      if (merger && !encoded.tailOverflowing) {
        void encoded.mergeElsewhere(merger.merge).then((where) => where && merged(where === 'elsewhere' ? 'merge' : 'main'));
      } else {
        encoded.merge();
        merged('main');
      }
    });
  }

  private broadcast(update: Uint8Array, except: unknown): void {
    const message = new SharedFrame(updateMessage(update));
    for (const peer of this.peers) if (peer !== except) peer.send(message);
  }

  /**
   * Apply updates that are already stored. If the document holds structs
   * waiting for a missing dependency (from a client here: never stored,
   * never shown), what these release is stored like a local update, so that
   * nothing is shown before it is durable.
   */
  private applyRemote(updates: readonly Uint8Array[]): void {
    if (this.destroyed || this.failed) return;
    let rest = updates;
    const encoded = this.encodedForWrites();
    if (encoded) {
      // Encoded (nothing of ours is pending): what is safe without the doc is added, broadcast, never stored again.
      let taken = 0;
      for (const update of updates) {
        let verdict: QuietVerdict;
        try {
          verdict = encoded.judge(update, Y.decodeUpdate(update));
        } catch (error) {
          this.fail(new Error(`an update from the shared log could not be read: ${(error as Error).message}`));
          return;
        }
        if (verdict.kind === 'needs-doc') break;
        taken++;
        if (verdict.kind === 'known') continue;
        const pastLimit = encoded.add(verdict);
        this.docBytes += verdict.update.byteLength;
        this.broadcast(verdict.update, null);
        this.announce(verdict.update);
        if (pastLimit) this.mergeSoon();
      }
      if (taken === updates.length) return;
      rest = updates.slice(taken);
    }
    const { pendingStructs, pendingDs } = this.doc.store;
    this.storeRemote = pendingStructs !== null || pendingDs !== null;
    try {
      this.doc.transact(() => {
        for (const update of rest) Y.applyUpdate(this.doc, update, REMOTE);
      }, REMOTE);
    } catch (error) {
      this.fail(new Error(`an update from the shared log could not be applied: ${(error as Error).message}`));
    } finally {
      this.storeRemote = false;
    }
  }

  /** Without periodic catch-up, the ids remembered above the watermark would only grow: read the log to move it. */
  private pruneCursor(): void {
    if (this.cursor && this.cursor.size > CURSOR_PRUNE_AT && !this.catchingUp) {
      this.catchUp().catch((error: unknown) => this.deps.log.debug({ room: this.name, err: error }, 'catch-up failed'));
    }
  }

  private maybeCompact(): void {
    if (this.logRows < this.deps.config.compactAfterUpdates || this.compacting || this.failed || this.destroyed) return;
    this.compact().catch((error: unknown) => this.deps.log.error({ room: this.name, err: error }, 'compaction failed'));
  }

  private readonly onAwarenessUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const clients = [...change.added, ...change.updated, ...change.removed];
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients);
    const message = new SharedFrame(awarenessMessage(update));
    for (const peer of this.peers) if (peer !== origin) peer.send(message);
    // A socket here changed it (or left): the other processes show it too.
    if (isPeer(origin)) this.deps.bus?.publishAwareness(this.name, update);
    else if (origin === 'timeout') {
      // Each process times out its own copy; forget who owned the ids that went.
      for (const clientId of change.removed) {
        if (this.awarenessOwners.get(clientId) === REMOTE_OWNER) this.awarenessOwners.delete(clientId);
      }
    }
  };

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = error;
    this.deps.log.error({ room: this.name, err: error }, 'room failed; evicting it');
    this.deps.onFailure(this, error);
  }
}

/**
 * An awareness state as others should see it: `user.role` and `user.partyId`
 * from the sender's token, `user.name` as the client gave it but capped at
 * the display-name limit (a non-string name is dropped). A `user` that is not
 * an object, or any `user` from a peer without an identity, is removed.
 * Other fields (cursor …) pass as they are; `null` (a removal) too.
 */
export function truthfulAwarenessState(json: string, identity: PeerIdentity | undefined): string {
  const state = JSON.parse(json) as unknown;
  if (state === null || typeof state !== 'object' || Array.isArray(state) || !('user' in state)) return json;
  const { user, ...rest } = state as { user: unknown } & Record<string, unknown>;
  if (!identity || user === null || typeof user !== 'object' || Array.isArray(user)) return JSON.stringify(rest);
  const { name, ...fields } = user as Record<string, unknown>;
  const truthful: Record<string, unknown> = { ...fields, role: identity.role, partyId: identity.partyId };
  if (typeof name === 'string') truthful.name = Array.from(name).slice(0, LIMITS.displayName).join('');
  return JSON.stringify({ ...rest, user: truthful });
}
