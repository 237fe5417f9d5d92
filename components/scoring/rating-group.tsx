'use client';

import { useId, useRef, type KeyboardEvent } from 'react';
import { cn } from '@/components/ui/cn';

const VALUES = [1, 2, 3, 4, 5] as const;

/** Attribute marking a rating group, so ↑/↓ can move between the groups of one scope. */
const GROUP_ATTR = 'data-rating-group';
/** Put this on the container whose groups ↑/↓ (and the jump after a digit) move between. */
export const RATING_SCOPE_ATTR = 'data-rating-scope';

/** Focus the tabbable radio of the group `step` groups away from `from` within its scope. */
function moveToGroup(from: HTMLElement, step: number): boolean {
  const scope = from.closest(`[${RATING_SCOPE_ATTR}]`) ?? document.body;
  const groups = [...scope.querySelectorAll<HTMLElement>(`[${GROUP_ATTR}]`)].filter((g) => !g.hasAttribute('aria-disabled'));
  const index = groups.indexOf(from);
  const target = groups[index + step];
  if (index === -1 || !target) return false;
  target.querySelector<HTMLElement>('[tabindex="0"]')?.focus();
  return true;
}

/**
 * A 1–5 rating as an ARIA radio group with a visible label (one tab stop).
 * Keys: 1–5 rate and move on to the next group; 0, Backspace or Delete clear;
 * ←/→ (and Home/End) adjust; ↑/↓ move to the previous/next group. Clicking
 * the chosen value again clears it.
 */
export function RatingGroup({
  label,
  hint,
  value,
  onChange,
  disabled = false,
  advance = true,
  describedBy,
  testId,
  compact = false,
  hintVisible = true,
}: {
  label: string;
  /** a short line under the label (what the criterion asks) */
  hint?: string;
  value: number | null;
  onChange: (value: number | null) => void;
  disabled?: boolean;
  /** after a digit, move to the next group of the scope */
  advance?: boolean;
  /** id of a shared description (e.g. the keyboard help) */
  describedBy?: string;
  testId?: string;
  /** label beside the controls on phones, above them from the sm breakpoint */
  compact?: boolean;
  /** false: the hint is read by screen readers only (it repeats on every row otherwise) */
  hintVisible?: boolean;
}) {
  const labelId = useId();
  const hintId = useId();
  const groupRef = useRef<HTMLDivElement>(null);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const tabbable = value ?? 1;

  function choose(next: number | null, focusValue?: number) {
    onChange(next);
    if (focusValue) buttons.current[focusValue - 1]?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (disabled || event.altKey || event.ctrlKey || event.metaKey) return;
    const group = groupRef.current;
    const key = event.key;
    if (/^[1-5]$/.test(key)) {
      const n = Number(key);
      event.preventDefault();
      choose(n, n);
      if (advance && group) moveToGroup(group, 1);
    } else if (key === '0' || key === 'Backspace' || key === 'Delete') {
      event.preventDefault();
      choose(null, 1);
    } else if (key === 'ArrowRight' || key === 'ArrowLeft' || key === 'Home' || key === 'End') {
      event.preventDefault();
      const current = value ?? 0;
      const next =
        key === 'Home' ? 1 : key === 'End' ? 5 : key === 'ArrowRight' ? Math.min(5, current + 1) : Math.max(1, current - 1 || 1);
      choose(next, next);
    } else if ((key === 'ArrowDown' || key === 'ArrowUp') && group) {
      if (moveToGroup(group, key === 'ArrowDown' ? 1 : -1)) event.preventDefault();
    }
  }

  return (
    <div
      className={cn(
        compact ? 'grid min-w-0 grid-cols-[5.5rem_minmax(0,1fr)] items-center gap-x-3 sm:flex sm:flex-col sm:items-stretch sm:gap-1' : 'flex min-w-[11rem] flex-col gap-1',
      )}
    >
      <div className="flex min-w-0 flex-col">
        <div className="flex items-baseline justify-between gap-2">
          <span id={labelId} className="text-sm font-medium">
            {label}
          </span>
          <span className={cn('text-xs text-muted tabular-nums', compact && 'hidden sm:inline')} aria-hidden>
            {value ?? '–'}/5
          </span>
        </div>
        {hint ? (
          <span id={hintId} className={cn('text-xs text-muted', hintVisible ? (compact ? 'sr-only sm:not-sr-only' : '') : 'sr-only')}>
            {hint}
          </span>
        ) : null}
      </div>
      <div
        ref={groupRef}
        role="radiogroup"
        aria-labelledby={labelId}
        aria-describedby={[hint ? hintId : null, describedBy].filter(Boolean).join(' ') || undefined}
        aria-disabled={disabled || undefined}
        data-testid={testId}
        data-value={value ?? ''}
        {...{ [GROUP_ATTR]: '' }}
        onKeyDown={onKeyDown}
        className="inline-flex w-full overflow-hidden rounded-md border border-line bg-white"
      >
        {VALUES.map((n) => {
          const checked = value === n;
          return (
            <button
              key={n}
              ref={(el) => {
                buttons.current[n - 1] = el;
              }}
              type="button"
              role="radio"
              aria-checked={checked}
              tabIndex={n === tabbable ? 0 : -1}
              disabled={disabled}
              onClick={() => choose(checked ? null : n, n)}
              className={cn(
                'h-9 min-w-9 flex-1 border-l border-line text-sm font-medium tabular-nums first:border-l-0',
                'focus-visible:relative focus-visible:z-10 disabled:cursor-not-allowed disabled:opacity-50',
                checked ? 'bg-accent text-white' : value !== null && n < value ? 'bg-accent/10 text-ink' : 'text-ink hover:bg-paper',
              )}
            >
              {n}
            </button>
          );
        })}
      </div>
    </div>
  );
}
