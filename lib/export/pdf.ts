/**
 * PDF export: a printable agreement summary (pdfkit). The shortlist with each
 * option's scores, interests served, tradeoffs and agreement plan; the
 * impact × feasibility matrix; with scope 'board', the other options and the
 * debrief. Text goes through writeText (pdf-text.ts) for wrapping and
 * right-to-left scripts, in DejaVu Sans with Noto fallbacks for CJK and
 * emoji (pdf-fonts.ts).
 *
 * The PDF is tagged (pdf-tags.ts): the board title is the H1, the sections
 * H2, stage, cluster and debrief-prompt labels H3, shortlisted options H4
 * and their parts H5; text is P, bulleted and numbered lines are lists
 * (L/LI/LBody), the matrix is a Figure whose alt text lists what it plots,
 * and the page footer is an artifact. Visual size does not set the level:
 * the nesting does.
 */
import PDFDocument from 'pdfkit';
import type { BoardData } from '@/lib/board/board-data';
import { CRITERIA, MAX_SCORE, MIN_SCORE, type DebriefPrompt } from '@/lib/board/schema';
import type { Audience } from './audience';
import { drawMatrix, type MatrixPoint } from './pdf-chart';
import { loadPdfFonts } from './pdf-fonts';
import { tagged, group, artifact, type Struct } from './pdf-tags';
import { needsActualText, writeText, type TextStyle } from './pdf-text';
import {
  HIDDEN_UNTIL_REVEAL,
  STAGE_LABEL,
  formatScore,
  optionTitle,
  partyName,
  partyScoresHidden,
  summarize,
  type BoardSummary,
  type OptionSummary,
  type Scope,
} from './summary';

export type PdfOptions = { readonly scope: Scope; readonly audience: Audience; readonly now?: Date | number };

const MARGIN = 50;
const CHART_SIZE = 300;
const STYLE = {
  title: { font: 'bold', size: 18 },
  h1: { font: 'bold', size: 14, color: '#0B3D5C' },
  h2: { font: 'bold', size: 12 },
  h3: { font: 'bold', size: 10, color: '#4A5561' },
  body: { font: 'regular', size: 10 },
  small: { font: 'regular', size: 9, color: '#4A5561' },
} satisfies Record<string, TextStyle>;
const DEBRIEF_LABEL: Record<DebriefPrompt, string> = { worked: 'What worked', didnt: 'What did not work', change: 'What we would change' };
/** Heading levels by nesting (see the header comment). */
const H = { title: 'H1', section: 'H2', group: 'H3', option: 'H4', part: 'H5' } as const;

/** One paragraph of text as writeText draws it. */
type Line = { readonly text: string; readonly style: TextStyle; readonly indent?: number; readonly direction?: 'ltr' | 'auto' };
type Lines = Line | readonly Line[];

const line = (text: string, style: TextStyle, indent = 0, direction: 'ltr' | 'auto' = 'auto'): Line => ({ text, style, indent, direction });
const many = (lines: Lines): readonly Line[] => ('text' in lines ? [lines] : lines);

type Writer = {
  /** one structure element of `role` under `parent` holding the lines */
  readonly block: (parent: Struct, role: string, lines: Lines) => void;
  /** a list (L) with one item (LI, its text an LBody) per entry; nothing when there are none */
  readonly list: (parent: Struct, items: readonly Lines[]) => void;
  /** a Sect under `parent` */
  readonly section: (parent: Struct, fill: (section: Struct) => void) => void;
  readonly gap: (points: number) => void;
  /** start a new page unless `points` of room are left */
  readonly keep: (points: number) => void;
};

function writer(doc: PDFKit.PDFDocument): Writer {
  const bottom = () => doc.page.height - MARGIN;
  const width = () => doc.page.width - 2 * MARGIN;
  const draw = ({ text, style, indent = 0, direction = 'auto' }: Line) =>
    writeText(doc, text, style, { x: MARGIN + indent, width: width() - indent, bottom: bottom(), direction });
  const block = (parent: Struct, role: string, lines: Lines) => {
    const all = many(lines);
    // right-to-left, Thai and Indic words are drawn as reversed, reordered or shaped glyphs: give readers the typed text
    const actual = all.some((l) => needsActualText(l.text, l.direction)) ? all.map((l) => l.text).join('\n') : undefined;
    tagged(doc, parent, role, () => all.forEach(draw), actual ? { actual } : {});
  };
  return {
    block,
    list: (parent, items) => {
      if (!items.length) return;
      group(doc, parent, 'L', (list) => {
        for (const item of items) group(doc, list, 'LI', (li) => block(li, 'LBody', item));
      });
    },
    section: (parent, fill) => group(doc, parent, 'Sect', fill),
    gap: (points) => void (doc.y += points),
    keep: (points) => {
      if (doc.y + points > bottom()) doc.continueOnNewPage();
    },
  };
}

