'use client';
/**
 * What the Cluster view's drag and drop needs to know outside @dnd-kit, kept
 * out of React state so that a drag re-renders only the parts it concerns.
 *
 * Why: every @dnd-kit hook (useSortable, useDraggable, useDroppable) reads a
 * context that changes when a drag starts and whenever it moves over
 * something new, so every card that calls one re-renders then. Cards here
 * call none: a card is plain and memoised, and the dnd-kit hooks live in small
 * "bindings" (option-binding.tsx) that exist only for the card someone is
 * pressing or focusing (`armed`) and for the cards of the columns the drag is
 * from or over. A binding reaches its card's DOM through the card's port.
 *
 * The bindings sit under the DndContext and the visible board does not: when
 * a context value changes (on every pointer move, for @dnd-kit's), React
 * walks the provider's whole subtree to find its readers, which with a
 * thousand cards inside cost more than the rendering itself.
 */
import { createContext, useCallback, useContext, useSyncExternalStore, type RefCallback } from 'react';
import type { DraggableSyntheticListeners } from '@dnd-kit/core';

export type DragState = {
  /** the card last pressed or focused for dragging: it keeps a binding so a drag can start from it */
  readonly armed: string | null;
  /**
   * its whole column is bound too (a keyboard pick-up): the keyboard moves by
   * the registered cards' positions, so they must be there before the first key
   */
  readonly armedColumn: boolean;
  /** the option being dragged */
  readonly activeId: string | null;
  /** the column ('' = not grouped) it is dragged from */
  readonly fromCluster: string | null;
  /** the column it is over (null: none, or "new cluster") */
  readonly overCluster: string | null;
};

const IDLE: DragState = { armed: null, armedColumn: false, activeId: null, fromCluster: null, overCluster: null };

/** The DOM of one card and the dnd-kit listeners its binding gives it. */
export type OptionPort = {
  item: HTMLLIElement | null;
  handle: HTMLButtonElement | null;
  listeners: DraggableSyntheticListeners;
};

/**
 * What the visible board registers for its @dnd-kit bindings, by id: each
 * card's port, each drop zone's element. Whoever watches an id hears when its
 * entry comes, changes or goes.
 */
export class Ports<T> {
  private readonly entries = new Map<string, T>();
  private readonly watchers = new Map<string, Set<() => void>>();

  get(id: string): T | undefined {
    return this.entries.get(id);
  }

  set(id: string, value: T): void {
    if (this.entries.get(id) === value) return;
    this.entries.set(id, value);
    this.notify(id);
  }

  /** Remove the entry if it is still this one (a card that moved has already registered its new self). */
  release(id: string, value: T): void {
    if (this.entries.get(id) !== value) return;
    this.entries.delete(id);
    this.notify(id);
  }

  watch(id: string, listener: () => void): () => void {
    let set = this.watchers.get(id);
    if (!set) this.watchers.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.watchers.get(id) === set) this.watchers.delete(id);
    };
  }

  private notify(id: string): void {
    for (const listener of [...(this.watchers.get(id) ?? [])]) listener();
  }
}

export class ClusterDrag {
  private state: DragState = IDLE;
  private readonly listeners = new Set<() => void>();
  /** each card's port, by option id */
  readonly options = new Ports<OptionPort>();
  /** each drop zone's element, by droppable id (a column's, "new cluster") */
  readonly zones = new Ports<HTMLElement>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  readonly get = (): DragState => this.state;

  arm(optionId: string, column = false): void {
    this.update({ armed: optionId, armedColumn: column });
  }

  start(optionId: string, clusterId: string): void {
    this.update({ activeId: optionId, fromCluster: clusterId, overCluster: clusterId });
  }

  over(clusterId: string | null): void {
    if (this.state.activeId !== null) this.update({ overCluster: clusterId });
  }

  /** Drop or cancel; the dropped card stays armed (its binding lets the overlay animate to it and focus return to it). */
  end(): void {
    this.update({ armedColumn: false, activeId: null, fromCluster: null, overCluster: null });
  }

  private update(patch: Partial<DragState>): void {
    const next = { ...this.state, ...patch };
    if (
      next.armed === this.state.armed &&
      next.armedColumn === this.state.armedColumn &&
      next.activeId === this.state.activeId &&
      next.fromCluster === this.state.fromCluster &&
      next.overCluster === this.state.overCluster
    )
      return;
    this.state = next;
    for (const listener of [...this.listeners]) listener();
  }
}

/** A column is involved in a drag when the drag is from it or over it. */
export function involves(state: DragState, clusterId: string): boolean {
  return state.activeId !== null && (state.fromCluster === clusterId || state.overCluster === clusterId);
}

export type ClusterDragValue = {
  readonly drag: ClusterDrag;
  /** id of @dnd-kit's screen-reader instructions (the DndContext's id) */
  readonly describedBy: string;
};

const ClusterDragContext = createContext<ClusterDragValue | null>(null);
export const ClusterDragProvider = ClusterDragContext.Provider;

export function useClusterDrag(): ClusterDragValue {
  const value = useContext(ClusterDragContext);
  if (!value) throw new Error('useClusterDrag() outside the Cluster view');
  return value;
}

/** The entry for `id`, following it as it comes and goes. */
export function usePort<T>(ports: Ports<T>, id: string): T | undefined {
  const subscribe = useCallback((listener: () => void) => ports.watch(id, listener), [ports, id]);
  const get = useCallback(() => ports.get(id), [ports, id]);
  return useSyncExternalStore(subscribe, get, get);
}

/** A ref for a drop zone's element: registered under `id` while it is in the page. */
export function useZoneRef(id: string): RefCallback<HTMLElement> {
  const { drag } = useClusterDrag();
  return useCallback(
    (element: HTMLElement | null) => {
      if (!element) return;
      drag.zones.set(id, element);
      return () => drag.zones.release(id, element);
    },
    [drag, id],
  );
}

/** One value derived from the drag state; re-renders only when it changes (return primitives). */
export function useDragSelector<T extends string | number | boolean | null>(select: (state: DragState) => T): T {
  const { drag } = useClusterDrag();
  const get = useCallback(() => select(drag.get()), [drag, select]);
  return useSyncExternalStore(drag.subscribe, get, get);
}
