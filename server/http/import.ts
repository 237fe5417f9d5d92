/**
 * `POST /api/boards/import`: a JSON export file (docs/export-format.md) →
 * a NEW board with the same content and fresh links. No token: like
 * `POST /api/boards`, anyone may start a board. The file is validated
 * (parseBoardExport) and built into fresh documents (importIntoDocs), then
 * stored through the same path as board creation (server/boards/create.ts):
 * board row and initial documents in one transaction.
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
import { storeNewBoard } from '../boards/create';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { DocStore } from '../persistence/types';
import { publicOrigin } from './origin';
import { HttpError, readJson, sendJson } from './respond';
import type { RouteContext, Router } from './router';

export type ImportDeps = { readonly config: Config; readonly store: DocStore; readonly log: Logger };

/** An export file may be much larger than a creation form. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
/** Problems listed in a 422 answer (the count says how many there were). */
export const MAX_LISTED_ERRORS = 20;

export function registerImportRoute(router: Router, deps: ImportDeps): void {
  router.add('POST', '/api/boards/import', (ctx) => importBoard(ctx, deps));
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

function refuse(ctx: RouteContext, errors: readonly ExportError[]): void {
  const [first] = errors;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  sendJson(ctx.res, 422, {
    error: {
      code: 'invalid_export',
      message: `${first!.path}: ${first!.message}${more}`,
      field: first!.path,
      errors: errors.slice(0, MAX_LISTED_ERRORS),
      errorCount: errors.length,
    },
  });
}

async function importBoard(ctx: RouteContext, deps: ImportDeps): Promise<void> {
  // Checked first, so a bad Host cannot leave a board nobody has links to.
  const origin = publicOrigin(ctx.req, deps.config);
  let body: unknown;
  try {
    body = await readJson(ctx.req, MAX_IMPORT_BYTES);
  } catch (error) {
    // A file that is not JSON is a bad file like any other: name the problem.
    if (error instanceof HttpError && error.code === 'invalid_json') {
      return refuse(ctx, [{ path: '(file)', message: error.message.replace(/^request body is /, '') }]);
    }
    throw error;
  }
  const parsed = parseBoardExport(body);
  if (!parsed.ok) return refuse(ctx, parsed.errors);

  const { board } = parsed.value;
  const now = Date.now();
  const imported = importIntoDocs(parsed.value, { now, newId: newRecordId });
  const lanes = seedLanes(imported.state, imported.parties, now);
  try {
    const stored = await storeNewBoard(deps, origin, {
      title: board.title,
      createdAt: now,
      parties: imported.parties,
      joint: imported.joint,
      state: imported.state,
      lanes,
    });
    deps.log.info({ board: stored.id, options: board.options.length, parties: board.parties.length }, 'board imported');
    sendJson(ctx.res, 201, stored);
  } finally {
    imported.joint.destroy();
    imported.state.destroy();
    for (const lane of lanes) lane.doc.destroy();
  }
}
