/**
 * Can an update be added to a room's ENCODED state — stored, broadcast and
 * merged later — without building the room's Y.Doc?
 *
 * A Y.Doc costs ~10 times its encoded size (a 200-option board: ~45 KiB
 * encoded, ~700 KiB as a doc), so a room keeps its document encoded and
 * takes the ordinary edits of its clients that way (the y-redis design).
 * The Y.Doc was also our guard: an update is applied before it is stored,
 * and one that throws midway is never stored or broadcast. Without the doc,
 * this module is that guard. It accepts an update only when applying it to
 * the document would neither throw nor leave anything pending, judged from
 * the state's clocks alone:
 *
 *  - each client's structs continue its clock without a gap (a gap is a
 *    missing dependency: Yjs would hold the rest pending);
 *  - every reference a struct makes — origin, right origin, parent — points
 *    at something the document already has, or at an EARLIER struct of the
 *    same client in this update (Yjs integrates a client's structs in clock
 *    order and does not check its own client's references: a reference
 *    forward in the same client makes Yjs throw halfway, the "half-applied"
 *    update the room used to be evicted for). References to other clients'
 *    structs in this very update are refused too: Yjs would reorder them,
 *    and that is where it holds things pending;
 *  - every deletion lies within the clocks the document will have.
 *
 * Everything else — an offline client's backlog with other people's edits
 * in it, an update whose dependency has not arrived — goes the old way:
 * the room builds its Y.Doc and applies it there. References are checked
 * for already-known structs too: Yjs resolves them before it skips a known
 * struct. A reference to a struct that is not a type (or was deleted) is
 * harmless: Yjs turns the new struct into garbage, in the doc and in every
 * client alike. server/sync/quiet-update.test.ts checks the promise against
 * real Y.Docs on thousands of mutated updates.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** client id → the next clock the document expects from that client (its state vector, decoded). */
export type Clocks = ReadonlyMap<number, number>;

export type QuietVerdict =
  /** nothing the document lacks: every struct is known and no deletion is carried */
  | { readonly kind: 'known' }
  /**
   * Safe to add encoded. `update` holds only what is new (a partly known
   * update is re-encoded without the known structs); `advanced` is each
   * client's clock after it.
   */
  | { readonly kind: 'quiet'; readonly update: Uint8Array; readonly structs: number; readonly advanced: ReadonlyMap<number, number> }
  /** needs the Y.Doc (missing dependencies, references Yjs would resolve out of order) */
  | { readonly kind: 'needs-doc' };

type Decoded = ReturnType<typeof Y.decodeUpdate>;

const NEEDS_DOC: QuietVerdict = { kind: 'needs-doc' };
const KNOWN: QuietVerdict = { kind: 'known' };

/**
 * Judge a decoded update against the document's clocks. `update` is the
 * same update encoded (returned as is when nothing in it is known already).
 */
export function judgeUpdate(update: Uint8Array, decoded: Decoded, clocks: Clocks): QuietVerdict {
  const before = (client: number): number => clocks.get(client) ?? 0;
  const advanced = new Map<number, number>();
  const clockOf = (client: number): number => advanced.get(client) ?? before(client);
  let structs = 0;
  let overlaps = false;

  /** A reference from `from` (a struct's id) to `to`: known to the document, or an earlier struct of the same client here. */
  const reachable = (from: Y.ID, to: Y.ID): boolean =>
    to.client === from.client ? to.clock < from.clock : to.clock < before(to.client);

  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    const { client, clock } = struct.id;
    const next = clockOf(client);
    if (clock > next) return NEEDS_DOC; // a gap: something this depends on has not arrived
    if (struct instanceof Y.Item) {
      const { origin, rightOrigin, parent } = struct;
      if (origin && !reachable(struct.id, origin)) return NEEDS_DOC;
      if (rightOrigin && !reachable(struct.id, rightOrigin)) return NEEDS_DOC;
      if (parent instanceof Y.ID && !reachable(struct.id, parent)) return NEEDS_DOC;
    }
    const end = clock + struct.length;
    if (clock < before(client)) overlaps = true;
    if (end > next) {
      advanced.set(client, end);
      structs++;
    }
  }

  let deletes = false;
  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      if (range.len <= 0) return NEEDS_DOC; // Yjs does not expect an empty range; let the doc judge it
      if (range.clock + range.len > clockOf(client)) return NEEDS_DOC; // deletes something not there yet: Yjs keeps it pending
      deletes = true;
    }
  }

  if (structs === 0 && !deletes) return KNOWN;
  // Known structs are dropped (a client resending what was in flight); the rest is re-encoded by Yjs itself.
  let fresh = update;
  if (overlaps) {
    try {
      fresh = Y.diffUpdate(update, encodeClocks(clocks));
    } catch {
      return NEEDS_DOC; // Yjs's update reader refuses what decodeUpdate took: the doc's guarded apply decides
    }
  }
  return { kind: 'quiet', update: fresh, structs, advanced };
}

/** Encode clocks as a Yjs state vector (the same varint layout Y.encodeStateVector writes). */
export function encodeClocks(clocks: Clocks): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, clocks.size);
  for (const [client, clock] of clocks) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}
