/**
 * A room's document, live or encoded behind one interface.
 *
 * Encoded (an EncodedDoc: the sync step 2 answer to an empty state vector,
 * the updates accepted since, the state vector) is the form every room is
 * in unless something needs the Y.Doc itself: a Y.Doc costs ~460 bytes per
 * struct, ten times its encoded size. An update quiet-update.ts finds safe
 * without the doc is added encoded (`judge`, `add`); anything else, or
 * reading `doc`, wakes the document (the Y.Doc is rebuilt synchronously, so
 * nothing can interleave). `hibernate` encodes it again. Server-side readers
 * get a transient doc (`read`); server-side writes are made on one
 * (`writeTransient`) with the room's own Yjs client id, so its clock continues.
 *
 * Awake, the answer to an empty state vector is computed once per document
 * version and dropped on its next update (`step2For`); encoded, it is the state.
 *
 * The encoded tail is merged once it passes TAIL_LIMIT, after the update
 * that crossed it has been broadcast (`afterBroadcast`), on the merge thread
 * (tail-merger.ts): a merge rebuilds the document (milliseconds, tens for a
 * big board), which on the event loop would delay every room's traffic.
 */
import * as Y from 'yjs';
import { dropPending, pendingBytes, pendingChanged, pendingState } from '@/lib/yjs/internals';
import type { Metrics } from '../../metrics';
import { EncodedDoc } from '../encoded-doc';
import { isEmptyStateVector, syncStep2Message } from '../protocol';
import type { QuietVerdict } from '../quiet-update';
import type { TailMerger } from '../tail-merger';
import { LOAD, asRoomOrigin, serverWriteOrigin, type RoomOrigin } from './origins';

/** A transaction that named no origin of ours (none should): counted as a server write. */
const UNLABELLED = serverWriteOrigin('unlabelled');

/**
 * Rooms encoded larger than this take writes awake, as a Y.Doc: merging an
 * encoded room (for a newcomer's sync answer, or a long tail) rebuilds it,
 * ~30 ms at this size but ~0.2 s for a 20,000-option board (3.5 MiB), and a
 * live doc answers newcomers from one cached encoding. Typical boards are
 * 45–110 KB encoded.
 */
export const ENCODED_WRITES_MAX_BYTES = 512 * 1024;

export type QuietUpdate = Extract<QuietVerdict, { kind: 'quiet' }>;

export type RoomDocumentDeps = {
  readonly metrics: Metrics;
  readonly merger?: TailMerger;
  /** every update the live doc emits, with its origin (the room decides what it means) */
  readonly onLiveUpdate: (update: Uint8Array, origin: RoomOrigin) => void;
  /** the document was rebuilt from its encoded form */
  readonly onWake: () => void;
};

export class RoomDocument {
  /** the document while awake; null while encoded (`encoded` holds it) */
  private live: Y.Doc | null;
  private encoded: EncodedDoc | null = null;
  /**
   * This room's Yjs client id in this process, for every doc it builds
   * (awake, or transient for a server write): server writes continue one
   * clock instead of adding a client to the state vector per write. Random
   * per room, so two processes writing the same room never share one.
   */
  private readonly clientId = Math.floor(Math.random() * 0xffffffff);
  /** awake: the step 2 answer to an empty state vector for the current version (null: not computed, or stale) */
  private step2Cache: Uint8Array | null = null;
  /** the encoded tail passed TAIL_LIMIT: merge once the update in flight is broadcast */
  private mergeDue = false;
  private mergeScheduled = false;
  /** while a client update is applied (`applyCaptured`), what the doc emits is held here until it is known to be clean */
  private captured: Uint8Array[] | null = null;
  private destroyed = false;

  constructor(
    readonly name: string,
    doc: Y.Doc,
    private readonly deps: RoomDocumentDeps,
  ) {
    this.live = doc;
    doc.clientID = this.clientId; // after the load: Yjs renews an id it sees in a remote update
    doc.on('update', this.onDocUpdate);
  }

  /** The Y.Doc, waking an encoded document. Use it synchronously. */
  get doc(): Y.Doc {
    return this.live ?? this.wake();
  }

  get hibernated(): boolean {
    return this.encoded !== null;
  }

  /** The live doc if awake (no wake). */
  get awakeDoc(): Y.Doc | null {
    return this.live;
  }

  /** Updates added to the encoded state since its last merge (0 while awake). */
  get encodedTail(): number {
    return this.encoded?.tailLength ?? 0;
  }

  /** Bytes of updates held back because their dependencies have not arrived (none while encoded). */
  pendingBytes(): number {
    return this.live ? pendingBytes(this.live) : 0;
  }

  /** Forget what the live doc holds back (never stored, never shown). */
  dropPending(): void {
    if (this.live) dropPending(this.live);
  }

