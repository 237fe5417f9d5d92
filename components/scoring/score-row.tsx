'use client';

import { Check, Split, Star } from 'lucide-react';
import { memo } from 'react';
import type { MyRatings, OptionScore } from '@/lib/board/derive/scores';
import { useOptionScore } from '@/lib/board/hooks';
import type { BoardStore } from '@/lib/board/store';
import { CRITERIA, type BoardOption, type Criterion } from '@/lib/board/schema';
import type { PartyLook } from '@/components/board/party-badge';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { CRITERION_HINTS, CRITERION_LABELS, dataScore, formatScore } from './format';
import { PartyBars, type PartyBar } from './party-bars';
import { RatingGroup } from './rating-group';

/**
 * One option on the Score screen: my 1–5 ratings (party members), each
 * party's view as bars, and — once scores are published — the figures,
 * with a marker where the parties are far apart. It reads its own figures
 * (useOptionScore): a rating redraws its row, not the list.
 */
export const ScoreRow = memo(function ScoreRow({
  store,
  option,
  looks,
  visibleParties,
  published,
  mine,
  canRate,
  threshold,
  selected,
  keyboardHelpId,
  first,
  onRate,
}: {
  store: BoardStore;
  option: BoardOption;
  looks: readonly PartyLook[];
  /** parties whose ratings this reader can see (all, once published; else their own) */
  visibleParties: ReadonlySet<string>;
  published: boolean;
  mine: MyRatings | undefined;
  canRate: boolean;
  threshold: number;
  selected: boolean;
  keyboardHelpId: string;
  /** the first row shows the criteria's hints; the others keep them for screen readers */
  first: boolean;
  onRate: (optionId: string, criterion: Criterion, value: number | null) => void;
}) {
  const score = useOptionScore(store, option.id);
  const title = option.title || 'Untitled option';
  const headingId = `score-title-${option.id}`;
  const bars: PartyBar[] = looks.map((look) => {
    const view = score?.parties.find((p) => p.partyId === look.id) ?? null;
    if (!visibleParties.has(look.id)) return { look, view: null, state: 'hidden' };
    return { look, view, state: view && view.raters > 0 ? 'shown' : 'unrated' };
  });
  const contested = published && score?.contested === true;
  const hasMine = mine !== undefined && Object.keys(mine).length > 0;

  return (
    <li
      tabIndex={-1}
      aria-labelledby={headingId}
      data-testid="score-row"
      data-option-id={option.id}
      data-selected={selected || undefined}
      data-contested={contested || undefined}
      data-works-for-both={published && score?.worksForBothMet ? 'true' : undefined}
      // Off-screen rows skip style, layout and paint; the intrinsic size is a party member's row as measured
      // at 390 and 1280 px wide (442 and 244 px), and `auto` remembers each row's real size once it was shown.
      className={cn(
        'scroll-mt-24 rounded-lg border bg-white p-3 shadow-xs transition-shadow',
        '[content-visibility:auto] [contain-intrinsic-size:auto_27.5rem] sm:[contain-intrinsic-size:auto_15.25rem]',
        selected ? 'border-accent ring-2 ring-accent' : 'border-line',
      )}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 id={headingId} className="min-w-0 flex-1 font-medium break-words" data-testid="score-option-title">
          {option.shortlisted ? (
            <Star role="img" aria-label="Shortlisted" size={14} className="mr-1 inline-block fill-warn align-[-1px] text-warn" />
          ) : null}
          {title}
        </h3>
        {contested ? (
          <span
            data-testid="contested-marker"
            className="inline-flex items-center gap-1 rounded-full border border-warn/60 bg-warn/10 px-2 py-0.5 text-xs font-medium text-warn"
          >
            <Split aria-hidden size={14} />
            Parties far apart
          </span>
        ) : null}
      </div>

      {canRate ? (
        <div className="mt-3" role="group" aria-label={`Your ratings for “${title}”`}>
          <div className="grid gap-2 sm:grid-cols-3 sm:gap-3">
            {CRITERIA.map((criterion) => (
              <RatingGroup
                key={criterion}
                label={CRITERION_LABELS[criterion]}
                hint={CRITERION_HINTS[criterion]}
                value={mine?.[criterion] ?? null}
                onChange={(value) => onRate(option.id, criterion, value)}
                describedBy={keyboardHelpId}
                testId={`rate-${criterion}`}
                compact
                hintVisible={first}
              />
            ))}
          </div>
          {hasMine ? (
            <Button
              size="sm"
              variant="ghost"
              className="mt-1 text-muted"
              onClick={() => CRITERIA.forEach((c) => mine?.[c] !== undefined && onRate(option.id, c, null))}
              aria-label={`Clear your ratings for “${title}”`}
            >
              Clear my ratings
            </Button>
          ) : null}
        </div>
      ) : null}

      <div className={cn('mt-3 grid gap-3', published ? 'md:grid-cols-[minmax(0,1fr)_minmax(0,15rem)]' : 'max-w-2xl')}>
        <PartyBars bars={bars} optionTitle={title} />
        {published ? <Figures score={score} threshold={threshold} /> : null}
      </div>
    </li>
  );
});

function Figures({ score, threshold }: { score: OptionScore | undefined; threshold: number }) {
  const rows: { key: string; label: string; value: number | null; digits?: number; note?: string }[] = [
    { key: 'works-for-both', label: 'Works for both', value: score?.worksForBoth ?? null },
    { key: 'overall', label: 'Overall', value: score?.overallCombined ?? null },
    { key: 'gap', label: 'Gap', value: score?.gap ?? null },
    { key: 'spread', label: 'Spread', value: score?.spread ?? null },
    { key: 'raters', label: 'Raters', value: score?.raters ?? 0, digits: 0 },
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 self-start text-sm" data-testid="score-figures">
      {rows.map((row) => (
        <div key={row.key} className="contents">
          <dt className="text-muted">{row.label}</dt>
          <dd className="text-right font-medium tabular-nums" data-testid={`figure-${row.key}`} data-value={dataScore(row.value)}>
            {formatScore(row.value, row.digits)}
            {row.key === 'works-for-both' && score?.worksForBothMet ? (
              <span className="ml-1 inline-flex items-center text-ok">
                <Check aria-hidden size={14} />
                <span className="sr-only"> (at least {threshold}: works for both)</span>
              </span>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
