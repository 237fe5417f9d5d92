/**
 * A room's document held encoded, without a Y.Doc: the form every room is
 * in unless something needs the doc itself.
 *
 * It is the sync step 2 answer to an empty state vector (every first visit
 * needs it, so it is kept whole; the encoded state is a view into it), the
 * updates accepted since that answer was made (`tail`, merged into it
 * lazily), and the document's clocks (its state vector, decoded), which is
 * all `judgeUpdate` needs to accept an update without the doc.
 *
 * Merging rebuilds a transient Y.Doc from the state and the tail and encodes
 * it again — the way the stores compact (mergeForSnapshot), so deleted
 * content is dropped as it is in a live doc (Y.mergeUpdates would keep it,
 * and take as long). It runs when an answer needs the whole state (a sync
 * step 2), here and now; and when the tail passes TAIL_LIMIT, on the merge
 * thread (`mergeElsewhere`, tail-merger.ts): milliseconds for a small room,
 * tens for a big board, which would otherwise stall every room's traffic.
 */
import * as Y from 'yjs';
import { isEmptyStateVector, rawSyncStep2Message, syncStep2Message, syncStep2Payload } from './protocol';
import { encodeClocks, judgeUpdate, type QuietVerdict } from './quiet-update';

/** Merge the tail into the state past this many bytes or updates (bounds an encoded room's memory). */
export const TAIL_LIMIT = { bytes: 32 * 1024, updates: 256 } as const;

export class EncodedDoc {
  private step2: Uint8Array;
  private state: Uint8Array;
  private tail: Uint8Array[] = [];
  private tailBytes = 0;
  private readonly clocks: Map<number, number>;
  private stateVectorCache: Uint8Array | null = null;
  /** the document's delete set, kept from when a reader's resent update needed it until the next change */
  private deleteSetCache: ReturnType<typeof Y.createDeleteSet> | null = null;
  /** a `mergeElsewhere` is running */
  private merging = false;

  private constructor(step2: Uint8Array, clocks: Map<number, number>) {
    this.step2 = step2;
    this.state = syncStep2Payload(step2);
    this.clocks = clocks;
  }

  /** Encode a doc (`step2`: its answer to an empty state vector, if already made). */
  static fromDoc(doc: Y.Doc, step2?: Uint8Array | null): EncodedDoc {
    const stateVector = Y.encodeStateVector(doc);
    const encoded = new EncodedDoc(step2 ?? syncStep2Message(doc), Y.decodeStateVector(stateVector));
    encoded.stateVectorCache = stateVector;
    return encoded;
  }

  /** Whether `update` (decoded as `decoded`) can be added without a doc; see quiet-update.ts. */
  judge(update: Uint8Array, decoded: ReturnType<typeof Y.decodeUpdate>): QuietVerdict {
    return judgeUpdate(update, decoded, this.clocks);
  }

  /** Add an update `judge` found quiet. Returns true when the tail should be merged (`merge`). */
  add(verdict: Extract<QuietVerdict, { kind: 'quiet' }>): boolean {
    // A copy: the update may be a view into a socket frame or a pooled buffer, which it would keep alive.
    const own = new Uint8Array(verdict.update);
    this.tail.push(own);
    this.tailBytes += own.byteLength;
    for (const [client, clock] of verdict.advanced) this.clocks.set(client, clock);
    this.stateVectorCache = null;
    this.deleteSetCache = null;
    return this.tailBytes > TAIL_LIMIT.bytes || this.tail.length > TAIL_LIMIT.updates;
  }

  /**
   * What the document has deleted (a transient doc's, kept until the next
   * change: a reader whose cache replays the board on every reconnect, or
   * one that does it on purpose, costs one build per document version).
   */
  deleteSet(): ReturnType<typeof Y.createDeleteSet> {
    if (this.deleteSetCache) return this.deleteSetCache;
    const doc = this.toDoc(null);
    try {
      return (this.deleteSetCache = Y.createDeleteSetFromStructStore(doc.store));
    } finally {
      doc.destroy();
    }
  }

  /** Updates added since the last merge. */
  get tailLength(): number {
    return this.tail.length;
  }

  /** Size of the encoded state (without the tail). */
  get stateBytes(): number {
    return this.state.byteLength;
  }

  /** The encoded state vector. */
  stateVector(): Uint8Array {
    return (this.stateVectorCache ??= encodeClocks(this.clocks));
  }

  /** The sync step 2 answer for a peer with `stateVector` (merges the tail first). */
  step2For(stateVector: Uint8Array): Uint8Array {
    this.merge();
    return isEmptyStateVector(stateVector) ? this.step2 : rawSyncStep2Message(Y.diffUpdate(this.state, stateVector));
  }

  /** The answer to an empty state vector, when it is at hand without merging (null: the tail is not merged). */
  cachedStep2(): Uint8Array | null {
    return this.tail.length === 0 ? this.step2 : null;
  }

  /** Fold the tail into the state (a transient doc, encoded again). */
  merge(): void {
    if (this.tail.length === 0) return;
    this.step2 = mergedStep2(this.state, this.tail);
    this.state = syncStep2Payload(this.step2);
    this.tail = [];
    this.tailBytes = 0;
  }

  /**
   * `merge`, with the merging done by `mergeStep2` elsewhere (another thread:
   * tail-merger.ts) while this thread goes on; only the swap happens here.
   * Updates added meanwhile stay in the tail. If a `merge` here got there
   * first (a newcomer's sync step 2), the result is dropped; if `mergeStep2`
   * fails, the tail is merged here. One at a time: resolves at once while
   * one is running. Resolves with where it was merged (null: nowhere — one
   * was running, the tail was empty, or a merge here came first).
   */
  mergeElsewhere(mergeStep2: (state: Uint8Array, tail: readonly Uint8Array[]) => Promise<Uint8Array>): Promise<'elsewhere' | 'here' | null> {
    if (this.merging || this.tail.length === 0) return Promise.resolve(null);
    const state = this.state;
    const taken = this.tail.slice();
    this.merging = true;
    return mergeStep2(state, taken)
      .then(
        (step2) => {
          if (this.state !== state) return null; // merged here meanwhile
          this.step2 = step2;
          this.state = syncStep2Payload(step2);
          this.tail = this.tail.slice(taken.length);
          this.tailBytes = this.tail.reduce((sum, update) => sum + update.byteLength, 0);
          return 'elsewhere' as const;
        },
        () => {
          this.merge();
          return 'here' as const;
        },
      )
      .finally(() => {
        this.merging = false;
      });
  }

  /** Past this the tail is merged here, now, even while a merge elsewhere is running (it bounds memory). */
  get tailOverflowing(): boolean {
    return this.tailBytes > TAIL_LIMIT.bytes * 4 || this.tail.length > TAIL_LIMIT.updates * 4;
  }

  /** A new Y.Doc holding the whole document (the caller owns it and destroys it). */
  toDoc(origin: unknown): Y.Doc {
    return docOf(this.state, this.tail, origin);
  }
}

function docOf(state: Uint8Array, tail: readonly Uint8Array[], origin: unknown): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    Y.applyUpdate(doc, state, origin);
    for (const update of tail) Y.applyUpdate(doc, update, origin);
  }, origin);
  return doc;
}

/** The sync step 2 answer (to an empty state vector) of `state` with `tail` folded in: what `merge` computes, on any thread. */
export function mergedStep2(state: Uint8Array, tail: readonly Uint8Array[]): Uint8Array {
  const doc = docOf(state, tail, null);
  try {
    return syncStep2Message(doc);
  } finally {
    doc.destroy();
  }
}
