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
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { HealthRating, InterestData, InterestLink, PlanData, Rating, TradeoffData } from './board-data';
import { boardScorer, ratingsOf, type MyRatings, type OptionScore, type Weights } from './derive/scores';
import { debriefFigures, type DebriefFigures } from './derive/debrief';
import { reuseMap } from './reuse';
import type { BoardState } from './state';
import type { BoardStore, SchemaCompatibility } from './store';
import type { BoardMeta, BoardOption, Checkpoint, Cluster, DebriefNote, Party, PhaseState } from './schema';

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

function useKeyed<T>(store: BoardStore, get: (key: string) => T, key: string): T {
  const bound = useCallback(() => get(key), [get, key]);
  return useStoreValue(store, bound);
}

/** The option ids of one cluster ('' = not grouped), in order: a column re-renders only when its own list changes. */
export const useClusterOptionIds = (store: BoardStore, clusterId: string): readonly string[] =>
  useKeyed(store, store.getClusterOptionIds, clusterId);
export const useOptionTags = (store: BoardStore, optionId: string): readonly string[] =>
  useKeyed(store, store.getOptionTags, optionId);
export const useAllOptionTags = (store: BoardStore): ReadonlyMap<string, readonly string[]> =>
  useStoreValue(store, store.getAllOptionTags);
export const useOptionInterestIds = (store: BoardStore, optionId: string): readonly string[] =>
  useKeyed(store, store.getOptionInterestIds, optionId);
export const useAllOptionInterests = (store: BoardStore): ReadonlyMap<string, readonly string[]> =>
  useStoreValue(store, store.getAllOptionInterests);
export const useInterests = (store: BoardStore): readonly InterestData[] => useStoreValue(store, store.getInterests);
export const useInterestLinks = (store: BoardStore): readonly InterestLink[] => useStoreValue(store, store.getInterestLinks);
export const useClusters = (store: BoardStore): readonly Cluster[] => useStoreValue(store, store.getClusters);
export const useTradeoffs = (store: BoardStore): readonly TradeoffData[] => useStoreValue(store, store.getTradeoffs);
export const usePlan = (store: BoardStore, optionId: string): PlanData => useKeyed(store, store.getPlan, optionId);
export const useCheckpoints = (store: BoardStore): readonly Checkpoint[] => useStoreValue(store, store.getCheckpoints);
export const useDebriefNotes = (store: BoardStore): readonly DebriefNote[] => useStoreValue(store, store.getDebriefNotes);
export const useRelationshipHealth = (store: BoardStore): readonly HealthRating[] =>
  useStoreValue(store, store.getRelationshipHealth);
export const useBoardState = (store: BoardStore): BoardState => useStoreValue(store, store.getBoardState);
export const useAuthorship = (store: BoardStore): Readonly<Record<string, string>> => useStoreValue(store, store.getAuthorship);
export const useRatings = (store: BoardStore): readonly Rating[] => useStoreValue(store, store.getRatings);
export const useScoreProgress = (store: BoardStore): Readonly<Record<string, number>> =>
  useStoreValue(store, store.getScoreProgress);
export const useMembers = (store: BoardStore): Readonly<Record<string, string>> => useStoreValue(store, store.getMembers);

/**
 * A getter for a value derived from store slices: `compute` runs only when one
 * of the inputs `read` returns has a new identity, and `reuse` keeps the
 * unchanged parts of the previous result (lib/board/reuse.ts), so memoised
 * components that hold one part skip rendering when another part changed.
 */
function derived<I extends readonly unknown[], T>(
  read: () => I,
  compute: (inputs: I) => T,
  reuse: (previous: T, next: T) => T,
): () => T {
  let last: { inputs: I; value: T } | null = null;
  return () => {
    const inputs = read();
    if (last && inputs.every((input, i) => Object.is(input, last!.inputs[i]))) return last.value;
    const next = compute(inputs);
    last = { inputs, value: last ? reuse(last.value, next) : next };
    return last.value;
  };
}

// One score getter per store, shared by every component that shows scores (the figures are computed once per change).
const scoreGetters = new WeakMap<BoardStore, () => ReadonlyMap<string, OptionScore>>();

/**
 * Score figures for every option, as the store holds them now. Recomputed
 * when ratings, parties, options or the scoring settings change; an option
 * whose figures did not change keeps its OptionScore object, and the map
 * keeps its identity when nothing changed.
 * @example const getScores = scoresGetter(store); getScores().get(optionId)?.worksForBoth
 */
