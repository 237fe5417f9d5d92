/**
 * An export file's bytes → the encoded first documents of a new board, or
 * the problems that make it no file of ours. Pure and synchronous: run in
 * the import worker thread (./import-worker.ts), never on the server's
 * event loop — JSON.parse of a 5 MiB file, validation and building its
 * documents take up to seconds.
 *
 * Private interests, unpublished ratings and unrevealed authorship in the
 * file are dropped (importIntoDocs). What was published — ratings of a board
 * whose scores were open or revealed, authorship once revealed — is written
 * into the state room AND into each party's lane (seedLanes), because the
 * server's publisher (server/facilitation/publisher.ts) derives the state
 * room's published maps from the lanes and would otherwise take imported
 * ratings back out the first time the new board loads.
 */
import * as Y from 'yjs';
import { readPublishedRatings, readRaters, type Rating } from '@/lib/board/board-data';
import type { CreatedParty } from '@/lib/board/create';
import { isPartyId, isRecordId, newRecordId, type PartyId } from '@/lib/board/ids';
import { serverOrigin } from '@/lib/board/origins';
import { toLaneEntries } from '@/lib/board/rating-entries';
import { META_KEYS, ROOT, SCHEMA_VERSION, flatMap, metaMap } from '@/lib/board/schema';
import { importIntoDocs, parseBoardExport, type ExportError } from '@/lib/export';

/** A built board: its documents' first updates, ready for storeEncodedBoard (server/boards/create.ts). */
export type BuiltImport = {
  readonly title: string;
  readonly parties: CreatedParty[];
  readonly joint: Uint8Array;
  readonly state: Uint8Array;
  readonly lanes: { readonly partyId: PartyId; readonly data: Uint8Array }[];
  /** for the log line */
  readonly options: number;
};

export type BuildResult = { readonly ok: true; readonly board: BuiltImport } | { readonly ok: false; readonly errors: ExportError[] };

/** Parse, validate and build `bytes` (the request body) into a board created at `now`. */
export function buildImport(bytes: Uint8Array, now: number): BuildResult {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as unknown;
  } catch (error) {
    // A file that is not JSON is a bad file like any other: name the problem (as readJson words it).
    return { ok: false, errors: [{ path: '(file)', message: `not valid JSON: ${(error as Error).message}` }] };
  }
  const parsed = parseBoardExport(body);
  if (!parsed.ok) return { ok: false, errors: [...parsed.errors] };
  const imported = importIntoDocs(parsed.value, { now, newId: newRecordId });
  const lanes = seedLanes(imported.state, imported.parties, now);
  try {
    return {
      ok: true,
      board: {
        title: parsed.value.board.title,
        parties: imported.parties,
        joint: Y.encodeStateAsUpdate(imported.joint),
        state: Y.encodeStateAsUpdate(imported.state),
        lanes: lanes.map((lane) => ({ partyId: lane.partyId, data: Y.encodeStateAsUpdate(lane.doc) })),
        options: parsed.value.board.options.length,
      },
    };
  } finally {
    imported.joint.destroy();
    imported.state.destroy();
    for (const lane of lanes) lane.doc.destroy();
  }
}

const SEED_ORIGIN = serverOrigin('import-board');

/**
 * Lanes holding what the imported state room publishes: each party's
 * revealed ratings (as its lane scores, by the same raters, as members under
 * their exported names when the file has them) and the
 * options whose authorship is revealed as its. Only parties with something to
 * hold get a lane document; the others start empty as on any new board.
 */
export function seedLanes(state: Y.Doc, parties: readonly CreatedParty[], now: number): { partyId: PartyId; doc: Y.Doc }[] {
  type Seed = { ratings: Rating[]; proposals: string[]; members: [string, string][] };
  const seeds = new Map<PartyId, Seed>();
  const seedOf = (partyId: unknown): Seed | null => {
    if (!isPartyId(partyId) || !parties.some((p) => p.id === partyId)) return null;
    let seed = seeds.get(partyId);
    if (!seed) seeds.set(partyId, (seed = { ratings: [], proposals: [], members: [] }));
    return seed;
  };
  for (const rating of readPublishedRatings(state)) seedOf(rating.partyId)?.ratings.push(rating);
  // Named raters become the party's members again: the publisher derives the published names from them.
  for (const [participantId, { partyId, name }] of Object.entries(readRaters(state))) {
    if (name) seedOf(partyId)?.members.push([participantId, name]);
  }
  flatMap(state, ROOT.authorship).forEach((partyId, optionId) => {
    if (isRecordId(optionId)) seedOf(partyId)?.proposals.push(optionId);
  });
  return [...seeds].map(([partyId, seed]) => {
    const doc = new Y.Doc();
    doc.transact(() => {
      metaMap(doc).set(META_KEYS.schemaVersion, SCHEMA_VERSION);
      const ratings = toLaneEntries(seed.ratings);
      for (const [key, values] of ratings) flatMap(doc, ROOT.ratings).set(key, values);
      for (const optionId of seed.proposals) flatMap(doc, ROOT.proposals).set(optionId, now);
      for (const [participantId, name] of seed.members) flatMap(doc, ROOT.members).set(participantId, name);
    }, SEED_ORIGIN);
    return { partyId, doc };
  });
}
