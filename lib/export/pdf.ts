/**
 * PDF export: a printable agreement summary (pdfkit). The shortlist with each
 * option's scores, interests served, tradeoffs and agreement plan; the
 * impact × feasibility matrix; with scope 'board', the other options and the
 * debrief. Text goes through writeText (pdf-text.ts) for wrapping and
 * right-to-left scripts, in DejaVu Sans (pdf-fonts.ts).
 */
import PDFDocument from 'pdfkit';
import type { BoardData } from '@/lib/board/board-data';
import { CRITERIA, type DebriefPrompt } from '@/lib/board/schema';
import type { Audience } from './audience';
import { drawMatrix, type MatrixPoint } from './pdf-chart';
import { loadPdfFonts } from './pdf-fonts';
import { writeText, type TextStyle } from './pdf-text';
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

type Writer = {
  readonly text: (text: string, style: TextStyle, indent?: number, direction?: 'ltr' | 'auto') => void;
  readonly gap: (points: number) => void;
  /** start a new page unless `points` of room are left */
  readonly keep: (points: number) => void;
};

function writer(doc: PDFKit.PDFDocument): Writer {
  const bottom = () => doc.page.height - MARGIN;
  const width = () => doc.page.width - 2 * MARGIN;
  return {
    text: (text, style, indent = 0, direction = 'auto') =>
      writeText(doc, text, style, { x: MARGIN + indent, width: width() - indent, bottom: bottom(), direction }),
    gap: (points) => void (doc.y += points),
    keep: (points) => {
      if (doc.y + points > bottom()) doc.addPage();
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

function writeOption(w: Writer, s: BoardSummary, o: OptionSummary, number: number): void {
  w.keep(80);
  w.text(`${number}. ${optionTitle(o.option)}`, STYLE.h2, 0, 'ltr');
  if (o.option.description.trim()) w.text(o.option.description, STYLE.body);
  const facts = [
    o.proposedBy ? `Proposed by ${partyName(s.board, o.proposedBy.id)}` : '',
    o.cluster ? `Cluster: ${o.cluster.name || 'Unnamed cluster'}` : '',
    o.option.tags.length ? `Tags: ${o.option.tags.join(', ')}` : '',
  ].filter(Boolean);
  if (facts.length) w.text(facts.join(' · '), STYLE.small);
  w.gap(3);
  w.text('Scores', STYLE.h3);
  for (const line of scoreLines(s, o)) w.text(line, STYLE.body, 10);
  if (o.interests.length) {
    w.text('Serves interests', STYLE.h3);
    for (const i of o.interests) w.text(`• ${partyName(s.board, i.partyId)} (${i.kind}): ${i.text}`, STYLE.body, 10);
  }
  if (o.tradeoffs.length) {
    w.text('Tradeoffs', STYLE.h3);
    for (const t of o.tradeoffs) {
      const responses = Object.entries(t.responses).map(([p, r]) => `${partyName(s.board, p)} ${r.status}${r.note.trim() ? `: ${r.note}` : ''}`);
      w.text(`• ${partyName(s.board, t.partyId)} concedes: ${t.concedes}`, STYLE.body, 10);
      w.text(`to unlock: ${t.unlocks} (benefit: ${t.benefit})`, STYLE.body, 20);
      for (const r of responses) w.text(r, STYLE.small, 20);
    }
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
    w.text('Agreement plan', STYLE.h3);
    for (const line of planLines) w.text(line, STYLE.body, 10);
  }
  w.gap(10);
}

/** Points for the matrix: overall means, or the audience's own party's while the others are hidden. */
function matrixPoint(s: BoardSummary, o: OptionSummary, number: number): MatrixPoint | null {
  const own = s.board.scoresHidden ? o.score.parties.find((p) => p.partyId === s.board.audience.partyId) : null;
  const means = s.board.scoresHidden ? own?.means : o.score.overall;
  if (!means || means.impact === null || means.feasibility === null) return null;
  return { number, impact: means.impact, feasibility: means.feasibility };
}

function writeMatrix(doc: PDFKit.PDFDocument, w: Writer, s: BoardSummary, numbered: readonly [OptionSummary, number][]): void {
  w.keep(CHART_SIZE + 90);
  w.text('Impact × feasibility', STYLE.h1);
  const caption = !s.board.scoresHidden
    ? 'Mean ratings of every participant, 1 (low) to 5 (high).'
    : s.board.audience.partyId
      ? `Your party’s ratings only: the other parties’ are ${HIDDEN_UNTIL_REVEAL}.`
      : `Scores are ${HIDDEN_UNTIL_REVEAL}.`;
  w.text(caption, STYLE.small);
  w.gap(6);
  const points = numbered.map(([o, n]) => matrixPoint(s, o, n)).filter((p): p is MatrixPoint => p !== null);
  doc.y += drawMatrix(doc, points, MARGIN, doc.y, CHART_SIZE);
  for (const [o, n] of numbered) {
    const p = points.find((x) => x.number === n);
    const where = p ? `impact ${formatScore(p.impact)}, feasibility ${formatScore(p.feasibility)}` : 'not rated yet';
    w.text(`${n}. ${optionTitle(o.option)} (${where})`, STYLE.body, 0, 'ltr');
  }
  w.gap(12);
}

function writeRest(w: Writer, s: BoardSummary, first: number): void {
  w.keep(60);
  w.text('Other options', STYLE.h1);
  let number = first;
  for (const group of s.others) {
    w.text(group.cluster ? group.cluster.name || 'Unnamed cluster' : 'Not in a cluster', STYLE.h3);
    for (const o of group.options) {
      const combined = s.board.scoresHidden ? HIDDEN_UNTIL_REVEAL : `works for both ${formatScore(o.score.worksForBoth)}, gap ${formatScore(o.score.gap)}`;
      w.text(`${number++}. ${optionTitle(o.option)}`, STYLE.body, 10, 'ltr');
      w.text(combined, STYLE.small, 20);
    }
  }
  if (!s.others.length) w.text('None.', STYLE.body);
  w.gap(12);
  w.keep(60);
  w.text('Debrief', STYLE.h1);
  const notes = s.board.debriefNotes.filter((n) => n.text.trim());
  if (!notes.length) w.text('No debrief notes.', STYLE.body);
  for (const prompt of Object.keys(DEBRIEF_LABEL) as DebriefPrompt[]) {
    const these = notes.filter((n) => n.prompt === prompt);
    if (!these.length) continue;
    w.text(DEBRIEF_LABEL[prompt], STYLE.h3);
    for (const n of these) w.text(`• ${n.partyId ? `${partyName(s.board, n.partyId)}: ` : ''}${n.text}`, STYLE.body, 10);
  }
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
  w.text(title, STYLE.title);
  if (s.board.meta.question.trim()) w.text(s.board.meta.question, STYLE.body);
  w.gap(4);
  w.text(`Agreement summary · ${options.scope === 'board' ? 'whole board' : 'shortlist'} · exported ${now.toISOString().slice(0, 10)}`, STYLE.small);
  w.text(`Parties: ${s.board.parties.map((p) => partyName(s.board, p.id)).join(', ')}`, STYLE.small);
  if (s.board.scoresHidden) w.text(`Scoring is blind: other parties’ scores are ${HIDDEN_UNTIL_REVEAL}.`, STYLE.small);
  w.gap(14);

  w.text('Shortlist', STYLE.h1);
  if (!s.shortlist.length) w.text('Nothing shortlisted yet.', STYLE.body);
  let stage: number | null = null;
  s.shortlist.forEach((o, i) => {
    if (o.option.stage !== stage) {
      stage = o.option.stage;
      w.keep(100);
      w.text(STAGE_LABEL(stage), STYLE.h3);
    }
    writeOption(w, s, o, i + 1);
  });
  const numbered: [OptionSummary, number][] = [...s.shortlist, ...s.others.flatMap((g) => g.options)].map((o, i) => [o, i + 1]);
  writeMatrix(doc, w, s, numbered);
  if (options.scope === 'board') writeRest(w, s, s.shortlist.length + 1);

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // the footer sits in the bottom margin, where pdfkit would otherwise start a new page
    doc.page.margins.bottom = 0;
    doc.y = doc.page.height - MARGIN + 16;
    const short = [...title].length > 60 ? `${[...title].slice(0, 60).join('')}…` : title;
    writeText(doc, `Page ${i + 1} of ${range.count} · ${short}`, { font: 'regular', size: 8, color: '#4A5561' }, {
      x: MARGIN, width: doc.page.width - 2 * MARGIN, bottom: doc.page.height,
    });
  }
  doc.end();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}