export function scoresGetter(store: BoardStore): () => ReadonlyMap<string, OptionScore> {
  let get = scoreGetters.get(store);
  if (!get) {
    const score = boardScorer();
    type Inputs = readonly [optionIds: readonly string[], ratings: readonly Rating[], parties: readonly Party[], weights: Weights, threshold: number];
    get = derived<Inputs, ReadonlyMap<string, OptionScore>>(
      () => {
        const { weights, worksForBothThreshold } = store.getBoardState();
        return [store.getOptionIds(), store.getRatings(), store.getParties(), weights, worksForBothThreshold] as const;
      },
      ([optionIds, ratings, parties, weights, threshold]) => score(optionIds, ratings, parties, { weights, threshold }),
      (_previous, next) => next, // the scorer keeps unchanged figures itself
    );
    scoreGetters.set(store, get);
  }
  return get;
}

/**
 * Score figures for every option; a rating re-renders only what shows the
 * option it concerns (see scoresGetter).
 * @example const scores = useScores(store); scores.get(optionId)?.worksForBoth
 */
export function useScores(store: BoardStore): ReadonlyMap<string, OptionScore> {
  return useStoreValue(store, scoresGetter(store));
}

const NO_SCORES: ReadonlyMap<string, OptionScore> = new Map();

/**
 * Every option's figures while `needed`, else an empty map that never
 * changes: a list that orders or filters by score only when its view says so
 * (and re-renders on every rating only then).
 */
export function useScoresWhen(store: BoardStore, needed: boolean): ReadonlyMap<string, OptionScore> {
  const get = useMemo(() => (needed ? scoresGetter(store) : () => NO_SCORES), [store, needed]);
  return useStoreValue(store, get);
}

/** One option's figures: its row re-renders when they change, and for nothing else. */
export function useOptionScore(store: BoardStore, optionId: string): OptionScore | undefined {
  const get = useMemo(() => {
    const scores = scoresGetter(store);
    return () => scores().get(optionId);
  }, [store, optionId]);
  return useStoreValue(store, get);
}

/**
 * One participant's own ratings by option (empty without a party). An
 * option's entry keeps its identity until that participant rates it again,
 * so other people's ratings leave it alone.
 */
export function myRatingsGetter(store: BoardStore, participantId: string, partyId: string | null): () => ReadonlyMap<string, MyRatings> {
  return derived<readonly [readonly Rating[]], ReadonlyMap<string, MyRatings>>(
    () => [store.getRatings()] as const,
    ([ratings]) => ratingsOf(ratings, participantId, partyId),
    reuseMap,
  );
}

/** @example const mine = useMyRatings(store, session.participantId, ownParty).get(optionId)?.impact */
export function useMyRatings(store: BoardStore, participantId: string, partyId: string | null): ReadonlyMap<string, MyRatings> {
  const get = useMemo(() => myRatingsGetter(store, participantId, partyId), [store, participantId, partyId]);
  return useStoreValue(store, get);
}

/**
 * Every option in board order. The list keeps its identity until an option is
 * added, removed, reordered or edited (unchanged options keep theirs), so
 * screens that need all options at once (scores, shortlist, plans) re-render
 * only when something they show changed.
 * @example const shortlist = useOptions(store).filter((o) => o.shortlisted);
 */
export function useOptions(store: BoardStore): readonly BoardOption[] {
  const get = useMemo(() => {
    let last: readonly BoardOption[] = [];
    return () => {
      const next = store.getOptionIds().flatMap((id) => store.getOption(id) ?? []);
      if (next.length === last.length && next.every((option, i) => option === last[i])) return last;
      last = next;
      return last;
    };
  }, [store]);
  return useStoreValue(store, get);
}

/**
 * The debrief figures (derive/debrief.ts) from what this reader can see.
 * @example const { worksForBothShare } = useDebriefFigures(store);
 */
export function useDebriefFigures(store: BoardStore): DebriefFigures | null {
  const meta = useBoardMeta(store);
  const parties = useParties(store);
  const options = useOptions(store);
  const authorship = useAuthorship(store);
  const ratings = useRatings(store);
  const scoreProgress = useScoreProgress(store);
  const debriefNotes = useDebriefNotes(store);
  const relationshipHealth = useRelationshipHealth(store);
  const scores = useScores(store);
  return useMemo(
    () =>
      meta
        ? debriefFigures({ meta, parties, options, authorship, ratings, scoreProgress, debriefNotes, relationshipHealth }, scores)
        : null,
    [meta, parties, options, authorship, ratings, scoreProgress, debriefNotes, relationshipHealth, scores],
  );
}
