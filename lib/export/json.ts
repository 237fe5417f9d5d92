/**
 * JSON export (versioned, re-importable) and its validating parser.
 * The format is in json-format.ts; import.ts turns a parsed export into docs.
 */
import type { z } from 'zod';
import type { BoardData, OptionData } from '@/lib/board/board-data';
import { own } from '@/lib/board/dict';
import { CRITERIA, TAG_PATTERN } from '@/lib/board/schema';
import { visibleTo, type Audience } from './audience';
import { checkReferences } from './json-check';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  boardExportSchema,
  type BoardExport,
  type ExportError,
  type ExportedBoard,
} from './json-format';
import { compareShortlist } from './summary';

export type JsonOptions = { readonly audience: Audience; readonly now?: Date | number };

const indexer = (ids: readonly string[]) => {
  const positions = new Map(ids.map((id, i) => [id, i]));
  return (id: string): number => positions.get(id) ?? Number.MAX_SAFE_INTEGER;
};

/** 1-based position of each ordered shortlisted option within its stage. */
function shortlistPositions(options: readonly OptionData[]): Map<string, number> {
  const positions = new Map<string, number>();
  const counts = new Map<number, number>();
  for (const o of options.filter((x) => x.shortlisted && x.shortlistOrder).sort(compareShortlist)) {
    const next = (counts.get(o.stage) ?? 0) + 1;
    counts.set(o.stage, next);
    positions.set(o.id, next);
  }
  return positions;
}

