'use client';

import { Check, Split, Star } from 'lucide-react';
import { useMemo } from 'react';
import type { BoardActions } from '@/lib/board/actions';
import { sortByScore, type OptionScore } from '@/lib/board/derive/scores';
import type { BoardOption } from '@/lib/board/schema';
import { useAnnounce } from '@/components/ui/announcer';
import { cn } from '@/components/ui/cn';
import { formatScore } from '@/components/scoring/format';

/** Star the options to carry forward; the ones that work best for both come first. */
export function ShortlistPicker({
  options,
  scores,
  actions,
  editable,
}: {
  options: readonly BoardOption[];
  scores: ReadonlyMap<string, OptionScore>;
  actions: BoardActions;
  editable: boolean;
}) {
  const announce = useAnnounce();
  const ordered = useMemo(() => {
    const byId = new Map(options.map((o) => [o.id, o]));
    return sortByScore(scores, 'worksForBoth').flatMap((id) => byId.get(id) ?? []);
  }, [options, scores]);

  return (
    <ul aria-label="Options to shortlist" className="divide-y divide-line rounded-lg border border-line bg-white" data-testid="shortlist-picker">
      {ordered.map((option) => {
        const title = option.title || 'Untitled option';
        const s = scores.get(option.id);
        return (
          <li key={option.id} className="flex items-center gap-2 px-2 py-1.5" data-testid="pick-row" data-option-id={option.id} data-shortlisted={option.shortlisted}>
            <button
              type="button"
              aria-pressed={option.shortlisted}
              aria-label={`Shortlist “${title}”`}
              disabled={!editable}
              onClick={() => {
                actions.setShortlisted(option.id, !option.shortlisted);
                announce(option.shortlisted ? `Removed “${title}” from the shortlist` : `Shortlisted “${title}”`);
              }}
              className="inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-md hover:bg-black/5 disabled:cursor-not-allowed"
              data-testid="star"
            >
              <Star aria-hidden size={20} className={cn(option.shortlisted ? 'fill-warn text-warn' : 'text-muted')} />
            </button>
            <span className="min-w-0 flex-1 text-sm break-words">{title}</span>
            {s?.contested ? (
              <span className="inline-flex shrink-0 items-center gap-1 text-xs text-warn">
                <Split aria-hidden size={14} />
                <span className="hidden sm:inline">Far apart</span>
                <span className="sr-only sm:hidden">Parties far apart</span>
              </span>
            ) : null}
            <span className="shrink-0 text-xs text-muted tabular-nums">
              <span className="hidden sm:inline">Works for both </span>
              <span className="sm:hidden">Both </span>
              <span className={cn('font-semibold', s?.worksForBothMet ? 'text-ok' : 'text-ink')}>{formatScore(s?.worksForBoth ?? null)}</span>
              {s?.worksForBothMet ? <Check aria-label="meets the threshold" role="img" size={12} className="ml-0.5 inline text-ok" /> : null}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
