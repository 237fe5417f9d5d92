'use client';

import { Lightbulb, Tag } from 'lucide-react';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { BoardActions } from '@/lib/board/actions';
import { own } from '@/lib/board/dict';
import { useAllOptionInterests, useAllOptionTags, useAuthorship, useOptionIds } from '@/lib/board/hooks';
import { SUGGESTED_TAGS } from '@/lib/board/schema';
import type { BoardStore } from '@/lib/board/store';
import { Button } from '@/components/ui/button';
import { useUndoToast } from '@/components/ui/undo-toast';
import { OptionCard } from './option-card';
import { OptionComposer } from './option-composer';
import { PromptIdeas } from './prompt-ideas';

/**
 * The options: what the parties could do about the question. Fast capture,
 * a filter by tag, and — on an empty board — "How might we …" prompts drawn
 * from the interests. Renders ids; each card reads its own option. Tags,
 * interests served and authorship are read here once and handed to each card
 * (a memoised card whose own values kept their identity skips rendering).
 */
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
  const allTags = useAllOptionTags(store);
  const allServed = useAllOptionInterests(store);
  const authorship = useAuthorship(store);
  const showUndo = useUndoToast();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [filter, setFilter] = useState<string | null>(null);

  const onDeleted = useCallback(
    (_id: string, title: string) => {
      showUndo(`Option deleted: ${title}`);
      headingRef.current?.focus();
    },
    [showUndo],
  );

  const tagCounts = useMemo(() => {
    const existing = new Set(ids);
    const counts = new Map<string, number>();
    for (const [optionId, tags] of allTags) {
      if (!existing.has(optionId)) continue;
      for (const tag of tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
    return counts;
  }, [ids, allTags]);
  const tagList = [...new Set([...SUGGESTED_TAGS.filter((t) => tagCounts.has(t)), ...[...tagCounts.keys()].sort()])];
  const activeFilter = filter && tagCounts.has(filter) ? filter : null;
  const shown = activeFilter ? ids.filter((id) => allTags.get(id)?.includes(activeFilter)) : ids;

  return (
    <section aria-labelledby="options-heading" className="min-w-0 space-y-3" data-testid="options-workspace">
      <div className="flex items-baseline justify-between gap-3">
        <h2 id="options-heading" ref={headingRef} tabIndex={-1} className="text-lg font-semibold">
          Options
        </h2>
        <p className="text-sm text-muted" data-testid="option-count">
          {ids.length} {ids.length === 1 ? 'option' : 'options'}
          {activeFilter ? ` · ${shown.length} tagged ${activeFilter}` : ''}
        </p>
      </div>
      {editable ? <OptionComposer actions={actions} /> : null}
      {ids.length === 0 ? (
        <>
          <EmptyOptions editable={editable} />
          <PromptIdeas />
        </>
      ) : (
        <>
          {tagList.length > 0 ? (
            <div role="group" aria-label="Filter by tag" data-testid="tag-filter" className="flex flex-wrap items-center gap-1.5">
              <span className="inline-flex items-center gap-1 text-sm text-muted">
                <Tag aria-hidden size={14} /> Filter:
              </span>
              <Button size="sm" variant={activeFilter ? 'ghost' : 'primary'} aria-pressed={!activeFilter} onClick={() => setFilter(null)}>
                All
              </Button>
              {tagList.map((tag) => (
                <Button
                  key={tag}
                  size="sm"
                  variant={activeFilter === tag ? 'primary' : 'secondary'}
                  aria-pressed={activeFilter === tag}
                  data-tag={tag}
                  onClick={() => setFilter(activeFilter === tag ? null : tag)}
                >
                  {tag} <span className="text-xs opacity-80">{tagCounts.get(tag)}</span>
                </Button>
              ))}
            </div>
          ) : null}
          <ul aria-label="Options" data-testid="option-list" className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
            {shown.map((id) => (
              <OptionCard
                key={id}
                store={store}
                id={id}
                actions={actions}
                editable={editable}
                onDeleted={onDeleted}
                tags={allTags.get(id)}
                served={allServed.get(id)}
                author={own(authorship, id)}
              />
            ))}
          </ul>
        </>
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
