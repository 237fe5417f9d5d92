/**
 * Markdown export: readable as plain text, and safe to render (every piece of
 * user text goes through mdText/mdLine, see markdown-text.ts).
 */
import type { BoardData } from '@/lib/board/board-data';
import { CRITERIA, type DebriefPrompt } from '@/lib/board/schema';
import type { Audience } from './audience';
import { mdLine, mdText } from './markdown-text';
import {
  HIDDEN_UNTIL_REVEAL,
  STAGE_LABEL,
  formatScore,
  optionTitle,
  partyName,
  partyScoresHidden,
  summarize,
  type BoardSummary,
  type InterestPair,
  type OptionSummary,
  type Scope,
} from './summary';

export type MarkdownOptions = { readonly scope: Scope; readonly audience: Audience; readonly now?: Date | number };

const CRITERION_LABEL = { impact: 'Impact', feasibility: 'Feasibility', fairness: 'Fairness' } as const;
const DEBRIEF_LABEL: Record<DebriefPrompt, string> = {
  worked: 'What worked',
  didnt: 'What did not work',
  change: 'What we would change',
};

const isoDay = (now: Date | number | undefined): string => new Date(now ?? Date.now()).toISOString().slice(0, 10);

function interestLine(s: BoardSummary, interest: OptionSummary['interests'][number]): string {
  const who = mdLine(partyName(s.board, interest.partyId));
  const privateNote = interest.private ? ' _(private to your party)_' : '';
  return `${who} (${interest.kind}): ${mdText(interest.text, '  ')}${privateNote}`;
}

function pairLine(s: BoardSummary, pair: InterestPair): string {
  return `- ${interestLine(s, pair.a)} ↔ ${interestLine(s, pair.b)}`;
}

function scoreTable(s: BoardSummary, o: OptionSummary): string[] {
  const header = `| Party | ${CRITERIA.map((c) => CRITERION_LABEL[c]).join(' | ')} | Combined |`;
  const rows = o.score.parties.map((view) => {
    const name = mdLine(partyName(s.board, view.partyId));
    if (partyScoresHidden(s.board, view.partyId)) return `| ${name} | ${HIDDEN_UNTIL_REVEAL} | | | |`;
    return `| ${name} | ${CRITERIA.map((c) => formatScore(view.means[c])).join(' | ')} | ${formatScore(view.combined)} |`;
  });
  const figures = s.board.scoresHidden
    ? `Gap and works for both: ${HIDDEN_UNTIL_REVEAL}.`
    : `Gap: ${formatScore(o.score.gap)} · Works for both: ${formatScore(o.score.worksForBoth)}` +
      (o.score.worksForBoth === null ? ' (not every party has rated)' : o.score.worksForBothMet ? ' (meets the threshold)' : ' (below the threshold)');
  return [header, `|---|${CRITERIA.map(() => '---|').join('')}---|`, ...rows, '', figures];
}

function planLines(s: BoardSummary, o: OptionSummary): string[] {
  const plan = o.plan;
  const lines: string[] = [];
  const owners = Object.entries(plan?.owners ?? {})
    .filter(([, name]) => name.trim())
    .map(([partyId, name]) => `${mdLine(partyName(s.board, partyId))}: ${mdLine(name)}`);
  if (owners.length) lines.push(`- Owners: ${owners.join('; ')}`);
  if (plan?.startDate) lines.push(`- Start: ${plan.startDate}`);
  if (plan?.dueDate) lines.push(`- Due: ${plan.dueDate}`);
  if (plan?.metrics.trim()) lines.push(`- Metrics: ${mdText(plan.metrics, '  ')}`);
  if (o.checkpoints.length) {
    lines.push('- Review checkpoints:');
    for (const c of o.checkpoints) lines.push(`  - ${c.date || 'no date'}: ${mdText(c.label, '    ')}`);
  }
  if (plan?.escalation.trim()) lines.push(`- Escalation: ${mdText(plan.escalation, '  ')}`);
  return lines.length ? ['**Agreement plan**', '', ...lines] : [];
}

