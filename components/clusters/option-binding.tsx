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
import { memo, useCallback, useLayoutEffect } from 'react';
import { useClusterOptionIds } from '@/lib/board/hooks';
import { useBoard } from '@/components/board/board-context';
import { involves, useClusterDrag, useDragSelector, usePort, type DragState } from './drag-state';

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
/** A selector result meaning "bind every card of the column". Record ids never contain '*'. */
const ALL = '*';

function setFlag(element: Element | null | undefined, name: string, on: boolean): void {
  if (element && element.hasAttribute(name) !== on) element.toggleAttribute(name, on);
}

/**
 * One column's drag wiring: its drop target always; a SortableContext with a
 * binding for each card while a drag is from or over the column (or a
 * keyboard pick-up is about to start in it), or for the one armed card at
 * rest (so a drag can start from it). Other columns hold no sortable at all,
 * so a drag elsewhere does not touch them.
 */
export const ColumnDrag = memo(function ColumnDrag({ clusterId, editable }: { clusterId: string; editable: boolean }) {
  const { store } = useBoard();
  const ids = useClusterOptionIds(store, clusterId);
  const select = useCallback(
    (state: DragState): string | null => {
      if (involves(state, clusterId)) return ALL;
      if (state.armed === null || !ids.includes(state.armed)) return null;
      return state.armedColumn ? ALL : state.armed;
    },
    [clusterId, ids],
  );
  const bound = useDragSelector(select);
  return (
    <>
      <ZoneTarget id={columnDropId(clusterId)} data={{ type: 'cluster', clusterId } satisfies ColumnDropData} disabled={!editable} />
      {bound !== null && editable ? (
        <SortableContext id={`list:${clusterId}`} items={ids as string[]} strategy={verticalListSortingStrategy}>
          {(bound === ALL ? ids : [bound]).map((id) => (
            <OptionBinding key={id} id={id} clusterId={clusterId} />
          ))}
        </SortableContext>
      ) : null}
    </>
  );
});

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