export function toJson(data: BoardData, options: JsonOptions): BoardExport {
  const b = visibleTo(data, options.audience);
  const partyAt = indexer(b.parties.map((p) => p.id));
  const interestAt = indexer(b.interests.map((i) => i.id));
  const optionAt = indexer(b.options.map((o) => o.id));
  const positions = shortlistPositions(b.options);
  const inPartyOrder = <T>(record: Readonly<Record<string, T>>): [string, T][] =>
    Object.entries(record).sort(([a], [c]) => partyAt(a) - partyAt(c));

  const board: ExportedBoard = {
    title: b.meta.title,
    question: b.meta.question,
    createdAt: b.meta.createdAt,
    settings: {
      phase: b.state.phase,
      facilitated: b.state.facilitated,
      sideBlind: b.state.sideBlind,
      authorshipRevealed: b.state.authorshipRevealed,
      scoring: b.state.scoring,
      scoresRevealed: b.state.scoresRevealed,
      weights: { ...b.state.weights },
      worksForBothThreshold: b.state.worksForBothThreshold,
    },
    parties: b.parties.map((p) => ({ id: p.id, name: p.name, color: p.color })),
    interests: b.interests.map((i) => ({
      id: i.id, partyId: i.partyId, text: i.text, kind: i.kind, importance: i.importance, private: i.private, createdAt: i.createdAt,
    })),
    // a pair is written earlier interest first, so the file does not depend on id order
    interestLinks: b.interestLinks
      .map((l) => (interestAt(l.a) <= interestAt(l.b) ? l : { ...l, a: l.b, b: l.a }))
      .sort((x, y) => interestAt(x.a) - interestAt(y.a) || interestAt(x.b) - interestAt(y.b))
      .map((l) => ({ a: l.a, b: l.b, relation: l.relation })),
    clusters: b.clusters.map((c) => ({ id: c.id, name: c.name, createdAt: c.createdAt })),
    options: b.options.map((o) => ({
      id: o.id,
      title: o.title,
      description: o.description,
      clusterId: o.clusterId || null,
      // the reader takes any tag; the file (and an import) only the board's tag rule
      tags: o.tags.filter((t) => TAG_PATTERN.test(t)),
      interestIds: [...o.interestIds].sort((x, y) => interestAt(x) - interestAt(y)),
      proposedBy: own(b.authorship, o.id) ?? null,
      shortlist: o.shortlisted ? { stage: o.stage, position: positions.get(o.id) ?? null, at: o.shortlistedAt } : null,
      createdAt: o.createdAt,
    })),
    tradeoffs: b.tradeoffs.map((t) => ({
      id: t.id,
      partyId: t.partyId,
      concedes: t.concedes,
      unlocks: t.unlocks,
      benefit: t.benefit,
      optionIds: [...t.optionIds].sort((x, y) => optionAt(x) - optionAt(y)),
      responses: inPartyOrder(t.responses).map(([partyId, r]) => ({ partyId, status: r.status, note: r.note, at: r.at })),
      createdAt: t.createdAt,
    })),
    plans: b.options.flatMap((o) => {
      const plan = own(b.plans, o.id);
      if (!plan) return [];
      const owners = inPartyOrder(plan.owners).filter(([, name]) => name !== '').map(([partyId, name]) => ({ partyId, name }));
      const { startDate, dueDate, metrics, escalation } = plan;
      if (!owners.length && !startDate && !dueDate && !metrics && !escalation) return [];
      // the board reader accepts any text in date fields; the file promises dates
      const day = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? d : '');
      return [{ optionId: o.id, startDate: day(startDate), dueDate: day(dueDate), metrics, escalation, owners }];
    }),
    checkpoints: b.checkpoints.map((c) => ({ id: c.id, optionId: c.optionId, date: c.date, label: c.label, createdAt: c.createdAt })),
    debriefNotes: b.debriefNotes.map((n) => ({
      id: n.id, prompt: n.prompt, partyId: n.partyId || null, text: n.text, createdAt: n.createdAt,
    })),
    ratings: [...b.ratings]
      .sort(
        (x, y) =>
          optionAt(x.optionId) - optionAt(y.optionId) ||
          partyAt(x.partyId) - partyAt(y.partyId) ||
          (x.participantId < y.participantId ? -1 : x.participantId > y.participantId ? 1 : 0) ||
          CRITERIA.indexOf(x.criterion) - CRITERIA.indexOf(y.criterion),
      )
      .map((r) => ({ optionId: r.optionId, partyId: r.partyId, participantId: r.participantId, criterion: r.criterion, value: r.value })),
    // visibleTo keeps only the raters of the ratings above; nameless ones add nothing
    raters: Object.entries(b.raters ?? {})
      .filter(([, r]) => r.name !== '')
      .sort(([x, rx], [y, ry]) => partyAt(rx.partyId) - partyAt(ry.partyId) || (x < y ? -1 : x > y ? 1 : 0))
      .map(([participantId, r]) => ({ participantId, partyId: r.partyId, name: r.name })),
  };
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date(options.now ?? Date.now()).toISOString(),
    board,
  };
}

/** `board.options[3].clusterId` */
export function formatPath(path: readonly PropertyKey[]): string {
  const text = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
  return text || '(file)';
}

const zodErrors = (error: z.ZodError): ExportError[] =>
  error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));

export type ParseResult = { ok: true; value: BoardExport } | { ok: false; errors: ExportError[] };

/** Validate an export (the parsed object, or its JSON text). Never throws. */
export function parseBoardExport(input: unknown): ParseResult {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      return { ok: false, errors: [{ path: '(file)', message: `not valid JSON: ${(error as Error).message}` }] };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [{ path: '(file)', message: 'expected a JSON object' }] };
  }
  const head = value as { format?: unknown; version?: unknown };
  if (head.format !== EXPORT_FORMAT) {
    return { ok: false, errors: [{ path: 'format', message: `not a Common Ground board export (format must be "${EXPORT_FORMAT}")` }] };
  }
  if (typeof head.version === 'number' && head.version !== EXPORT_VERSION) {
    const message = `version ${head.version} is not supported; this app reads version ${EXPORT_VERSION}`;
    return { ok: false, errors: [{ path: 'version', message }] };
  }
  const parsed = boardExportSchema.safeParse(value);
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error) };
  const errors = checkReferences(parsed.data.board);
  return errors.length ? { ok: false, errors } : { ok: true, value: parsed.data };
}
