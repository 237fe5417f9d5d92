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
 * from or over. A binding reaches its card's DOM through the card's `port`.
 */
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
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

export class ClusterDrag {
  private state: DragState = IDLE;
  private readonly listeners = new Set<() => void>();
  private readonly ports = new Map<string, OptionPort>();
  private readonly portListeners = new Map<string, () => void>();

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

  /** A card announces its DOM (null when it unmounts); its binding, if any, re-attaches. */
  setPort(optionId: string, port: OptionPort | null): void {
    if (port) this.ports.set(optionId, port);
    else this.ports.delete(optionId);
    this.portListeners.get(optionId)?.();
  }
  getPort(optionId: string): OptionPort | undefined {
    return this.ports.get(optionId);
  }
  /** One binding per option at a time listens for its card's port. */
  watchPort(optionId: string, listener: () => void): () => void {
    this.portListeners.set(optionId, listener);
    return () => {
      if (this.portListeners.get(optionId) === listener) this.portListeners.delete(optionId);
    };
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

/** One value derived from the drag state; re-renders only when it changes (return primitives). */
export function useDragSelector<T extends string | number | boolean | null>(select: (state: DragState) => T): T {
  const { drag } = useClusterDrag();
  const get = useCallback(() => select(drag.get()), [drag, select]);
  return useSyncExternalStore(drag.subscribe, get, get);
}
