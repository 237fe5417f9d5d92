/**
 * CSV export: one row per option, safe to open in a spreadsheet.
 *
 * csv-stringify does the RFC 4180 quoting (CRLF records, fields with commas,
 * quotes or line breaks quoted, quotes doubled), writes the UTF-8 BOM that
 * Excel needs to read accents, and neutralises formulas (OWASP "CSV
 * injection"): a text cell starting with = + - @ tab or CR (or their
 * full-width forms) gets a leading apostrophe. It checks the cell's type, so
 * scores we write as numbers, even negative ones, stay numbers.
 */
import { stringify } from 'csv-stringify/sync';
import type { BoardData } from '@/lib/board/board-data';
import { own } from '@/lib/board/dict';
import { CRITERIA } from '@/lib/board/schema';
import type { Audience } from './audience';
import {
  HIDDEN_UNTIL_REVEAL,
  allOptions,
  optionTitle,
  partyName,
  partyScoresHidden,
  summarize,
  type BoardSummary,
  type OptionSummary,
  type Scope,
} from './summary';

export type CsvOptions = { readonly scope: Scope; readonly audience: Audience };

export type Cell = string | number | null;

/** Two decimals is what a person compares; the value stays a number. */
const round = (value: number | null): number | null => (value === null ? null : Math.round(value * 100) / 100);
const yesNo = (value: boolean | null): string => (value === null ? '' : value ? 'yes' : 'no');

function header(s: BoardSummary): string[] {
  const parties = s.board.parties.map((p) => partyName(s.board, p.id));
  return [
    'Option',
    'Description',
    'Cluster',
    'Tags',
    'Proposed by',
    'Shortlisted',
    'Stage',
    ...parties.flatMap((name) => [...CRITERIA, 'combined'].map((c) => `${name}: ${c}`)),
    ...[...CRITERIA, 'combined'].map((c) => `Overall: ${c}`),
    'Gap',
    'Works for both',
    'Works for both met',
    ...parties.map((name) => `Owner (${name})`),
    'Start date',
    'Due date',
    'Review checkpoints',
  ];
}

function row(s: BoardSummary, o: OptionSummary): Cell[] {
  const { board } = s;
  const { score, option, plan } = o;
  const partyCells = score.parties.flatMap((view): Cell[] =>
    partyScoresHidden(board, view.partyId)
      ? Array<Cell>(CRITERIA.length + 1).fill(HIDDEN_UNTIL_REVEAL)
      : [...CRITERIA.map((c) => round(view.means[c])), round(view.combined)],
  );
  const overallCells: Cell[] = board.scoresHidden
    ? Array<Cell>(CRITERIA.length + 4).fill(HIDDEN_UNTIL_REVEAL)
    : [
        ...CRITERIA.map((c) => round(score.overall[c])),
        round(score.overallCombined),
        round(score.gap),
        round(score.worksForBoth),
        yesNo(score.worksForBoth === null ? null : score.worksForBothMet),
      ];
  return [
    optionTitle(option),
    option.description,
    o.cluster ? o.cluster.name || 'Unnamed cluster' : '',
    option.tags.join('; '),
    o.proposedBy ? partyName(board, o.proposedBy.id) : '',
    yesNo(option.shortlisted),
    option.shortlisted && option.stage > 0 ? option.stage : null,
    ...partyCells,
    ...overallCells,
    ...board.parties.map((p) => own(plan?.owners, p.id) ?? ''),
    plan?.startDate ?? '',
    plan?.dueDate ?? '',
    o.checkpoints.map((c) => `${c.date || 'no date'} ${c.label}`.trim()).join('; '),
  ];
}

/** RFC 4180 text with a BOM; text cells neutralised, numbers left as numbers. */
export function writeCsv(records: readonly (readonly Cell[])[]): string {
  return stringify(records as Cell[][], { bom: true, record_delimiter: 'windows', escape_formulas: true });
}

/** Shortlist in stage order; with scope 'board', then the other options by cluster. */
export function toCsv(data: BoardData, options: CsvOptions): string {
  const s = summarize(data, options.audience, options.scope);
  return writeCsv([header(s), ...allOptions(s).map((o) => row(s, o))]);
}
