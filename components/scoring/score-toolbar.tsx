'use client';

import { Scale, Split } from 'lucide-react';
import { memo, useId } from 'react';
import type { ScoreSort } from '@/lib/board/derive/scores';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { cn } from '@/components/ui/cn';
import { SORT_KEYS, SORT_LABELS } from './format';

export type SortKey = ScoreSort | 'board';
export type FilterKind = 'all' | 'worksForBoth' | 'contested' | 'needsMe' | 'atLeast';
export type ScoreView = { sort: SortKey; filter: FilterKind; figure: ScoreSort; min: number };

export const DEFAULT_VIEW: ScoreView = { sort: 'board', filter: 'all', figure: 'worksForBoth', min: 3 };
export const BEST_FOR_BOTH: ScoreView = { ...DEFAULT_VIEW, sort: 'worksForBoth' };
export const MOST_CONTESTED: ScoreView = { ...DEFAULT_VIEW, sort: 'gap', filter: 'contested' };

/** Whether a view orders or filters the options by their figures (board order, all options or "missing my ratings" do not). */
export const usesScores = (view: ScoreView): boolean => view.sort !== 'board' || (view.filter !== 'all' && view.filter !== 'needsMe');

const FILTER_LABELS: Record<FilterKind, string> = {
  all: 'All options',
  worksForBoth: 'Works for both',
  contested: 'Parties far apart',
  needsMe: 'Missing my ratings',
  atLeast: 'A figure at least …',
};

const selectClass = cn(inputClass, 'w-auto py-1.5 pr-8');

/** Sort and filter the options by any figure; "best for both" and "most contested" one click away. Memoised: ratings do not touch it. */
export const ScoreToolbar = memo(function ScoreToolbar({
  view,
  onChange,
  canRate,
  shown,
  total,
}: {
  view: ScoreView;
  onChange: (view: ScoreView) => void;
  canRate: boolean;
  shown: number;
  total: number;
}) {
  const id = useId();
  const figures = SORT_KEYS.filter((k): k is ScoreSort => k !== 'board');
  const filters = (Object.keys(FILTER_LABELS) as FilterKind[]).filter((f) => f !== 'needsMe' || canRate);
  const isBest = view.sort === 'worksForBoth' && view.filter === 'all';
  const isContested = view.sort === 'gap' && view.filter === 'contested';
  return (
    <div className="flex flex-col gap-2 rounded-lg border border-line bg-white p-3" data-testid="score-toolbar">
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant={isBest ? 'primary' : 'secondary'} aria-pressed={isBest} onClick={() => onChange(BEST_FOR_BOTH)} data-testid="best-for-both">
          <Scale aria-hidden size={16} />
          Best for both
        </Button>
        <Button
          size="sm"
          variant={isContested ? 'primary' : 'secondary'}
          aria-pressed={isContested}
          onClick={() => onChange(MOST_CONTESTED)}
          data-testid="most-contested"
        >
          <Split aria-hidden size={16} />
          Most contested
        </Button>
        {view.sort !== 'board' || view.filter !== 'all' ? (
          <Button size="sm" variant="ghost" onClick={() => onChange(DEFAULT_VIEW)}>
            Reset
          </Button>
        ) : null}
      </div>
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          <span className="font-medium">Sort by</span>
          <select className={selectClass} value={view.sort} onChange={(e) => onChange({ ...view, sort: e.target.value as SortKey })} data-testid="score-sort">
            {SORT_KEYS.map((k) => (
              <option key={k} value={k}>
                {SORT_LABELS[k]}
                {k === 'board' ? '' : ' (highest first)'}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Show</span>
          <select className={selectClass} value={view.filter} onChange={(e) => onChange({ ...view, filter: e.target.value as FilterKind })} data-testid="score-filter">
            {filters.map((f) => (
              <option key={f} value={f}>
                {FILTER_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
        {view.filter === 'atLeast' ? (
          <>
            <label className="flex flex-col gap-1">
              <span className="font-medium">Figure</span>
              <select className={selectClass} value={view.figure} onChange={(e) => onChange({ ...view, figure: e.target.value as ScoreSort })}>
                {figures.map((k) => (
                  <option key={k} value={k}>
                    {SORT_LABELS[k]}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col gap-1" htmlFor={`${id}-min`}>
              <span className="font-medium">At least</span>
              <input
                id={`${id}-min`}
                type="number"
                inputMode="decimal"
                min={0}
                max={view.figure === 'raters' ? 999 : 5}
                step={view.figure === 'raters' ? 1 : 0.5}
                value={view.min}
                onChange={(e) => onChange({ ...view, min: Number(e.target.value) || 0 })}
                className={cn(inputClass, 'w-24 py-1.5')}
              />
            </label>
          </>
        ) : null}
        <p className="ml-auto text-muted" role="status" data-testid="score-shown">
          {shown === total ? `${total} ${total === 1 ? 'option' : 'options'}` : `${shown} of ${total} options shown`}
        </p>
      </div>
    </div>
  );
});
