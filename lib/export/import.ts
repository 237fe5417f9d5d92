/**
 * Import: a validated export (parseBoardExport) → fresh documents for a new
 * board. Run by the server, once, at creation (like create.ts), so nested
 * record maps have a single writer.
 *
 * - Every record gets a fresh id from `newId`; parties are p1…pN by position.
 * - Order keys are rebuilt from array order; record timestamps are kept
 *   (debrief notes and checkpoints are ordered by them), the board's own
 *   creation time is `now`.
 * - Private lane content is never imported: interests marked private, and
 *   ratings or authorship that were not published on the exporting board.
 *   Published ratings come with their raters' names (the file's `raters`).
 *
 * lib/board has no writers for most records (they belong to features still
 * being built), so the writers are here, going only through schema.ts's root
 * accessors and key helpers.
 */
import * as Y from 'yjs';
import { initializeJointDoc, initializeStateDoc, type CreatedParty } from '@/lib/board/create';
import { isRecordId } from '@/lib/board/ids';
import { keyBetween } from '@/lib/board/order';
import { serverOrigin } from '@/lib/board/origins';
import {
  ROOT,
  checkpointsMap,
  clustersMap,
  compositeKey,
  debriefNotesMap,
  flatMap,
  interestsMap,
  optionsMap,
  partiesMap,
  tradeoffsMap,
} from '@/lib/board/schema';
import { writePublishedRatings } from '@/lib/board/rating-entries';
import { setPhase, writeStateFields } from '@/lib/board/state';
import type { BoardExport, ExportedBoard } from './json-format';

export type ImportOptions = {
  /** the new board's creation time (ms) */
  readonly now: number;
  /** fresh record ids, e.g. newRecordId from lib/board/ids */
  readonly newId: () => string;
};

export type ImportedBoard = { readonly joint: Y.Doc; readonly state: Y.Doc; readonly parties: CreatedParty[] };

const IMPORT_ORIGIN = serverOrigin('import-board');

type IdMap = (oldId: string) => string;
type Ids = Readonly<Record<'interest' | 'cluster' | 'option' | 'tradeoff' | 'checkpoint' | 'debrief', IdMap>>;

/** One map per collection (an export's ids are unique per collection only). */
function freshIds(board: ExportedBoard, newId: () => string): Ids {
  const used = new Set<string>();
  const mapIds = (list: readonly { id: string }[]): IdMap => {
    const map = new Map<string, string>();
    for (const { id } of list) {
      const fresh = newId();
      if (!isRecordId(fresh) || used.has(fresh)) throw new Error(`newId gave an unusable id: ${fresh}`);
      used.add(fresh);
      map.set(id, fresh);
    }
    return (id) => map.get(id) ?? id;
  };
  return {
    interest: mapIds(board.interests.filter((i) => !i.private)),
    cluster: mapIds(board.clusters),
    option: mapIds(board.options),
    tradeoff: mapIds(board.tradeoffs),
    checkpoint: mapIds(board.checkpoints),
    debrief: mapIds(board.debriefNotes),
  };
}

/** Sequential order keys for a list already in order. */
function orderKeys(count: number): string[] {
  const keys: string[] = [];
  for (let i = 0; i < count; i++) keys.push(keyBetween(keys[i - 1] ?? null, null));
  return keys;
}

function put(map: Y.Map<Y.Map<unknown>>, id: string, fields: Record<string, unknown>): void {
  map.set(id, new Y.Map<unknown>(Object.entries(fields)));
}

/** shortlistOrder keys: per stage, by position; '' for "not ordered yet". */
function shortlistKeys(board: ExportedBoard): Map<string, string> {
  const keys = new Map<string, string>();
  const stages = new Set(board.options.map((o) => o.shortlist?.stage));
  for (const stage of stages) {
    const ordered = board.options
      .filter((o) => o.shortlist && o.shortlist.stage === stage && o.shortlist.position !== null)
      .sort((a, b) => a.shortlist!.position! - b.shortlist!.position!);
    orderKeys(ordered.length).forEach((key, i) => keys.set(ordered[i]!.id, key));
  }
  return keys;
}

