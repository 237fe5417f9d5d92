/**
 * A Room: the core of one Yjs document on the sync server — its document
 * (live or encoded: document.ts), the guarded apply, the write queue, the
 * peers, the broadcast and the awareness relay. Everything else is an
 * extension (extension.ts, composed in server/app.ts).
 *
 * Rules enforced here:
 *  - an update is decoded before it touches the document, judged by the
 *    extensions (`beforeApply`), added encoded if that is safe without the
 *    doc (quiet-update.ts), else applied to the Y.Doc guarded: if it throws,
 *    what it emitted is never stored or broadcast;
 *  - every change, from a client or the server, is stored before it is
 *    broadcast (the write queue), and a sync answer waits until everything
 *    applied is stored: nobody is shown what a crash could take back;
 *  - a room's size (MAX_DOCUMENT_BYTES) and what it holds back for missing
 *    dependencies (MAX_PENDING_BYTES) are capped.
 * Updates another process stored (`applyStored`) are broadcast at once and
 * never stored again — unless they release structs of ours held back for a
 * dependency (never stored, never shown): those are stored like a local update.
 */
import type * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { RoomRef } from '@/lib/board/rooms';
import { roomName } from '@/lib/board/rooms';
import type { Config } from '../../config';
import type { Logger } from '../../log';
import type { Metrics } from '../../metrics';
import type { DocStore } from '../../persistence/types';
import { inspectUpdate, syncStep1ForStateVector, updateMessage } from '../protocol';
import { SharedFrame } from '../shared-frame';
import type { TailMerger } from '../tail-merger';
import type { QueuedUpdate, WriteQueue } from '../write-queue';
import { AwarenessRelay } from './awareness-relay';
import { RoomDocument } from './document';
import { RoomHookRunner } from './hooks';
import { REMOTE, peerOf, peerOrigin, serverWriteOrigin, type RoomOrigin } from './origins';
import type { Peer } from './peer';
import { admissionLimit } from './admission';
import { StoredSize } from './stored-size';
import { roomWriteQueue } from './write-path';

export type RoomDeps = {
  readonly store: DocStore;
  readonly config: Config;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** called when the room can no longer be trusted or stored: the registry evicts it */
  readonly onFailure: (room: Room, error: Error) => void;
  /** merges encoded tails off the event loop (tail-merger.ts); without it they are merged here */
  readonly merger?: TailMerger;
};

export type ApplyResult = 'ok' | 'empty' | 'malformed' | 'refused' | 'unavailable' | 'document-full' | 'pending-full';

export class Room {
  readonly name: string;
  readonly peers = new Set<Peer>();
  /** true when the stored document is newer than this code: served, never written */
  readOnly = false;
  /** set once the room must not accept anything more (storage failed, or a bad update half-applied) */
  failed: Error | null = null;
  /** what is stored: bytes (MAX_DOCUMENT_BYTES counts them) and log rows since the last compaction */
  readonly stored: StoredSize;
  readonly document: RoomDocument;
  private readonly queue: WriteQueue<RoomOrigin>;
  /** the extensions' hooks for this room (load.ts sets them once, before the migration) */
  readonly hooks: RoomHookRunner;
  /** the awareness relay: who owns which client id (the awareness policy and scale-out read it) */
  readonly relay: AwarenessRelay;
  private updatesTaken = 0;
  /** server-side actions holding the room (`hold`): no hibernation meanwhile */
  private holds = 0;
  /** set while applying stored updates that may release this process's own unstored (pending) structs */
  private storeReleased = false;
  private destroyed = false;

  constructor(
    readonly ref: RoomRef,
    doc: Y.Doc,
    private readonly deps: RoomDeps,
    storedBytes: number,
  ) {
    this.name = roomName(ref);
    this.stored = new StoredSize(storedBytes);
    this.hooks = new RoomHookRunner(this.name, deps.log);
    this.queue = roomWriteQueue({
      name: this.name,
      ...deps,
      stored: this.stored,
      hooks: this.hooks,
      afterCommit: (batch) => this.broadcastCommitted(batch),
      onError: (error) => this.fail(error),
    });
    this.document = new RoomDocument(this.name, doc, {
      metrics: deps.metrics,
      merger: deps.merger,
      onLiveUpdate: this.onLiveUpdate,
      onWake: () => this.hooks.each('onWake', (hook) => hook.onWake?.()),
    });
    this.relay = new AwarenessRelay(this.peers, this.hooks);
  }

  get awareness(): awarenessProtocol.Awareness {
    return this.relay.awareness;
  }

