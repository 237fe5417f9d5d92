/**
 * A party speaks only for itself: on the joint board, the records that speak
 * for a party (lib/board/statements.ts: its shared interests, the tradeoffs it
 * concedes, its responses, its debrief notes, its relationship-health
 * ratings, its plan owners) are created, changed and deleted by that party's
 * members only; a facilitator may record interests and tradeoffs for a party
 * (FACILITATOR_MAY_RECORD). A statement removed with its subject (a tradeoff's
 * responses, an option's plan owners) goes with it.
 *
 * Judged before the update touches the document (`beforeApply`): an update
 * that may touch a statement is applied to a copy of the document (with what
 * the room holds back for missing dependencies, which it may release), and
 * every statement that changed is checked against the sender's token. A
 * refusal closes the sender (1008) and nothing is stored or broadcast.
 *
 * Cheap for everything else: the policy keeps the spans of every item under
 * a statement root (rebuilt after a change that may have added some) and
 * simulates only an update with a struct under one — by its parent, or by
 * the item it continues from — or a deletion of one; or any update while the
 * room holds structs back for a missing dependency (an update that fills the
 * gap releases them, and they may speak for another party).
 */
import * as Y from 'yjs';
import { FACILITATOR_MAY_RECORD, STATEMENT_ROOTS, readStatements, subjectExists, type Statement } from '@/lib/board/statements';
import { itemSpansUnder, pendingUpdatesV2, type ItemSpan } from '@/lib/yjs/internals';
import type { IncomingUpdate, Refusal, RoomExtension, RoomHooks } from '../room/extension';
import type { Room } from '../room/room';

const ROOTS: ReadonlySet<string> = new Set(STATEMENT_ROOTS);

export function writePolicy(): RoomExtension {
  return { name: 'write-policy', attach: (room) => (room.ref.kind === 'joint' ? policyHooks(room) : null) };
}

/** Spans of items, by client, for "is this id one of them". */
class SpanIndex {
  private readonly byClient = new Map<number, ItemSpan[]>();

  add(span: ItemSpan): void {
    let spans = this.byClient.get(span.client);
    if (!spans) this.byClient.set(span.client, (spans = []));
    spans.push(span);
  }

  has(client: number, clock: number): boolean {
    return this.byClient.get(client)?.some((s) => s.clock <= clock && clock < s.clock + s.length) ?? false;
  }

  overlaps(client: number, clock: number, length: number): boolean {
    return this.byClient.get(client)?.some((s) => s.clock < clock + length && clock < s.clock + s.length) ?? false;
  }
}

function policyHooks(room: Room): RoomHooks {
  let index: SpanIndex | null = null;
  const statementItems = (): SpanIndex =>
    (index ??= room.read((doc) => {
      const built = new SpanIndex();
      for (const root of STATEMENT_ROOTS) for (const span of itemSpansUnder(doc.getMap(root))) built.add(span);
      return built;
    }));
  return {
    beforeApply(incoming) {
      if (incoming.origin.source !== 'peer') return null;
      // What the room holds back may be released by this update, whatever it touches itself: then the copy decides.
      if (incoming.heldBack === 0 && !touchesStatements(incoming.decoded, statementItems())) return null;
      index = null; // it may add items under a statement root
      return judge(incoming);
    },
    onChange(_update, origin) {
      // Peers' updates were judged above; anything else (another process, a migration) may have added statement items.
      if (origin.source !== 'peer') index = null;
    },
  };
}

type Decoded = IncomingUpdate['decoded'];
type DecodedItem = Extract<Decoded['structs'][number], { parent: unknown }>;

/**
 * Whether an update may touch a statement: a struct whose parent is a
 * statement root or an item under one — named, or inherited from the item it
 * continues from (its origin or right origin; Yjs omits the parent then) —
 * or a deletion of such an item. An item it cannot place (it continues from
 * something neither here nor known) counts as touching: the copy decides.
 */
function touchesStatements(decoded: Decoded, known: SpanIndex): boolean {
  const local = new Map<string, DecodedItem>();
  for (const struct of decoded.structs) if ('parent' in struct) local.set(`${struct.id.client}:${struct.id.clock}`, struct as DecodedItem);
  const memo = new Map<DecodedItem, boolean>();
  const under = (item: DecodedItem, depth: number): boolean => {
    const seen = memo.get(item);
    if (seen !== undefined) return seen;
    let result: boolean;
    if (depth > 10_000) result = true;
    else if (typeof item.parent === 'string') result = ROOTS.has(item.parent);
    else if (item.parent instanceof Y.ID) result = placed(item.parent, depth);
    else {
      const from = item.origin ?? item.rightOrigin;
      result = from ? placed(from, depth) : true;
    }
    memo.set(item, result);
    return result;
  };
  const placed = (id: Y.ID, depth: number): boolean => {
    if (known.has(id.client, id.clock)) return true;
    const item = findLocal(local, decoded, id);
    if (item) return under(item, depth + 1);
    return false; // an item of the document outside every statement root (the index holds all under them)
  };
  for (const struct of decoded.structs) if ('parent' in struct && under(struct as DecodedItem, 0)) return true;
  for (const [client, ranges] of decoded.ds.clients) for (const range of ranges) if (known.overlaps(client, range.clock, range.len)) return true;
  return false;
}

function findLocal(local: Map<string, DecodedItem>, decoded: Decoded, id: Y.ID): DecodedItem | null {
  const exact = local.get(`${id.client}:${id.clock}`);
  if (exact) return exact;
  for (const struct of decoded.structs) {
    if ('parent' in struct && struct.id.client === id.client && struct.id.clock <= id.clock && id.clock < struct.id.clock + struct.length) {
      return struct as DecodedItem;
    }
  }
  return null;
}

/** Apply the update to a copy and check every statement it changed against the sender. */
function judge(incoming: IncomingUpdate): Refusal | null {
  const { origin } = incoming;
  if (origin.source !== 'peer') return null;
  const identity = origin.peer.identity;
  const party = identity?.role === 'party' ? identity.partyId : null;
  const facilitator = identity?.role === 'facilitator';
  return incoming.read((doc) => {
    const copy = new Y.Doc();
    try {
      copy.transact(() => {
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
        for (const part of pendingUpdatesV2(doc)) Y.applyUpdateV2(copy, part);
      });
      const before = readStatements(copy);
      Y.applyUpdate(copy, incoming.update);
      const after = readStatements(copy);
      for (const key of new Set([...before.keys(), ...after.keys()])) {
        const was = before.get(key);
        const now = after.get(key);
        if (was?.fingerprint === now?.fingerprint && was?.owner === now?.owner) continue;
        if (!now && was && removedWithSubject(copy, was)) continue;
        const root = key.slice(0, key.indexOf('/'));
        const mayRecord = facilitator && FACILITATOR_MAY_RECORD.has(root);
        for (const owner of [was?.owner, now?.owner]) {
          if (owner === undefined || owner === null || owner === party || mayRecord) continue;
          return { reason: `${key} speaks for ${owner}` };
        }
      }
      return null;
    } finally {
      copy.destroy();
    }
  });
}

/** A statement that went because the record it belongs to went (judged on its own, if it is a statement). */
function removedWithSubject(doc: Y.Doc, statement: Statement): boolean {
  return statement.subject !== null && !subjectExists(doc, statement.subject);
}
