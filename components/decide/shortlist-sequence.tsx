'use client';

import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  closestCenter,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from '@dnd-kit/core';
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { GripVertical, StarOff, WandSparkles } from 'lucide-react';
import { useId, useMemo } from 'react';
import type { BoardActions } from '@/lib/board/actions';
import { suggestSequence } from '@/lib/board/derive/sequence';
import type { OptionScore } from '@/lib/board/derive/scores';
import type { BoardOption } from '@/lib/board/schema';
import { useAnnounce } from '@/components/ui/announcer';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { inputClass } from '@/components/ui/field';
import { formatScore } from '@/components/scoring/format';
import { placement, stageLabel } from './shortlist';

const MAX_STAGE_CHOICE = 20;
const INSTRUCTIONS =
  'To move an option, press Space on its handle, then the up and down arrow keys. Press Space again to drop it, or Escape to cancel.';

/**
 * The shortlist in sequence: stages (small, low-risk items first), an order
 * inside them, editable by drag (mouse, touch, keyboard with announcements)
 * and by each item's stage selector; a suggested order from the scores is one
 * click away.
 */
export function ShortlistSequence({
  items,
  scores,
  actions,
  editable,
}: {
  /** the shortlist in its shown sequence */
  items: readonly BoardOption[];
  scores: ReadonlyMap<string, OptionScore>;
  actions: BoardActions;
  editable: boolean;
}) {
  const announce = useAnnounce();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 150, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const ids = useMemo(() => items.map((o) => o.id), [items]);
  const titleOf = (id: unknown) => items.find((o) => o.id === id)?.title || 'Untitled option';
  const stageChoices = Math.min(MAX_STAGE_CHOICE, Math.max(3, ...items.map((o) => o.stage + 1)));

  const position = (id: unknown) => ids.indexOf(String(id)) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${titleOf(active.id)}, position ${position(active.id)} of ${ids.length}.`,
    onDragOver: ({ active, over }) =>
      over ? `${titleOf(active.id)} is over position ${position(over.id)} of ${ids.length}.` : `${titleOf(active.id)} is no longer over the list.`,
    onDragEnd: ({ active, over }) =>
      over ? `${titleOf(active.id)} dropped at position ${position(over.id)} of ${ids.length}.` : `${titleOf(active.id)} dropped.`,
    onDragCancel: ({ active }) => `Moving ${titleOf(active.id)} was cancelled. It is back at position ${position(active.id)}.`,
  };

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    const from = ids.indexOf(String(active.id));
    const to = ids.indexOf(String(over.id));
    if (from < 0 || to < 0) return;
    const moved = arrayMove([...items], from, to);
    const { stage, beforeId } = placement(moved, to);
    const item = items[from]!;
    if (stage !== item.stage) actions.setStage(item.id, stage);
    actions.moveInShortlist(item.id, beforeId);
  }

  function applySuggestion() {
    const sequence = suggestSequence(ids, scores);
    actions.applyShortlistSequence(sequence);
    const stages = new Set(sequence.map((s) => s.stage)).size;
    announce(`Suggested order applied: ${sequence.length} options in ${stages} ${stages === 1 ? 'stage' : 'stages'}.`);
  }

  return (
    <div className="space-y-3" data-testid="shortlist-sequence">
      {editable ? (
        <div className="flex flex-wrap items-center gap-3">
          <Button size="sm" variant="primary" onClick={applySuggestion} data-testid="suggest-sequence">
            <WandSparkles aria-hidden size={16} />
            Suggest an order from the scores
          </Button>
          <p className="max-w-prose text-xs text-muted">
            Most feasible first, then what works best for both: stage 1 is feasibility 4 or more, stage 2 is 3 or more, the rest
            later. Drag to change it, or pick a stage.
          </p>
        </div>
      ) : null}
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={onDragEnd}
        accessibility={{ announcements, screenReaderInstructions: { draggable: INSTRUCTIONS } }}
      >
        <SortableContext items={ids} strategy={verticalListSortingStrategy}>
          <ol aria-label="Shortlist in sequence" className="space-y-2" data-testid="shortlist-list">
            {items.map((option, index) => (
              <SequenceItem
                key={option.id}
                option={option}
                index={index}
                startsStage={index === 0 || items[index - 1]!.stage !== option.stage}
                score={scores.get(option.id)}
                stageChoices={stageChoices}
                actions={actions}
                editable={editable}
              />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
    </div>
  );
}

function SequenceItem({
  option,
  index,
  startsStage,
  score,
  stageChoices,
  actions,
  editable,
}: {
  option: BoardOption;
  index: number;
  startsStage: boolean;
  score: OptionScore | undefined;
  stageChoices: number;
  actions: BoardActions;
  editable: boolean;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: option.id,
    disabled: !editable,
  });
  const title = option.title || 'Untitled option';
  const selectId = useId();
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      data-testid="shortlist-item"
      data-option-id={option.id}
      data-stage={option.stage}
      data-position={index + 1}
      className={cn('relative', isDragging && 'z-10')}
    >
      {startsStage ? (
        <p className="mb-1 text-xs font-semibold tracking-wide text-muted uppercase" data-testid="stage-heading">
          {stageLabel(option.stage)}
        </p>
      ) : null}
      <div
        className={cn(
          'flex flex-wrap items-center gap-2 rounded-lg border bg-white p-2 sm:flex-nowrap',
          isDragging ? 'border-accent shadow-lg' : 'border-line shadow-xs',
        )}
      >
        {editable ? (
          <button
            type="button"
            ref={setActivatorNodeRef}
            {...attributes}
            {...listeners}
            aria-label={`Move “${title}” (position ${index + 1})`}
            className="inline-flex h-9 w-9 shrink-0 cursor-grab touch-none items-center justify-center rounded-md text-muted hover:bg-black/5 active:cursor-grabbing"
            data-testid="drag-handle"
          >
            <GripVertical aria-hidden size={18} />
          </button>
        ) : null}
        <span aria-hidden className="w-6 shrink-0 text-center text-sm font-semibold text-muted tabular-nums">
          {index + 1}
        </span>
        <span className="min-w-0 flex-1 basis-40 break-words" data-testid="shortlist-title">
          {title}
        </span>
        <span className="shrink-0 text-xs text-muted tabular-nums" title="Feasibility · works for both">
          Feas. {formatScore(score?.overall.feasibility ?? null)} · Both {formatScore(score?.worksForBoth ?? null)}
        </span>
        <label htmlFor={selectId} className="sr-only">
          Stage for “{title}”
        </label>
        <select
          id={selectId}
          value={option.stage}
          disabled={!editable}
          onChange={(e) => actions.setStage(option.id, Number(e.target.value))}
          className={cn(inputClass, 'w-auto py-1 pr-8')}
          data-testid="stage-select"
        >
          <option value={0}>Not staged</option>
          {Array.from({ length: stageChoices }, (_, i) => (
            <option key={i + 1} value={i + 1}>
              Stage {i + 1}
            </option>
          ))}
        </select>
        {editable ? (
          <Button
            size="icon"
            variant="ghost"
            className="h-9 w-9"
            aria-label={`Remove “${title}” from the shortlist`}
            onClick={() => actions.setShortlisted(option.id, false)}
          >
            <StarOff aria-hidden size={16} />
          </Button>
        ) : null}
      </div>
    </li>
  );
}