  /**
   * Read the document without waking it: `reader` gets the live doc, or a
   * transient one built from the encoded state and destroyed after.
   */
  read<T>(reader: (doc: Y.Doc) => T): T {
    if (this.live) return reader(this.live);
    const doc = this.encodedOrThrow().toDoc(LOAD);
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

  /** The encoded document, if writes may go to it without waking (ENCODED_WRITES_MAX_BYTES). */
  writableEncoded(): EncodedDoc | null {
    return this.encoded && this.encoded.stateBytes <= ENCODED_WRITES_MAX_BYTES ? this.encoded : null;
  }

  /** Add an update `judge` found quiet to the encoded state. */
  add(encoded: EncodedDoc, verdict: QuietUpdate): void {
    if (encoded.add(verdict)) this.mergeDue = true;
  }

  /**
   * Apply a client's update to the Y.Doc (waking it), holding back what it
   * emits until the apply is known to be clean. If it throws, `touched`
   * says whether the doc may hold part of it (something was emitted, or
   * what is held back for dependencies changed): then it cannot be trusted.
   */
  applyCaptured(
    update: Uint8Array,
    origin: RoomOrigin,
  ): { readonly kind: 'applied'; readonly emitted: Uint8Array[] } | { readonly kind: 'threw'; readonly error: Error; readonly touched: boolean } {
    const doc = this.doc;
    const emitted: Uint8Array[] = [];
    const pendingBefore = pendingState(doc);
    this.captured = emitted;
    try {
      Y.applyUpdate(doc, update, origin);
      return { kind: 'applied', emitted };
    } catch (error) {
      return { kind: 'threw', error: error as Error, touched: emitted.length > 0 || pendingChanged(pendingBefore, doc) };
    } finally {
      this.captured = null;
    }
  }

  /**
   * Add the leading run of `updates` that is safe without the doc (already
   * stored elsewhere); `added` gets each one added. Returns how many were
   * taken (known ones count); the rest need the doc. Throws on bytes it
   * cannot read.
   */
  addQuietRun(encoded: EncodedDoc, updates: readonly Uint8Array[], added: (update: Uint8Array) => void): number {
    let taken = 0;
    for (const update of updates) {
      const verdict = encoded.judge(update, Y.decodeUpdate(update));
      if (verdict.kind === 'needs-doc') break;
      taken++;
      if (verdict.kind === 'known') continue;
      this.add(encoded, verdict);
      added(verdict.update);
    }
    return taken;
  }

  /**
   * A server-side change made on a transient doc (with the room's client id,
   * under `origin`); `take` gets what it emitted — even if `change` throws
   * partway, as a live doc would keep what was done (the throw goes on).
   */
  writeTransient(encoded: EncodedDoc, origin: RoomOrigin, change: (doc: Y.Doc) => void, take: (update: Uint8Array) => void): void {
    const doc = encoded.toDoc(LOAD);
    doc.clientID = this.clientId;
    const emitted: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => emitted.push(update));
    try {
      doc.transact(() => change(doc), origin);
    } finally {
      doc.destroy();
      for (const update of emitted) take(update);
    }
  }

  stateVector(): Uint8Array {
    return this.live ? Y.encodeStateVector(this.live) : this.encoded!.stateVector();
  }

  /**
   * Whether an update carries nothing the document lacks: every struct is
   * within its state vector and every deletion is already applied (no wake:
   * an encoded document's delete set is cached until its next change). A
   * reader may legitimately resend such an update (an offline cache that
   * loads after the socket opened replays the board it already had); it is
   * not a write.
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

  /**
   * The sync step 2 answer for `stateVector`. `cacheable`: the document holds
   * exactly what is stored (nothing queued, nothing pending), so an answer to
   * an empty state vector may be kept for this version.
   */
  step2For(stateVector: Uint8Array, cacheable: boolean): Uint8Array {
    if (this.encoded) return this.encoded.step2For(stateVector);
    const doc = this.live!;
    if (!isEmptyStateVector(stateVector)) return syncStep2Message(doc, stateVector);
    if (this.step2Cache) return this.step2Cache;
    const answer = syncStep2Message(doc);
    if (cacheable) this.step2Cache = answer;
    return answer;
  }

  /** Drop the Y.Doc and keep the document encoded (the caller checked it is safe: room.hibernate). */
  hibernate(): boolean {
    const doc = this.live;
    if (!doc || this.destroyed) return false;
    this.encoded = EncodedDoc.fromDoc(doc, this.step2Cache);
    this.live = null;
    this.step2Cache = null;
    doc.off('update', this.onDocUpdate);
    doc.destroy();
    this.deps.metrics.roomsHibernated.inc();
    this.deps.metrics.hibernations.inc();
    return true;
  }

  /** A committed batch was broadcast: merge the tail if it passed its limit. */
  afterBroadcast(): void {
    if (!this.mergeDue) return;
    this.mergeDue = false;
    this.mergeSoon();
  }

  /** The tail passed its limit outside a broadcast (updates stored elsewhere): merge soon. */
  mergeTailSoon(): void {
    this.mergeDue = false;
    this.mergeSoon();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.encoded) this.deps.metrics.roomsHibernated.dec();
    this.encoded = null;
    this.step2Cache = null;
    this.live?.destroy();
  }

  private encodedOrThrow(): EncodedDoc {
    if (this.destroyed || !this.encoded) throw new Error(`room ${this.name} is unloaded`);
    return this.encoded;
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.step2Cache = null;
    if (this.captured) this.captured.push(update);
    else this.deps.onLiveUpdate(update, asRoomOrigin(origin) ?? UNLABELLED);
  };

  /** Rebuild the Y.Doc from the encoded state (synchronous). */
  private wake(): Y.Doc {
    const encoded = this.encodedOrThrow();
    const doc = encoded.toDoc(LOAD);
    doc.clientID = this.clientId;
    this.live = doc;
    this.encoded = null;
    this.step2Cache = encoded.cachedStep2(); // same document version, if its tail was merged
    doc.on('update', this.onDocUpdate);
    this.deps.metrics.roomsHibernated.dec();
    this.deps.metrics.wakes.inc();
    this.deps.onWake();
    return doc;
  }

  /**
   * Merge the encoded tail on the merge thread (`deps.merger`). Until it is
   * done the tail grows on; a sync step 2 still merges first
   * (EncodedDoc.step2For), and a tail four times the limit (a merge thread
   * that cannot keep up) is merged here.
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
}
