'use client';

import { memo, useLayoutEffect, useRef, type KeyboardEvent, type MouseEvent, type TouchEvent } from 'react';
import { flushSync } from 'react-dom';
import { useOption } from '@/lib/board/hooks';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { maskIcon } from '@/components/ui/mask-icons';
import { useBoard } from '@/components/board/board-context';
import { hasActivity, useRecordActivity } from '@/components/presence/activity';
import { ActivityBadge } from '@/components/presence/activity-badge';
import { AuthorMark, TagChips } from '@/components/options/option-meta';
import { useClusterDrag, type OptionPort } from './drag-state';

/** The keys that pick a card up (@dnd-kit's KeyboardSensor defaults). */
const PICK_UP_KEYS = new Set(['Space', 'Enter']);

/** Keeps a press on a card's buttons from starting a drag. */
const stop = (event: MouseEvent | TouchEvent) => event.stopPropagation();

type CardProps = {
  id: string;
  editable: boolean;
  onMergeDuplicate: (id: string) => void;
  onMoveTo: (id: string) => void;
  /** the option's tags and the party that proposed it (as far as this reader may know), read once by the column */
  tags: readonly string[] | undefined;
  author: string | undefined;
};

const cardAction =
  'h-8 w-8 shrink-0 transition-opacity [@media(hover:hover)]:opacity-0 [@media(hover:hover)]:group-focus-within:opacity-100 [@media(hover:hover)]:group-hover:opacity-100';

/**
 * An option in a cluster column. Mouse and touch drag the whole card; the
 * keyboard (and screen readers) use the grip handle. While someone else drags
 * it, it shows "… is moving this". The card holds no @dnd-kit hook: its
 * binding (option-binding.tsx) exists only while a drag may concern it and
 * writes onto its element, so starting a drag re-renders no card. The first
 * press or Space on a card creates its binding at once (flushSync), then
 * hands the event to @dnd-kit as its own listeners would have. It reads its
 * own option and presence; its tags and author come from the column.
 */
export const ClusterOption = memo(function ClusterOption({ id, editable, onMergeDuplicate, onMoveTo, tags, author }: CardProps) {
  const { store, session, looks } = useBoard();
  const { drag, describedBy } = useClusterDrag();
  const option = useOption(store, id);
  const title = option?.title || 'Untitled option';
  const activity = useRecordActivity(session, id);
  const moving = activity.dragging.length > 0;
  const item = useRef<HTMLLIElement>(null);
  const handle = useRef<HTMLButtonElement>(null);
  const port = useRef<OptionPort>({ item: null, handle: null, listeners: undefined });

  useLayoutEffect(() => {
    const own = port.current;
    own.item = item.current;
    own.handle = handle.current;
    drag.options.set(id, own);
    return () => drag.options.release(id, own);
  }, [drag, id, editable]);

  /** This card's @dnd-kit listeners, binding it first if needed (with its whole column for the keyboard). */
  function listeners(column = false) {
    if (!editable) return undefined;
    const state = drag.get();
    if (!port.current.listeners || (column && !(state.armed === id && state.armedColumn))) flushSync(() => drag.arm(id, column));
    return port.current.listeners;
  }

  return (
    <li
      ref={item}
      data-testid="cluster-option"
      data-option-id={id}
      className={cn(
        'relative select-none data-[dragging]:opacity-40',
        // Off-screen cards cost no style, layout or paint (docs/benchmarks.md, finding 5).
        '[contain-intrinsic-size:auto_4.5rem] [content-visibility:auto]',
        // Dropping here from another column inserts before this card: a bar at its top shows where.
        'data-[incoming]:before:absolute data-[incoming]:before:inset-x-0 data-[incoming]:before:top-0 data-[incoming]:before:z-10 data-[incoming]:before:h-1 data-[incoming]:before:rounded-full data-[incoming]:before:bg-accent',
      )}
      onMouseDown={(event) => {
        if (event.button === 0) listeners()?.onMouseDown?.(event);
      }}
      onTouchStart={(event) => listeners()?.onTouchStart?.(event)}
      onKeyDown={(event: KeyboardEvent) => {
        if (event.target === handle.current && PICK_UP_KEYS.has(event.code) && drag.get().activeId === null) listeners(true)?.onKeyDown?.(event);
      }}
    >
      <div
        className={cn(
          'group flex items-start gap-1 rounded-md border bg-white p-2 shadow-xs',
          moving ? 'border-dashed border-accent/60 bg-accent/5' : 'border-line',
        )}
        data-peer-dragging={moving || undefined}
      >
        {editable ? (
          <button
            type="button"
            ref={handle}
            aria-label={`Move option: ${title}`}
            aria-roledescription="draggable"
            aria-describedby={describedBy}
            data-testid="drag-handle"
            className="-ml-1 flex h-8 w-6 shrink-0 cursor-grab touch-none items-center justify-center rounded text-muted hover:bg-black/5 hover:text-ink active:cursor-grabbing"
          >
            {maskIcon('grip', 16)}
          </button>
        ) : null}
        {option ? (
          <>
            <div className="min-w-0 flex-1 space-y-1 py-1">
              <p data-testid="option-title" className="text-sm font-medium break-words">
                {title}
              </p>
              {tags && tags.length > 0 ? <TagChips tags={tags} /> : null}
              <div className="flex flex-wrap items-center gap-1 empty:hidden">
                {author ? <AuthorMark author={author} /> : null}
                {hasActivity(activity) ? <ActivityBadge activity={activity} looks={looks} /> : null}
              </div>
            </div>
            {editable ? (
              <div className="flex shrink-0">
                <Button
                  size="icon"
                  variant="ghost"
                  className={cardAction}
                  aria-label={`Move to another cluster: ${title}`}
                  title="Move to…"
                  data-testid="move-to-button"
                  onClick={() => onMoveTo(id)}
                  onMouseDown={stop}
                  onTouchStart={stop}
                >
                  {maskIcon('folder-input', 15)}
                </Button>
                <Button
                  size="icon"
                  variant="ghost"
                  className={cardAction}
                  aria-label={`Merge a duplicate: ${title}`}
                  title="Merge with a duplicate"
                  onClick={() => onMergeDuplicate(id)}
                  onMouseDown={stop}
                  onTouchStart={stop}
                >
                  {maskIcon('copy', 15)}
                </Button>
              </div>
            ) : null}
          </>
        ) : null}
      </div>
    </li>
  );
});

/** What follows the pointer while dragging. */
export function OptionPreview({ id }: { id: string }) {
  const { store } = useBoard();
  const option = useOption(store, id);
  return (
    <div data-testid="drag-overlay" className="flex cursor-grabbing items-start gap-1 rounded-md border-2 border-accent bg-white p-2 shadow-lg">
      {maskIcon('grip', 16, 'mt-2 shrink-0 text-muted')}
      <p className="py-1 text-sm font-medium break-words">{option?.title || 'Untitled option'}</p>
    </div>
  );
}