function scoreLines(s: BoardSummary, o: OptionSummary): string[] {
  const lines = o.score.parties.map((view) => {
    const name = partyName(s.board, view.partyId);
    if (partyScoresHidden(s.board, view.partyId)) return `${name}: ${HIDDEN_UNTIL_REVEAL}`;
    const means = CRITERIA.map((c) => `${c} ${formatScore(view.means[c])}`).join(' · ');
    return `${name}: ${means} · combined ${formatScore(view.combined)}`;
  });
  if (s.board.scoresHidden) return [...lines, `Gap and works for both: ${HIDDEN_UNTIL_REVEAL}`];
  const met = o.score.worksForBoth === null ? 'not every party has rated' : o.score.worksForBothMet ? 'meets the threshold' : 'below the threshold';
  return [...lines, `Gap ${formatScore(o.score.gap)} · works for both ${formatScore(o.score.worksForBoth)} (${met})`];
}

function writeOption(w: Writer, parent: Struct, s: BoardSummary, o: OptionSummary, number: number): void {
  w.keep(80);
  w.section(parent, (sect) => {
    w.block(sect, H.option, line(`${number}. ${optionTitle(o.option)}`, STYLE.h2, 0, 'ltr'));
    if (o.option.description.trim()) w.block(sect, 'P', line(o.option.description, STYLE.body));
    const facts = [
      o.proposedBy ? `Proposed by ${partyName(s.board, o.proposedBy.id)}` : '',
      o.cluster ? `Cluster: ${o.cluster.name || 'Unnamed cluster'}` : '',
      o.option.tags.length ? `Tags: ${o.option.tags.join(', ')}` : '',
    ].filter(Boolean);
    if (facts.length) w.block(sect, 'P', line(facts.join(' · '), STYLE.small));
    w.gap(3);
    w.block(sect, H.part, line('Scores', STYLE.h3));
    w.list(sect, scoreLines(s, o).map((text) => line(text, STYLE.body, 10)));
    if (o.interests.length) {
      w.block(sect, H.part, line('Serves interests', STYLE.h3));
      w.list(sect, o.interests.map((i) => line(`• ${partyName(s.board, i.partyId)} (${i.kind}): ${i.text}`, STYLE.body, 10)));
    }
    if (o.tradeoffs.length) {
      w.block(sect, H.part, line('Tradeoffs', STYLE.h3));
      w.list(
        sect,
        o.tradeoffs.map((t) => [
          line(`• ${partyName(s.board, t.partyId)} concedes: ${t.concedes}`, STYLE.body, 10),
          line(`to unlock: ${t.unlocks} (benefit: ${t.benefit})`, STYLE.body, 20),
          ...Object.entries(t.responses).map(([p, r]) => line(`${partyName(s.board, p)} ${r.status}${r.note.trim() ? `: ${r.note}` : ''}`, STYLE.small, 20)),
        ]),
      );
    }
    const plan = o.plan;
    const owners = Object.entries(plan?.owners ?? {}).filter(([, name]) => name.trim());
    const planLines = [
      ...owners.map(([p, name]) => `Owner for ${partyName(s.board, p)}: ${name}`),
      plan?.startDate ? `Start: ${plan.startDate}` : '',
      plan?.dueDate ? `Due: ${plan.dueDate}` : '',
      plan?.metrics.trim() ? `Metrics: ${plan.metrics}` : '',
      ...o.checkpoints.map((c) => `Review ${c.date || '(no date)'}: ${c.label}`),
      plan?.escalation.trim() ? `Escalation: ${plan.escalation}` : '',
    ].filter(Boolean);
    if (planLines.length) {
      w.block(sect, H.part, line('Agreement plan', STYLE.h3));
      w.list(sect, planLines.map((text) => line(text, STYLE.body, 10)));
    }
  });
  w.gap(10);
}

