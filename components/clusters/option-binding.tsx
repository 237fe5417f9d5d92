'use client';
/**
 * The @dnd-kit side of the Cluster view's columns and cards, rendered under
 * the DndContext apart from the visible board (see drag-state.ts for why).
 * These components render no DOM: they register a card or drop zone with
 * @dnd-kit and write what a drag changes (transform, "dragging", "over", the
 * listeners) straight onto its element, so a drag re-renders them, never the
 * cards or columns.
 */
import { useDroppable, type Data } from '@dnd-kit/core';
import { SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { memo, useCallback, useLayoutEffect, useState } from 'react';
import { useClusterOptionIds } from '@/lib/board/hooks';
import { useBoard } from '@/components/board/board-context';
import { involves, useClusterDrag, useDragSelector, usePort, type DragState, type OptionPort, type Ports } from './drag-state';

export type OptionDragData = { type: 'option'; clusterId: string };
export type ColumnDropData = { type: 'cluster'; clusterId: string };

export const columnDropId = (clusterId: string) => `cluster:${clusterId}`;
export const NEW_CLUSTER = 'new-cluster';

/** The column ('' = not grouped) a droppable belongs to; null for "new cluster" or anything else. */
export function clusterOf(data: Data | undefined): string | null {
  const value = data as Partial<OptionDragData | ColumnDropData> | undefined;
  return value && (value.type === 'option' || value.type === 'cluster') && typeof value.clusterId === 'string' ? value.clusterId : null;
}

const NO_RESIZE_OBSERVER = { disabled: true } as const;
const NONE: ReadonlySet<string> = new Set();

function setFlag(element: Element | null | undefined, name: string, on: boolean): void {
  if (element && element.hasAttribute(name) !== on) element.toggleAttribute(name, on);
}

/** What a column binds: nothing, the one armed card, or (`near`) the cards near the screen plus the armed one. */
type Binding = { readonly near: boolean; readonly armed: string | null };

/**
 * One column's drag wiring: its drop target always; a SortableContext with a
 * binding for each card near the screen while a drag is from or over the
 * column (or a keyboard pick-up is about to start in it), or for the one
 * armed card at rest (so a drag can start from it). Other columns hold no
 * sortable at all, so a drag elsewhere does not touch them; and a column of
 * 500 binds the few dozen cards a pointer or the arrow keys can reach next,
 * following the page as it scrolls, not all 500 at once.
 */
export const ColumnDrag = memo(function ColumnDrag({ clusterId, editable }: { clusterId: string; editable: boolean }) {
  const { store } = useBoard();
  const { drag } = useClusterDrag();
  const ids = useClusterOptionIds(store, clusterId);
  // A primitive for the selector: "near:<armed>", "one:<armed>" or null.
  const select = useCallback(
    (state: DragState): string | null => {
      const armed = state.armed !== null && ids.includes(state.armed) ? state.armed : null;
      if (involves(state, clusterId) || (armed !== null && state.armedColumn)) return `near:${armed ?? ''}`;
      return armed === null ? null : `one:${armed}`;
    },
    [clusterId, ids],
  );
  const selected = useDragSelector(select);
  const binding: Binding | null = selected === null ? null : { near: selected.startsWith('near:'), armed: selected.slice(selected.indexOf(':') + 1) || null };
  const near = useNearScreen(drag.options, ids, editable && binding?.near === true);
  const bound = binding === null || !editable ? [] : binding.near ? ids.filter((id) => near.has(id) || id === binding.armed) : [binding.armed!];
  return (
    <>
      <ZoneTarget id={columnDropId(clusterId)} data={{ type: 'cluster', clusterId } satisfies ColumnDropData} disabled={!editable} />
      {bound.length > 0 ? (
        <SortableContext id={`list:${clusterId}`} items={ids as string[]} strategy={verticalListSortingStrategy}>
          {bound.map((id) => (
            <OptionBinding key={id} id={id} clusterId={clusterId} />
          ))}
        </SortableContext>
      ) : null}
    </>
  );
});

/**
 * The cards among `ids` within a screen's height of the viewport, measured
 * before paint and again (once a frame at most) whenever anything scrolls.
 */
function useNearScreen(options: Ports<OptionPort>, ids: readonly string[], enabled: boolean): ReadonlySet<string> {
  const [near, setNear] = useState(NONE);
  useLayoutEffect(() => {
    if (!enabled) {
      setNear(NONE);
      return;
    }
    let frame = 0;
    const measure = () => {
      frame = 0;
      const margin = window.innerHeight;
      const next = new Set<string>();
      for (const id of ids) {
        const rect = options.get(id)?.item?.getBoundingClientRect();
        if (rect && rect.bottom > -margin && rect.top < window.innerHeight + margin) next.add(id);
      }
      setNear((previous) => (previous.size === next.size && [...next].every((id) => previous.has(id)) ? previous : next));
    };
    const later = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener('scroll', later, { capture: true, passive: true });
    window.addEventListener('resize', later);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', later, { capture: true });
      window.removeEventListener('resize', later);
    };
  }, [options, ids, enabled]);
  return near;
}

/**
 * A drop zone (a column, "new cluster") as a @dnd-kit droppable. Its element
 * shows the drag as data-over (something is over it) and data-dragging (a
 * drag is on).
 */
export function ZoneTarget({ id, data, disabled = false }: { id: string; data?: Data; disabled?: boolean }) {
  const { drag } = useClusterDrag();
  const element = usePort(drag.zones, id);
  const { setNodeRef, isOver, active } = useDroppable({ id, data, disabled });
  useLayoutEffect(() => {
    setNodeRef(element ?? null);
    setFlag(element, 'data-over', isOver);
    setFlag(element, 'data-dragging', active !== null);
  });
  return null;
}

/** A card's sortable: registers it with @dnd-kit and mirrors the drag onto the card's element. */
function OptionBinding({ id, clusterId }: { id: string; clusterId: string }) {
  const { drag } = useClusterDrag();
  const port = usePort(drag.options, id);
  const { listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging, isOver, active } = useSortable({
    id,
    data: { type: 'option', clusterId } satisfies OptionDragData,
    // One ResizeObserver per card costs hundreds of ms on a big board; cards are measured at each drag start anyway.
    resizeObserverConfig: NO_RESIZE_OBSERVER,
  });
  // Dropping here from another column inserts before this card: the card shows where.
  const incoming = isOver && active !== null && clusterOf(active.data.current) !== clusterId;

  useLayoutEffect(() => {
    if (!port) return;
    setNodeRef(port.item);
    setActivatorNodeRef(port.handle);
    port.listeners = listeners;
    if (port.item) {
      port.item.style.transform = CSS.Translate.toString(transform) ?? '';
      port.item.style.transition = transition ?? '';
    }
    setFlag(port.item, 'data-dragging', isDragging);
    setFlag(port.item, 'data-incoming', incoming);
    if (isDragging) port.handle?.setAttribute('aria-pressed', 'true');
    else port.handle?.removeAttribute('aria-pressed');
  });

  // When the binding goes (the drag is over, or the card left the column), the card is at rest again.
  useLayoutEffect(() => {
    if (!port) return;
    return () => {
      port.listeners = undefined;
      if (port.item) {
        port.item.style.transform = '';
        port.item.style.transition = '';
      }
      setFlag(port.item, 'data-dragging', false);
      setFlag(port.item, 'data-incoming', false);
      port.handle?.removeAttribute('aria-pressed');
    };
  }, [port]);
  return null;
}