  /**
   * The room's Y.Doc. Reading it WAKES an encoded room (rebuilds the doc,
   * ~10 times the memory): server code reads with `read` and writes with
   * `serverWrite` instead. Use it synchronously: do not keep it across an
   * await — the room may hibernate meanwhile unless it is held (`hold`).
   */
  get doc(): Y.Doc {
    if (this.destroyed) throw new Error(`room ${this.name} is unloaded`);
    return this.document.doc;
  }

  /** True while the room holds its document encoded only (no Y.Doc). */
  get hibernated(): boolean {
    return this.document.hibernated;
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Read the document without waking the room (see RoomDocument.read). Synchronous; must not change the doc. */
  read<T>(reader: (doc: Y.Doc) => T): T {
    if (this.destroyed) throw new Error(`room ${this.name} is unloaded`);
    return this.document.read(reader);
  }

  /** Counts the updates the room has taken: unchanged means the document is the same (what a reader may cache by). */
  get version(): number {
    return this.updatesTaken;
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

  /** The encoded state vector (no wake). */
  stateVector(): Uint8Array {
    return this.document.stateVector();
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
    if (this.destroyed || this.failed || this.holds > 0 || !this.queue.idle || this.pendingBytes() > 0) return false;
    return this.document.hibernate();
  }

  /**
   * Apply one update from a client. Malformed bytes are caught by decoding
   * first (cheap, touches nothing). If applying still throws, anything it
   * emitted is dropped and the room is failed: its in-memory document may
   * hold part of the update, so it is evicted and reloaded from storage.
   */
  applyClientUpdate(update: Uint8Array, from: Peer): ApplyResult {
    if (this.failed || this.readOnly) return 'unavailable';
    let inspected;
    try {
      inspected = inspectUpdate(update);
    } catch {
      return 'malformed';
    }
    if (inspected.empty) return 'empty';
    if (this.destroyed) return 'unavailable';
    const { decoded } = inspected;
    const overLimit = admissionLimit(this, update, inspected.structs, this.queue.unstoredBytes, this.deps);
    if (overLimit) return overLimit;
    const origin = peerOrigin(from);
    const refusal = this.hooks.refusal({ update, decoded, origin, ref: this.ref, read: (reader) => this.read(reader), heldBack: this.pendingBytes() });
    if (refusal) {
      this.deps.metrics.limitRefusals.inc({ limit: 'write_policy' });
      this.deps.log.warn({ room: this.name, reason: refusal.reason }, 'update refused');
      return 'refused';
    }
    const encoded = this.document.writableEncoded();
    if (encoded) {
      const verdict = encoded.judge(update, decoded);
      if (verdict.kind === 'known') return 'ok';
      if (verdict.kind === 'quiet') {
        this.document.add(encoded, verdict);
        this.take(verdict.update, origin);
        return 'ok';
      }
      // Not safe without the doc: wake the room and apply it there (below).
    }
    const applied = this.document.applyCaptured(update, origin);
    if (applied.kind === 'threw') {
      if (applied.touched) this.fail(new Error(`an update half-applied before throwing: ${applied.error.message}`));
      return 'malformed';
    }
    for (const out of applied.emitted) this.take(out, origin);
    const { maxPendingBytes } = this.deps.config.limits;
    if (this.pendingBytes() > maxPendingBytes) {
      // Updates whose dependencies never arrive are invisible and never stored
      // (a restart forgets them too): drop them all rather than hold them without bound.
      this.deps.log.warn(
        { room: this.name, pending: this.pendingBytes(), limit: maxPendingBytes },
        'dropping updates with missing dependencies: over MAX_PENDING_BYTES',
      );
      this.document.dropPending();
      return 'pending-full';
    }
    return 'ok';
  }

  /** Bytes of updates held back because their dependencies have not arrived. */
  pendingBytes(): number {
    return this.document.pendingBytes();
  }

  /** Updates added to the encoded state since its last merge (0 while awake). */
  get encodedTail(): number {
    return this.document.encodedTail;
  }

  /** The room's size as counted against MAX_DOCUMENT_BYTES. */
  get sizeBytes(): number {
    return this.stored.bytes;
  }

  /** True while updates cannot be stored and are being retried (a networked database is away). */
  get storageDegraded(): boolean {
    return this.queue.retrying;
  }

  /** A server-side change (phase, timer …): stored, then broadcast, before this resolves. */
  async serverWrite(change: (doc: Y.Doc) => void, reason = 'server-write'): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.readOnly) throw new Error(`room ${this.name} is read-only (document newer than server)`);
    const origin = serverWriteOrigin(reason);
    const encoded = this.document.writableEncoded();
    if (encoded) this.document.writeTransient(encoded, origin, change, (update) => this.takeTrusted(update, origin));
    else this.doc.transact(() => change(this.doc), origin);
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
    // Cached only when it holds exactly what is stored (an update queued meanwhile, or held for a dependency, would be in it).
    return this.document.step2For(stateVector, this.queue.idle && this.pendingBytes() === 0);
  }