function writeJoint(doc: Y.Doc, board: ExportedBoard, ids: Ids, party: IdMap): void {
  const interests = board.interests.filter((i) => !i.private);
  const imported = new Set(interests.map((i) => i.id));
  const interestOrder = orderKeys(interests.length);
  interests.forEach((i, n) =>
    put(interestsMap(doc), ids.interest(i.id), {
      partyId: party(i.partyId), text: i.text, kind: i.kind, importance: i.importance, order: interestOrder[n], createdAt: i.createdAt,
    }),
  );
  for (const link of board.interestLinks) {
    if (!imported.has(link.a) || !imported.has(link.b)) continue;
    const [a, b] = [ids.interest(link.a), ids.interest(link.b)].sort();
    flatMap(doc, ROOT.interestLinks).set(compositeKey(a!, b!), link.relation);
  }
  const clusterOrder = orderKeys(board.clusters.length);
  board.clusters.forEach((c, n) => put(clustersMap(doc), ids.cluster(c.id), { name: c.name, order: clusterOrder[n], createdAt: c.createdAt }));

  const optionOrder = orderKeys(board.options.length);
  const shortlistOrder = shortlistKeys(board);
  board.options.forEach((o, n) => {
    const id = ids.option(o.id);
    put(optionsMap(doc), id, {
      title: o.title,
      description: o.description,
      order: optionOrder[n],
      createdAt: o.createdAt,
      clusterId: o.clusterId ? ids.cluster(o.clusterId) : '',
      shortlisted: o.shortlist !== null,
      shortlistedAt: o.shortlist?.at ?? 0,
      stage: o.shortlist?.stage ?? 0,
      shortlistOrder: shortlistOrder.get(o.id) ?? '',
    });
    for (const tag of o.tags) flatMap(doc, ROOT.optionTags).set(compositeKey(id, tag), true);
    for (const interestId of o.interestIds) {
      if (imported.has(interestId)) flatMap(doc, ROOT.optionInterests).set(compositeKey(id, ids.interest(interestId)), true);
    }
  });

  const tradeoffOrder = orderKeys(board.tradeoffs.length);
  board.tradeoffs.forEach((t, n) => {
    const id = ids.tradeoff(t.id);
    put(tradeoffsMap(doc), id, {
      partyId: party(t.partyId), concedes: t.concedes, unlocks: t.unlocks, benefit: t.benefit, order: tradeoffOrder[n], createdAt: t.createdAt,
    });
    for (const optionId of t.optionIds) flatMap(doc, ROOT.tradeoffOptions).set(compositeKey(id, ids.option(optionId)), true);
    for (const r of t.responses) {
      flatMap(doc, ROOT.tradeoffResponses).set(compositeKey(id, party(r.partyId)), { status: r.status, note: r.note, at: r.at });
    }
  });

  const plans = flatMap(doc, ROOT.plans);
  for (const plan of board.plans) {
    const optionId = ids.option(plan.optionId);
    for (const field of ['startDate', 'dueDate', 'metrics', 'escalation'] as const) {
      if (plan[field]) plans.set(compositeKey(optionId, field), plan[field]);
    }
    for (const owner of plan.owners) plans.set(compositeKey(optionId, 'owner', party(owner.partyId)), owner.name);
  }
  for (const c of board.checkpoints) {
    put(checkpointsMap(doc), ids.checkpoint(c.id), { optionId: ids.option(c.optionId), date: c.date, label: c.label, createdAt: c.createdAt });
  }
  for (const d of board.debriefNotes) {
    put(debriefNotesMap(doc), ids.debrief(d.id), { prompt: d.prompt, partyId: d.partyId ? party(d.partyId) : '', text: d.text, createdAt: d.createdAt });
  }
}

function writeState(doc: Y.Doc, board: ExportedBoard, ids: Ids, party: IdMap, options: ImportOptions): void {
  const { phase, ...settings } = board.settings;
  initializeStateDoc(doc, options.now);
  writeStateFields(doc, settings, 'import-board');
  if (phase !== 'frame') setPhase(doc, phase, options.now);

  const published = settings.scoring === 'open' || settings.scoresRevealed;
  // Fresh participant ids, handed out in the old ids' sort order so the
  // re-exported ratings come out in the same order.
  const participants = [...new Set(board.ratings.map((r) => r.participantId))].sort();
  const fresh = participants.map(() => options.newId()).sort();
  const participant = new Map(participants.map((id, i) => [id, fresh[i]!]));
  doc.transact(() => {
    if (published) {
      const ratings = board.ratings.map((r) => ({ ...r, optionId: ids.option(r.optionId), partyId: party(r.partyId), participantId: participant.get(r.participantId)! }));
      writePublishedRatings(doc, ratings);
      // Their names, as the publisher writes them (server/facilitation/publication.ts); the
      // import route copies them into the lanes' members, where the publisher reads them.
      for (const r of board.raters ?? []) {
        const fresh = participant.get(r.participantId);
        if (fresh) flatMap(doc, ROOT.raters).set(fresh, { partyId: party(r.partyId), name: r.name });
      }
    }
    if (settings.authorshipRevealed) {
      for (const o of board.options) if (o.proposedBy) flatMap(doc, ROOT.authorship).set(ids.option(o.id), party(o.proposedBy));
    }
  }, IMPORT_ORIGIN);
}

/** Build a new board's joint and state documents from a validated export. */
export function importIntoDocs(value: BoardExport, options: ImportOptions): ImportedBoard {
  const { board } = value;
  const joint = new Y.Doc();
  const parties = initializeJointDoc(joint, {
    title: board.title,
    question: board.question,
    parties: board.parties.map((p) => p.name),
    createdAt: options.now,
  });
  const partyIds = new Map(board.parties.map((p, i) => [p.id, parties[i]!.id as string]));
  const party: IdMap = (id) => partyIds.get(id) ?? id;
  const ids = freshIds(board, options.newId);
  joint.transact(() => {
    // initializeJointDoc picks colours by position; keep the exported ones
    board.parties.forEach((p, i) => partiesMap(joint).get(parties[i]!.id)?.set('color', p.color));
    writeJoint(joint, board, ids, party);
  }, IMPORT_ORIGIN);
  const state = new Y.Doc();
  writeState(state, board, ids, party, options);
  return { joint, state, parties: parties.map((p, i) => ({ ...p, color: board.parties[i]!.color })) };
}
