'use client';
/**
 * React bindings for BoardStore. Each hook reads one narrow, stable value
 * through useSyncExternalStore, so a component re-renders only when its own
 * value changes.
 *
 * @example
 *   const ids = useOptionIds(store);            // the list re-renders on add/remove/reorder
 *   const option = useOption(store, id);        // one card re-renders on its own edits
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { BoardStore, SchemaCompatibility } from './store';
import type { BoardMeta, BoardOption, Party, PhaseState } from './schema';

function useStoreValue<T>(store: BoardStore, get: () => T): T {
  return useSyncExternalStore(store.subscribe, get, get);
}

export function useBoardMeta(store: BoardStore): BoardMeta | null {
  return useStoreValue(store, store.getMeta);
}

export function useParties(store: BoardStore): readonly Party[] {
  return useStoreValue(store, store.getParties);
}

export function useOptionIds(store: BoardStore): readonly string[] {
  return useStoreValue(store, store.getOptionIds);
}

export function useOption(store: BoardStore, id: string): BoardOption | undefined {
  const get = useCallback(() => store.getOption(id), [store, id]);
  return useStoreValue(store, get);
}

export function usePhaseState(store: BoardStore): PhaseState {
  return useStoreValue(store, store.getPhaseState);
}

export function useSchemaCompatibility(store: BoardStore): SchemaCompatibility {
  return useStoreValue(store, store.getCompatibility);
}