  flush(): Promise<void> {
    return this.queue.drain();
  }

  /**
   * Updates already stored (by another process): applied, broadcast to this
   * process's sockets, never stored or published again. What is safe
   * without the doc is added encoded; the rest is applied to the Y.Doc, and
   * if that releases structs of ours held for a dependency (never stored,
   * never shown), what it emits is stored like a local update.
   */
  applyStored(updates: readonly Uint8Array[]): void {
    if (this.destroyed || this.failed) return;
    let rest = updates;
    const encoded = this.document.writableEncoded();
    if (encoded) {
      let taken;
      try {
        taken = this.document.addQuietRun(encoded, updates, (update) => {
          this.stored.addBytes(update.byteLength);
          this.broadcast(update, REMOTE);
          this.announce(update, REMOTE);
          this.document.afterBroadcast();
        });
      } catch (error) {
        this.fail(new Error(`an update from the shared log could not be read: ${(error as Error).message}`));
        return;
      }
      if (taken === updates.length) return;
      rest = updates.slice(taken);
    }
    const doc = this.doc;
    this.storeReleased = this.pendingBytes() > 0;
    try {
      doc.transact(() => {
        for (const update of rest) Y.applyUpdate(doc, update, REMOTE);
      }, REMOTE);
    } catch (error) {
      this.fail(new Error(`an update from the shared log could not be applied: ${(error as Error).message}`));
    } finally {
      this.storeReleased = false;
    }
  }

  addPeer(peer: Peer): void {
    this.peers.add(peer);
  }

  /** Forget a peer and tell the others its cursors are gone. */
  removePeer(peer: Peer): void {
    this.peers.delete(peer);
    this.relay.removePeer(peer);
  }

  closeAll(code: number, reason: string): void {
    for (const peer of [...this.peers]) peer.close(code, reason);
  }

  /** Free the room; the extensions' `onDestroy` hooks run (awaited by the returned promise). */
  destroy(): Promise<void> {
    if (this.destroyed) return Promise.resolve();
    this.destroyed = true;
    this.queue.stop();
    this.relay.destroy();
    this.document.destroy();
    return this.hooks.destroy();
  }

  /** Called by the write queue when storing failed for good, or by an extension that cannot go on. */
  fail(error: Error): void {
    if (this.failed) return;
    this.failed = error;
    this.deps.log.error({ room: this.name, err: error }, 'room failed; evicting it');
    this.deps.onFailure(this, error);
  }

  private readonly onLiveUpdate = (update: Uint8Array, origin: RoomOrigin): void => {
    if (origin === REMOTE && !this.storeReleased) {
      // Stored by another process: it counts against the room's size all the same.
      this.stored.addBytes(update.byteLength);
      this.broadcast(update, REMOTE);
      this.announce(update, REMOTE);
      return;
    }
    this.take(update, origin);
  };

  /** An update the room accepts: queued to be stored (then broadcast), and announced to the extensions. */
  private take(update: Uint8Array, origin: RoomOrigin): void {
    this.stored.addBytes(update.byteLength);
    this.queue.push(update, origin);
    this.announce(update, origin);
  }

  /**
   * An update made by Yjs itself from this room's document (a server write
   * on a transient doc): encoded when the room is, else applied to the live doc.
   */
  private takeTrusted(update: Uint8Array, origin: RoomOrigin): void {
    const encoded = this.document.writableEncoded();
    if (encoded) {
      const verdict = encoded.judge(update, Y.decodeUpdate(update));
      if (verdict.kind === 'known') return;
      if (verdict.kind === 'quiet') {
        this.document.add(encoded, verdict);
        return this.take(verdict.update, origin);
      }
    }
    Y.applyUpdate(this.doc, update, origin);
  }

  private announce(update: Uint8Array, origin: RoomOrigin): void {
    this.updatesTaken++;
    this.hooks.each('onChange', (hook) => hook.onChange?.(update, origin));
  }

  private broadcastCommitted(batch: readonly QueuedUpdate<RoomOrigin>[]): void {
    for (const { update, origin } of batch) this.broadcast(update, origin);
    this.document.afterBroadcast();
    this.hooks.each('afterBroadcast', (hook) => hook.afterBroadcast?.());
  }

  private broadcast(update: Uint8Array, origin: RoomOrigin): void {
    const except = peerOf(origin);
    const message = new SharedFrame(updateMessage(update));
    for (const peer of this.peers) if (peer !== except) peer.send(message);
  }
}
