/**
 * Numbered, append-only migrations. Never edit a shipped step: add one.
 * The server runs `migrateDoc` when it loads a room, before any client syncs,
 * and stores the result like any other update. A client whose SCHEMA_VERSION
 * is lower than the document's goes read-only and asks to reload.
 *
 * Version 1 is the baseline. A step names the roots and key shapes of its
 * own time literally (not through ROOT, which describes the current schema),
 * so later renames cannot change what a shipped step does.
 */
import type * as Y from 'yjs';
import { isPartyId, isRecordId } from './ids';
import { MIGRATION_ORIGIN } from './origins';
import type { RoomKind } from './rooms';
import { CRITERIA, META_KEYS, SCHEMA_VERSION, compositeKey, metaMap, readSchemaVersion, scoreValue, splitKey } from './schema';

export type Migration = {
  /** the schema version this step produces */
  readonly version: number;
  readonly name: string;
  /** which kinds of room the step touches; others only get the version bump */
  readonly kinds: readonly RoomKind[];
  readonly up: (doc: Y.Doc) => void;
};

/**
 * v1 → v2: a rater's three criteria of an option become one entry
 * (rating-entries.ts says why). Lanes: `scores` `option/participant/criterion`
 * → 1..5 becomes `ratings` `option/participant` → impact·100 +
 * feasibility·10 + fairness (a digit 0 = not rated); the state room:
 * `revealedScores` `option/party/participant/criterion` becomes
 * `publishedRatings` `option/party/participant` the same way. The old
 * entries are deleted (that is the memory the step is for); entries no v1
 * reader accepted (bad ids, criteria or values) are dropped with them.
 */
function regroupRatings(doc: Y.Doc, from: string, to: string, idParts: number): void {
  const source = doc.getMap<unknown>(from);
  const target = doc.getMap<unknown>(to);
  const grouped = new Map<string, number>();
  source.forEach((value, key) => {
    const parts = splitKey(key);
    if (parts.length !== idParts + 1) return;
    // option/participant, or option/party/participant
    const ids = parts.slice(0, idParts);
    const party = idParts === 3 ? ids[1]! : null;
    const recordIds = idParts === 3 ? [ids[0]!, ids[2]!] : ids;
    const slot = (CRITERIA as readonly string[]).indexOf(parts[idParts]!);
    if (slot < 0 || !recordIds.every(isRecordId) || (party !== null && !isPartyId(party)) || !scoreValue.safeParse(value).success) return;
    // A v1 key names one criterion, so each digit is added once.
    const entryKey = compositeKey(...ids);
    grouped.set(entryKey, (grouped.get(entryKey) ?? 0) + (value as number) * [100, 10, 1][slot]!);
  });
  for (const [key, stored] of grouped) if (!target.has(key)) target.set(key, stored);
  source.clear();
}

/**
 * v2 → v3: the state room publishes one entry per option. `publishedRatings`
 * `option/party/participant` → digits becomes `optionId` → three digits per
 * rater slot, and `raterSlots` numbers the raters (`"0"` → `party/participant`)
 * in the order the old map first names them (rating-entries.ts says why).
 * Entries no v2 reader accepted are dropped; the old keys are deleted.
 */
function publishPerOption(doc: Y.Doc): void {
  const published = doc.getMap<unknown>('publishedRatings');
  const slotOf = new Map<string, number>();
  const byOption = new Map<string, string[]>();
  published.forEach((value, key) => {
    const parts = splitKey(key);
    if (parts.length !== 3) return; // not a v2 key
    const [optionId, partyId, participantId] = parts as [string, string, string];
    const valid = typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 555;
    const digits = valid ? String(value).padStart(3, '0') : '';
    if (!isRecordId(optionId) || !isPartyId(partyId) || !isRecordId(participantId) || !/^[0-5]{3}$/.test(digits)) return;
    const rater = compositeKey(partyId, participantId);
    if (!slotOf.has(rater)) slotOf.set(rater, slotOf.size);
    let groups = byOption.get(optionId);
    if (!groups) byOption.set(optionId, (groups = []));
    groups[slotOf.get(rater)!] = digits;
  });
  published.clear();
  const slots = doc.getMap<unknown>('raterSlots');
  for (const [rater, slot] of slotOf) slots.set(String(slot), rater);
  for (const [optionId, groups] of byOption) published.set(optionId, Array.from(groups, (group) => group ?? '000').join(''));
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 2,
    name: 'ratings: one entry per option and rater',
    kinds: ['lane', 'state'],
    up(doc) {
      if (doc.share.has('scores')) regroupRatings(doc, 'scores', 'ratings', 2);
      if (doc.share.has('revealedScores')) regroupRatings(doc, 'revealedScores', 'publishedRatings', 3);
    },
  },
  {
    version: 3,
    name: 'published ratings: one entry per option',
    kinds: ['state'],
    up(doc) {
      if (doc.share.has('publishedRatings')) publishPerOption(doc);
    },
  },
];

export type MigrationResult =
  | { readonly status: 'current' | 'migrated' | 'initialized'; readonly from: number | null; readonly to: number }
  | { readonly status: 'newer'; readonly from: number; readonly to: number };

/**
 * Bring a loaded document to SCHEMA_VERSION in one transaction.
 * An empty document is stamped with the current version. A document newer
 * than this code is left untouched ('newer'): the caller must not write to it.
 */
export function migrateDoc(
  doc: Y.Doc,
  kind: RoomKind,
  migrations: readonly Migration[] = MIGRATIONS,
  target: number = SCHEMA_VERSION,
): MigrationResult {
  const from = readSchemaVersion(doc);
  if (from !== null && from > target) return { status: 'newer', from, to: target };
  if (from === target) return { status: 'current', from, to: target };
  doc.transact(() => {
    if (from !== null) {
      for (const step of migrations) {
        if (step.version > from && step.version <= target && step.kinds.includes(kind)) step.up(doc);
      }
    }
    metaMap(doc).set(META_KEYS.schemaVersion, target);
  }, MIGRATION_ORIGIN);
  return { status: from === null ? 'initialized' : 'migrated', from, to: target };
}
