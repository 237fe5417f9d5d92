'use client';

import { Lightbulb } from 'lucide-react';
import { useCallback, useRef } from 'react';
import type { BoardActions } from '@/lib/board/actions';
import { useOptionIds } from '@/lib/board/hooks';
import type { BoardStore } from '@/lib/board/store';
import { useAnnounce } from '@/components/ui/announcer';
import { OptionCard } from './option-card';
import { OptionComposer } from './option-composer';

/** The options: what the parties could do about the question. Renders ids; each card reads its own option. */
export function OptionsSection({
  store,
  actions,
  editable,
}: {
  store: BoardStore;
  actions: BoardActions;
  editable: boolean;
}) {
  const ids = useOptionIds(store);
  const announce = useAnnounce();
  const headingRef = useRef<HTMLHeadingElement>(null);

  const onDeleted = useCallback(
    (_id: string) => {
      announce('Option deleted. Press Ctrl+Z to undo.');
      headingRef.current?.focus();
    },
    [announce],
  );

  return (
    <section aria-labelledby="options-heading" className="min-w-0 space-y-3">
      <div className="flex items-baseline justify-between gap-3">
        <h2 id="options-heading" ref={headingRef} tabIndex={-1} className="text-lg font-semibold">
          Options
        </h2>
        <p className="text-sm text-muted" data-testid="option-count">
          {ids.length} {ids.length === 1 ? 'option' : 'options'}
        </p>
      </div>
      {editable ? <OptionComposer actions={actions} /> : null}
      {ids.length === 0 ? (
        <EmptyOptions editable={editable} />
      ) : (
        <ul aria-label="Options" data-testid="option-list" className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
          {ids.map((id) => (
            <OptionCard key={id} store={store} id={id} actions={actions} editable={editable} onDeleted={onDeleted} />
          ))}
        </ul>
      )}
    </section>
  );
}

function EmptyOptions({ editable }: { editable: boolean }) {
  return (
    <div data-testid="options-empty" className="rounded-lg border border-dashed border-line bg-white/60 p-5">
      <div className="flex items-start gap-3">
        <Lightbulb aria-hidden size={20} className="mt-0.5 shrink-0 text-accent" />
        <div className="space-y-2 text-sm">
          <p className="font-medium text-ink">No options yet.</p>
          <p className="text-muted">
            An option is one possible way to answer the question — something both sides could do. Write it as an action,
            for example: <q className="text-ink">Deliver in two batches: half in March, the rest in May</q> or{' '}
            <q className="text-ink">Share the cost of the new tooling 50/50</q>.
          </p>
          <p className="text-muted">
            {editable
              ? 'Add many, quickly, without judging them: scoring comes later, once everything is on the table.'
              : 'Options appear here live as the parties add them.'}
          </p>
        </div>
      </div>
    </div>
  );
}