/** Points for the matrix: overall means, or the audience's own party's while the others are hidden. */
function matrixPoint(s: BoardSummary, o: OptionSummary, number: number): MatrixPoint | null {
  const own = s.board.scoresHidden ? o.score.parties.find((p) => p.partyId === s.board.audience.partyId) : null;
  const means = s.board.scoresHidden ? own?.means : o.score.overall;
  if (!means || means.impact === null || means.feasibility === null) return null;
  return { number, impact: means.impact, feasibility: means.feasibility };
}

/** What the matrix shows, for a reader who cannot see it: the Figure's alt text. */
function matrixAlt(numbered: readonly [OptionSummary, number][], points: readonly MatrixPoint[]): string {
  const title = (n: number) => optionTitle(numbered.find(([, m]) => m === n)![0].option);
  const plotted = points.map((p) => `${p.number}. ${title(p.number)}: impact ${formatScore(p.impact)}, feasibility ${formatScore(p.feasibility)}`);
  const unplotted = numbered.filter(([, n]) => !points.some((p) => p.number === n)).map(([o, n]) => `${n}. ${optionTitle(o.option)}`);
  return [
    `Impact × feasibility chart: feasibility from ${MIN_SCORE} to ${MAX_SCORE} across, impact from ${MIN_SCORE} to ${MAX_SCORE} up; the high impact, feasible quarter (both above the middle) is shaded.`,
    plotted.length ? `Plotted: ${plotted.join('; ')}.` : 'No option is plotted.',
    unplotted.length ? `Not plotted (not rated yet): ${unplotted.join('; ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function writeMatrix(doc: PDFKit.PDFDocument, w: Writer, parent: Struct, s: BoardSummary, numbered: readonly [OptionSummary, number][]): void {
  w.keep(CHART_SIZE + 90);
  w.section(parent, (sect) => {
    w.block(sect, H.section, line('Impact × feasibility', STYLE.h1));
    const caption = !s.board.scoresHidden
      ? 'Mean ratings of every participant, 1 (low) to 5 (high).'
      : s.board.audience.partyId
        ? `Your party’s ratings only: the other parties’ are ${HIDDEN_UNTIL_REVEAL}.`
        : `Scores are ${HIDDEN_UNTIL_REVEAL}.`;
    w.block(sect, 'P', line(caption, STYLE.small));
    w.gap(6);
    const points = numbered.map(([o, n]) => matrixPoint(s, o, n)).filter((p): p is MatrixPoint => p !== null);
    const top = doc.y;
    const bbox = [MARGIN, top, MARGIN + CHART_SIZE, top + CHART_SIZE] as const;
    tagged(doc, sect, 'Figure', () => void (doc.y += drawMatrix(doc, points, MARGIN, top, CHART_SIZE)), { alt: matrixAlt(numbered, points), bbox });
    w.list(
      sect,
      numbered.map(([o, n]) => {
        const p = points.find((x) => x.number === n);
        const where = p ? `impact ${formatScore(p.impact)}, feasibility ${formatScore(p.feasibility)}` : 'not rated yet';
        return line(`${n}. ${optionTitle(o.option)} (${where})`, STYLE.body, 0, 'ltr');
      }),
    );
  });
  w.gap(12);
}

function writeRest(w: Writer, parent: Struct, s: BoardSummary, first: number): void {
  w.keep(60);
  w.section(parent, (sect) => {
    w.block(sect, H.section, line('Other options', STYLE.h1));
    let number = first;
    for (const group of s.others) {
      w.block(sect, H.group, line(group.cluster ? group.cluster.name || 'Unnamed cluster' : 'Not in a cluster', STYLE.h3));
      w.list(
        sect,
        group.options.map((o) => [
          line(`${number++}. ${optionTitle(o.option)}`, STYLE.body, 10, 'ltr'),
          line(s.board.scoresHidden ? HIDDEN_UNTIL_REVEAL : `works for both ${formatScore(o.score.worksForBoth)}, gap ${formatScore(o.score.gap)}`, STYLE.small, 20),
        ]),
      );
    }
    if (!s.others.length) w.block(sect, 'P', line('None.', STYLE.body));
  });
  w.gap(12);
  w.keep(60);
  w.section(parent, (sect) => {
    w.block(sect, H.section, line('Debrief', STYLE.h1));
    const notes = s.board.debriefNotes.filter((n) => n.text.trim());
    if (!notes.length) w.block(sect, 'P', line('No debrief notes.', STYLE.body));
    for (const prompt of Object.keys(DEBRIEF_LABEL) as DebriefPrompt[]) {
      const these = notes.filter((n) => n.prompt === prompt);
      if (!these.length) continue;
      w.block(sect, H.group, line(DEBRIEF_LABEL[prompt], STYLE.h3));
      w.list(sect, these.map((n) => line(`• ${n.partyId ? `${partyName(s.board, n.partyId)}: ` : ''}${n.text}`, STYLE.body, 10)));
    }
  });
}

export async function toPdf(data: BoardData, options: PdfOptions): Promise<Uint8Array> {
  const fonts = await loadPdfFonts();
  const s = summarize(data, options.audience, options.scope);
  const title = s.board.meta.title || 'Untitled board';
  const now = new Date(options.now ?? Date.now());
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    // null: do not load the built-in Helvetica (its AFM files), we embed our own
    font: null as unknown as string,
    // tagged (pdf-tags.ts): a structure tree and MarkInfo; 1.7 for the tagging features it relies on
    tagged: true,
    pdfVersion: '1.7',
    // the exported text is ours in English around the participants' own words, whose language we do not know
    lang: 'en',
    displayTitle: true,
    info: { Title: title, Subject: 'Agreement summary', Creator: 'Common Ground', CreationDate: now },
  });
  doc.registerFont('regular', Buffer.from(fonts.regular));
  doc.registerFont('bold', Buffer.from(fonts.bold));
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const w = writer(doc);
  const root = doc.struct('Document');
  doc.addStructure(root);
  w.block(root, H.title, line(title, STYLE.title));
  if (s.board.meta.question.trim()) w.block(root, 'P', line(s.board.meta.question, STYLE.body));
  w.gap(4);
  w.block(root, 'P', line(`Agreement summary · ${options.scope === 'board' ? 'whole board' : 'shortlist'} · exported ${now.toISOString().slice(0, 10)}`, STYLE.small));
  w.block(root, 'P', line(`Parties: ${s.board.parties.map((p) => partyName(s.board, p.id)).join(', ')}`, STYLE.small));
  if (s.board.scoresHidden) w.block(root, 'P', line(`Scoring is blind: other parties’ scores are ${HIDDEN_UNTIL_REVEAL}.`, STYLE.small));
  w.gap(14);

  w.section(root, (sect) => {
    w.block(sect, H.section, line('Shortlist', STYLE.h1));
    if (!s.shortlist.length) w.block(sect, 'P', line('Nothing shortlisted yet.', STYLE.body));
    let stage: number | null = null;
    s.shortlist.forEach((o, i) => {
      if (o.option.stage !== stage) {
        stage = o.option.stage;
        w.keep(100);
        w.block(sect, H.group, line(STAGE_LABEL(stage), STYLE.h3));
      }
      writeOption(w, sect, s, o, i + 1);
    });
  });
  const numbered: [OptionSummary, number][] = [...s.shortlist, ...s.others.flatMap((g) => g.options)].map((o, i) => [o, i + 1]);
  writeMatrix(doc, w, root, s, numbered);
  if (options.scope === 'board') writeRest(w, root, s, s.shortlist.length + 1);
  root.end();

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // the footer sits in the bottom margin, where pdfkit would otherwise start a new page
    doc.page.margins.bottom = 0;
    doc.y = doc.page.height - MARGIN + 16;
    const short = [...title].length > 60 ? `${[...title].slice(0, 60).join('')}…` : title;
    artifact(doc, 'Pagination', () =>
      writeText(doc, `Page ${i + 1} of ${range.count} · ${short}`, { font: 'regular', size: 8, color: '#4A5561' }, {
        x: MARGIN, width: doc.page.width - 2 * MARGIN, bottom: doc.page.height,
      }),
    );
  }
  doc.end();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}
