'use client';

import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Copy, GripVertical } from 'lucide-react';
import { memo } from 'react';
import { useOption } from '@/lib/board/hooks';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { useBoard } from '@/components/board/board-context';
import { useRecordActivity } from '@/components/presence/activity';
import { ActivityBadge } from '@/components/presence/activity-badge';
import { AuthorMark, TagChips } from '@/components/options/option-meta';

export type OptionDragData = { type: 'option'; clusterId: string };

const NO_RESIZE_OBSERVER = { disabled: true } as const;

/**
 * An option in a cluster column. Mouse and touch drag the whole card; the
 * keyboard (and screen readers) use the grip handle. While someone else drags
 * it, it shows "… is moving this". The card's content is memoised apart from
 * the drag wrapper, so a drag re-renders the thin wrappers only.
 */
export function SortableOption({
  id,
  clusterId,
  editable,
  onMergeDuplicate,
}: {
  id: string;
  clusterId: string;
  editable: boolean;
  onMergeDuplicate: (id: string) => void;
}) {
  const { store, session } = useBoard();
  const title = useOption(store, id)?.title || 'Untitled option';
  const moving = useRecordActivity(session, id).dragging.length > 0;
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging, isOver, active } = useSortable({
    id,
    data: { type: 'option', clusterId } satisfies OptionDragData,
    disabled: !editable,
    // One ResizeObserver per card at drag start costs hundreds of ms on a big board;
    // the columns keep theirs, and cards are re-measured at each drag start anyway.
    resizeObserverConfig: NO_RESIZE_OBSERVER,
  });
  // Dropping here from another column inserts before this card: show where.
  const incoming = isOver && active !== null && (active.data.current as OptionDragData | undefined)?.clusterId !== clusterId;
  return (
    <li
      ref={setNodeRef}
      data-testid="cluster-option"
      data-option-id={id}
      data-dragging={isDragging || undefined}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={cn('relative select-none', isDragging && 'opacity-40')}
      {...(editable ? listeners : {})}
    >
      {incoming ? <span aria-hidden className="absolute -top-1.5 right-0 left-0 h-1 rounded-full bg-accent" /> : null}
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
            ref={setActivatorNodeRef}
            {...attributes}
            aria-label={`Move option: ${title}`}
            data-testid="drag-handle"
            className="-ml-1 flex h-8 w-6 shrink-0 cursor-grab touch-none items-center justify-center rounded text-muted hover:bg-black/5 hover:text-ink active:cursor-grabbing"
          >
            <GripVertical aria-hidden size={16} />
          </button>
        ) : null}
        <OptionBody id={id} editable={editable} onMergeDuplicate={onMergeDuplicate} />
      </div>
    </li>
  );
}

const OptionBody = memo(function OptionBody({
  id,
  editable,
  onMergeDuplicate,
}: {
  id: string;
  editable: boolean;
  onMergeDuplicate: (id: string) => void;
}) {
  const { store, session, looks } = useBoard();
  const option = useOption(store, id);
  const activity = useRecordActivity(session, id);
  if (!option) return null;
  const title = option.title || 'Untitled option';
  return (
    <>
      <div className="min-w-0 flex-1 space-y-1 py-1">
        <p data-testid="option-title" className="text-sm font-medium break-words">
          {title}
        </p>
        <TagChips optionId={id} />
        <div className="flex flex-wrap items-center gap-1 empty:hidden">
          <AuthorMark optionId={id} />
          <ActivityBadge activity={activity} looks={looks} />
        </div>
      </div>
      {editable ? (
        <Button
          size="icon"
          variant="ghost"
          className="h-8 w-8 shrink-0 transition-opacity [@media(hover:hover)]:opacity-0 [@media(hover:hover)]:group-focus-within:opacity-100 [@media(hover:hover)]:group-hover:opacity-100"
          aria-label={`Merge a duplicate: ${title}`}
          title="Merge with a duplicate"
          onClick={() => onMergeDuplicate(id)}
          onMouseDown={(e) => e.stopPropagation()}
          onTouchStart={(e) => e.stopPropagation()}
        >
          <Copy aria-hidden size={15} />
        </Button>
      ) : null}
    </>
  );
});

/** What follows the pointer while dragging. */
export function OptionPreview({ id }: { id: string }) {
  const { store } = useBoard();
  const option = useOption(store, id);
  return (
    <div data-testid="drag-overlay" className="flex cursor-grabbing items-start gap-1 rounded-md border-2 border-accent bg-white p-2 shadow-lg">
      <GripVertical aria-hidden size={16} className="mt-2 shrink-0 text-muted" />
      <p className="py-1 text-sm font-medium break-words">{option?.title || 'Untitled option'}</p>
    </div>
  );
}
