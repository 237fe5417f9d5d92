/**
 * Creating a board's documents. Only the server runs this, once, when a board
 * is created, so the nested record maps have a single writer.
 */
import * as Y from 'yjs';
import { partyIdAt, type PartyId } from './ids';
import { keyBetween } from './order';
import { serverOrigin } from './origins';
import { LIMITS, META_KEYS, PARTY_COLORS, SCHEMA_VERSION, STATE_KEYS, metaMap, partiesMap, stateMap } from './schema';

export type NewBoardInput = {
  readonly title: string;
  readonly question: string;
  readonly parties: readonly string[];
  readonly createdAt: number;
};

export type CreatedParty = { readonly id: PartyId; readonly name: string; readonly color: string };

/** Write the initial joint document; returns the parties with their ids. */
export function initializeJointDoc(doc: Y.Doc, input: NewBoardInput): CreatedParty[] {
  const parties = input.parties.map((name, index) => ({
    id: partyIdAt(index),
    name: name.slice(0, LIMITS.partyName),
    color: PARTY_COLORS[index % PARTY_COLORS.length]!,
  }));
  doc.transact(() => {
    const meta = metaMap(doc);
    meta.set(META_KEYS.schemaVersion, SCHEMA_VERSION);
    meta.set(META_KEYS.title, input.title);
    meta.set(META_KEYS.question, input.question);
    meta.set(META_KEYS.createdAt, input.createdAt);
    const map = partiesMap(doc);
    let order: string | null = null;
    for (const party of parties) {
      order = keyBetween(order, null);
      const record = new Y.Map<unknown>();
      record.set('name', party.name);
      record.set('color', party.color);
      record.set('order', order);
      map.set(party.id, record);
    }
  }, serverOrigin('create-board'));
  return parties;
}

/** Write the initial state document: the board starts in the Frame phase. */
export function initializeStateDoc(doc: Y.Doc, createdAt: number): void {
  doc.transact(() => {
    metaMap(doc).set(META_KEYS.schemaVersion, SCHEMA_VERSION);
    const state = stateMap(doc);
    state.set(STATE_KEYS.phase, 'frame');
    state.set(STATE_KEYS.phaseChangedAt, createdAt);
  }, serverOrigin('create-board'));
}
