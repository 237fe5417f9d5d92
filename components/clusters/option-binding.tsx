'use client';
/**
 * The @dnd-kit side of the Cluster view's columns and cards, kept apart from
 * the cards themselves (see drag-state.ts for why). These components render
 * no DOM: they register the card or column with @dnd-kit and write what a
 * drag changes (transform, "dragging", "over", the listeners) straight onto
 * the card's or column's element, so a drag re-renders them, never the cards.
 */
import { useDroppable, type Data } from '@dnd-kit/core';
import { SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { memo, useCallback, useLayoutEffect, useReducer, type RefObject } from 'react';
import { involves, useClusterDrag, useDragSelector, type DragState } from './drag-state';

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
 * rest (so a drag can start from it). Other columns hold
 * no sortable at all, so a drag elsewhere does not touch them.
 */
export const ColumnDrag = memo(function ColumnDrag({
  clusterId,
  ids,
  editable,
  column,
}: {
  clusterId: string;
  ids: readonly string[];
  editable: boolean;
  /** the column's element: the drop target for the whole column, header included */
  column: RefObject<HTMLElement | null>;
}) {
  const select = useCallback((state: DragState): string | null => {
    if (involves(state, clusterId)) return ALL;
    if (state.armed === null || !ids.includes(state.armed)) return null;
    return state.armedColumn ? ALL : state.armed;
  }, [clusterId, ids]);
  const bound = useDragSelector(select);
  return (
    <>
      <ColumnDropTarget clusterId={clusterId} editable={editable} column={column} />
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

/** The column as a drop target: "over" shows as data-over on the column element. */
function ColumnDropTarget({ clusterId, editable, column }: { clusterId: string; editable: boolean; column: RefObject<HTMLElement | null> }) {
  const { setNodeRef, isOver } = useDroppable({
    id: columnDropId(clusterId),
    data: { type: 'cluster', clusterId } satisfies ColumnDropData,
    disabled: !editable,
  });
  useLayoutEffect(() => {
    setNodeRef(column.current);
    setFlag(column.current, 'data-over', isOver);
  });
  return null;
}

/** A card's sortable: registers it with @dnd-kit and mirrors the drag onto the card's element. */
function OptionBinding({ id, clusterId }: { id: string; clusterId: string }) {
  const { drag } = useClusterDrag();
  const { listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging, isOver, active } = useSortable({
    id,
    data: { type: 'option', clusterId } satisfies OptionDragData,
    // One ResizeObserver per card costs hundreds of ms on a big board; cards are measured at each drag start anyway.
    resizeObserverConfig: NO_RESIZE_OBSERVER,
  });
  // Dropping here from another column inserts before this card: the card shows where.
  const incoming = isOver && active !== null && clusterOf(active.data.current) !== clusterId;
  // Re-attach when the card's element changes under this binding.
  const [, portChanged] = useReducer((n: number) => n + 1, 0);
  useLayoutEffect(() => drag.watchPort(id, portChanged), [drag, id]);

  useLayoutEffect(() => {
    const port = drag.getPort(id);
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

  useLayoutEffect(
    () => () => {
      const port = drag.getPort(id);
      if (!port) return;
      port.listeners = undefined;
      if (port.item) {
        port.item.style.transform = '';
        port.item.style.transition = '';
      }
      setFlag(port.item, 'data-dragging', false);
      setFlag(port.item, 'data-incoming', false);
      port.handle?.removeAttribute('aria-pressed');
    },
    [drag, id],
  );
  return null;
}
