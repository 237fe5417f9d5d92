import { CRITERIA } from '@/lib/board/schema';
import type { PartyView } from '@/lib/board/derive/scores';
import { PartyBadge, type PartyLook } from '@/components/board/party-badge';
import { cn } from '@/components/ui/cn';
import { CRITERION_LABELS, dataScore, formatScore } from './format';

export type PartyBar = {
  readonly look: PartyLook;
  /** shown: its ratings are visible here; hidden: blind until reveal; unrated: visible, but nobody rated */
  readonly state: 'shown' | 'hidden' | 'unrated';
  readonly view: PartyView | null;
};

/**
 * Each party's view of one option as a small bar (party colour + letter, the
 * number beside it), so the sides compare at a glance. Blind parties say so.
 */
export function PartyBars({ bars, optionTitle }: { bars: readonly PartyBar[]; optionTitle: string }) {
  return (
    <ul aria-label={`Each party’s view of “${optionTitle}”`} className="flex flex-col gap-1.5">
      {bars.map(({ look, state, view }) => {
        const combined = state === 'shown' ? (view?.combined ?? null) : null;
        return (
          <li
            key={look.id}
            data-testid="party-view"
            data-party-id={look.id}
            data-state={state}
            data-combined={dataScore(combined)}
            className="grid grid-cols-[1.5rem_minmax(0,6rem)_minmax(3rem,1fr)_2.5rem] items-center gap-2 text-sm"
          >
            <PartyBadge look={look} />
            <span className="truncate text-xs text-ink" title={look.name}>
              {look.name}
            </span>
            {state === 'shown' ? (
              <>
                <span aria-hidden className="relative h-2.5 overflow-hidden rounded-full border border-line bg-paper">
                  <span
                    className="absolute inset-y-0 left-0 rounded-full ring-1 ring-black/25 ring-inset"
                    style={{ width: `${((combined ?? 0) / 5) * 100}%`, background: look.color }}
                  />
                </span>
                <span className="text-right text-xs font-semibold tabular-nums" data-testid="party-combined">
                  {formatScore(combined)}
                </span>
                <span className="sr-only">
                  {`${look.name}: ${formatScore(combined)} out of 5 (`}
                  {CRITERIA.map((c) => `${CRITERION_LABELS[c]} ${formatScore(view?.means[c] ?? null)}`).join(', ')}
                  {`; ${view?.raters ?? 0} ${view?.raters === 1 ? 'rater' : 'raters'})`}
                </span>
                <span aria-hidden className="col-start-2 col-end-5 -mt-1 flex flex-wrap gap-x-2 text-[0.7rem] text-muted tabular-nums sm:col-start-3" data-testid="party-means">
                  {CRITERIA.map((c) => (
                    <span key={c} className="whitespace-nowrap">
                      {CRITERION_LABELS[c]} {formatScore(view?.means[c] ?? null)}
                    </span>
                  ))}
                </span>
              </>
            ) : (
              <span className={cn('col-span-2 text-xs text-muted italic')}>
                {state === 'hidden' ? 'Hidden until the scores are revealed' : 'Not rated yet'}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