function tradeoffLines(s: BoardSummary, o: OptionSummary): string[] {
  if (!o.tradeoffs.length) return [];
  const lines = o.tradeoffs.map((t) => {
    const responses = Object.entries(t.responses).map(
      ([partyId, r]) => `${mdLine(partyName(s.board, partyId))} ${r.status}${r.note.trim() ? ` (${mdText(r.note, '  ')})` : ''}`,
    );
    return (
      `- ${mdLine(partyName(s.board, t.partyId))} concedes ${mdText(t.concedes, '  ')} to unlock ${mdText(t.unlocks, '  ')}` +
      ` (benefit: ${t.benefit})${responses.length ? `. ${responses.join('; ')}` : ''}`
    );
  });
  return ['**Tradeoffs**', '', ...lines];
}

function optionSection(s: BoardSummary, o: OptionSummary, heading: string): string[] {
  const facts: string[] = [];
  if (o.proposedBy) facts.push(`Proposed by ${mdLine(partyName(s.board, o.proposedBy.id))}`);
  // the other options are grouped under their cluster already
  if (o.cluster && o.option.shortlisted) facts.push(`Cluster: ${mdLine(o.cluster.name || 'Unnamed cluster')}`);
  if (o.option.tags.length) facts.push(`Tags: ${o.option.tags.map(mdLine).join(', ')}`);
  const interests = o.interests.map((i) => `- ${interestLine(s, i)}`);
  const blocks: string[][] = [
    [`${heading} ${mdLine(optionTitle(o.option))}`],
    o.option.description.trim() ? [mdText(o.option.description)] : [],
    facts.length ? [facts.join(' · ')] : [],
    scoreTable(s, o),
    interests.length ? ['**Serves interests**', '', ...interests] : [],
    tradeoffLines(s, o),
    planLines(s, o),
  ];
  return blocks.filter((b) => b.length).flatMap((b) => [...b, '']);
}

export function toMarkdown(data: BoardData, options: MarkdownOptions): string {
  const s = summarize(data, options.audience, options.scope);
  const { board } = s;
  const out: string[] = [`# ${mdLine(board.meta.title || 'Untitled board')}`, ''];
  if (board.meta.question.trim()) out.push(`**Question:** ${mdText(board.meta.question)}`, '');
  out.push(
    `_Exported ${isoDay(options.now)} · ${options.scope === 'board' ? 'whole board' : 'shortlist'}` +
      `${board.scoresHidden ? ' · other parties’ scores hidden until reveal' : ''}_`,
    '',
    '## Parties and their interests',
    '',
    ...board.parties.flatMap((p) => [
      `- **${mdLine(partyName(board, p.id))}**`,
      ...board.interests
        .filter((i) => i.partyId === p.id && i.text.trim())
        .map((i) => `  - ${i.kind}: ${mdText(i.text, '    ')}${i.private ? ' _(private to your party)_' : ''}`),
    ]),
    '',
    '## Common ground',
    '',
  );
  if (!s.shared.length && !s.tensions.length) out.push('No interests linked yet.', '');
  if (s.shared.length) out.push('### Shared interests', '', ...s.shared.map((p) => pairLine(s, p)), '');
  if (s.tensions.length) out.push('### Tensions', '', ...s.tensions.map((p) => pairLine(s, p)), '');

  out.push('## Shortlist', '');
  if (!s.shortlist.length) out.push('Nothing shortlisted yet.', '');
  let stage: number | null = null;
  s.shortlist.forEach((o, index) => {
    if (o.option.stage !== stage) {
      stage = o.option.stage;
      out.push(`### ${STAGE_LABEL(stage)}`, '');
    }
    out.push(...optionSection(s, o, `#### ${index + 1}.`));
  });

  if (options.scope === 'board') {
    out.push('## Other options', '');
    if (!s.others.length) out.push('None.', '');
    for (const group of s.others) {
      out.push(`### ${group.cluster ? mdLine(group.cluster.name || 'Unnamed cluster') : 'Not in a cluster'}`, '');
      for (const o of group.options) out.push(...optionSection(s, o, '####'));
    }
    out.push('## Debrief', '');
    if (!board.debriefNotes.length) out.push('No debrief notes.', '');
    for (const prompt of Object.keys(DEBRIEF_LABEL) as DebriefPrompt[]) {
      const notes = board.debriefNotes.filter((n) => n.prompt === prompt && n.text.trim());
      if (!notes.length) continue;
      out.push(`### ${DEBRIEF_LABEL[prompt]}`, '');
      for (const n of notes) {
        const who = n.partyId ? `${mdLine(partyName(board, n.partyId))}: ` : '';
        out.push(`- ${who}${mdText(n.text, '  ')}`);
      }
      out.push('');
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
