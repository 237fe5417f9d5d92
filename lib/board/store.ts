/**
 * BoardStore: Yjs events in, stable immutable values out.
 *
 * Each getter returns the same object until that piece of the board changes,
 * so `useSyncExternalStore` hooks with narrow getters re-render only what
 * changed: editing one option re-renders that option's card alone
 * (tldraw's `useValue`, Hocuspocus' `versionRef`).
 *
 * Options — the collection that grows to thousands — are re-read record by
 * record from the deep events. The smaller collections are slices: re-read
 * whole when one of their roots changes, then structurally shared with the
 * previous value (lib/board/reuse.ts), so unchanged records keep their identity.
 * Ratings, which also grow to tens of thousands, are read key by key from the
 * events' changed keys (lib/board/store-ratings.ts).
 */
import type * as Y from 'yjs';
import {
  EMPTY_PLAN,
  readAuthorship,
  readCheckpoints,
  readClusters,
  readDebriefNotes,
  readInterestLinks,
  readInterests,
  readMembers,
  readOptionInterests,
  readOptionTags,
  readPlans,
  readRelationshipHealth,
  readScoreProgress,
  readTradeoffs,
  type HealthRating,
  type InterestData,
  type InterestLink,
  type PlanData,
  type Rating,
  type TradeoffData,
} from './board-data';
import { dict } from './dict';
import { compareByOrder } from './order';
import { readMeta, readOption, readParties, type ProblemSink, type RecordProblem } from './read';
import { deepEqualPlain, reuseList, reuseMap, reuseValue } from './reuse';
import {
  ROOT,
  SCHEMA_VERSION,
  flatMap,
  metaMap,
  optionsMap,
  readSchemaVersion,
  type BoardMeta,
  type BoardOption,
  type Checkpoint,
  type Cluster,
  type DebriefNote,
  type Party,
  type PhaseState,
} from './schema';
import { readBoardState, type BoardState } from './state';
import { VisibleRatings } from './store-ratings';

export type SchemaCompatibility = 'ok' | 'client-outdated';

export type BoardDocs = {
  readonly joint: Y.Doc;
  readonly state?: Y.Doc;
  /** the reader's own party lane */
  readonly lane?: { readonly doc: Y.Doc; readonly partyId: string };
};

const MAX_KEPT_PROBLEMS = 100;
const EMPTY_LIST: readonly string[] = Object.freeze([]);

type Slice<T> = { value: T; readonly read: () => T; readonly reuse: (previous: T, next: T) => T };

export class BoardStore {
  private readonly listeners = new Set<() => void>();
  private readonly cleanups: (() => void)[] = [];
  private readonly options = new Map<string, BoardOption>();
  private optionIds: readonly string[] = [];
  private compatibility: SchemaCompatibility = 'ok';
  private phase: PhaseState;
  private readonly problemLog: RecordProblem[] = [];
  /** options grouped by cluster ('' = none), recomputed lazily after a change */
  private clusterGroups = new Map<string, readonly string[]>();
  private clusterGroupsStale = true;
  private readonly report: ProblemSink;

  private readonly meta: Slice<BoardMeta | null>;
  private readonly parties: Slice<readonly Party[]>;
  private readonly optionTags: Slice<ReadonlyMap<string, readonly string[]>>;
  private readonly optionInterests: Slice<ReadonlyMap<string, readonly string[]>>;
  private readonly interests: Slice<readonly InterestData[]>;
  private readonly interestLinks: Slice<readonly InterestLink[]>;
  private readonly clusters: Slice<readonly Cluster[]>;
  private readonly tradeoffs: Slice<readonly TradeoffData[]>;
  private readonly plans: Slice<ReadonlyMap<string, PlanData>>;
  private readonly checkpoints: Slice<readonly Checkpoint[]>;
  private readonly debriefNotes: Slice<readonly DebriefNote[]>;
  private readonly health: Slice<readonly HealthRating[]>;
  private readonly boardState: Slice<BoardState>;
  private readonly authorship: Slice<Readonly<Record<string, string>>>;
  private readonly ratings: VisibleRatings;
  private readonly scoreProgress: Slice<Readonly<Record<string, number>>>;
  private readonly members: Slice<Readonly<Record<string, string>>>;

  constructor(
    private readonly docs: BoardDocs,
    onProblem?: ProblemSink,
  ) {
    this.report = (problem) => {
      if (this.problemLog.length < MAX_KEPT_PROBLEMS) this.problemLog.push(problem);
      onProblem?.(problem);
    };
    const { joint, state, lane } = docs;
    const report = this.report;
    this.meta = this.slice<BoardMeta | null>([[joint, ROOT.meta]], () => readMeta(joint, report), reuseValue);
    this.parties = this.slice<readonly Party[]>([[joint, ROOT.parties]], () => readParties(joint, report), reuseList);
    this.optionTags = this.slice<ReadonlyMap<string, readonly string[]>>([[joint, ROOT.optionTags]], () => readOptionTags(joint), reuseMap);
    this.optionInterests = this.slice<ReadonlyMap<string, readonly string[]>>([[joint, ROOT.optionInterests]], () => readOptionInterests(joint), reuseMap);
    this.interests = this.slice<readonly InterestData[]>(
      [[joint, ROOT.interests], ...(lane ? ([[lane.doc, ROOT.interests]] as const) : [])],
      () => readInterests(joint, lane, report),
      reuseList,
    );
    this.interestLinks = this.slice<readonly InterestLink[]>([[joint, ROOT.interestLinks]], () => readInterestLinks(joint), reuseValue);
    this.clusters = this.slice<readonly Cluster[]>([[joint, ROOT.clusters]], () => readClusters(joint, report), reuseList);
    this.tradeoffs = this.slice<readonly TradeoffData[]>(
      [
        [joint, ROOT.tradeoffs],
        [joint, ROOT.tradeoffOptions],
        [joint, ROOT.tradeoffResponses],
      ],
      () => readTradeoffs(joint, report),
      reuseList,
    );
    this.plans = this.slice<ReadonlyMap<string, PlanData>>([[joint, ROOT.plans]], () => new Map(Object.entries(readPlans(joint))), reuseMap);
    this.checkpoints = this.slice<readonly Checkpoint[]>([[joint, ROOT.checkpoints]], () => readCheckpoints(joint, report), reuseList);
    this.debriefNotes = this.slice<readonly DebriefNote[]>([[joint, ROOT.debriefNotes]], () => readDebriefNotes(joint, report), reuseList);
    this.health = this.slice<readonly HealthRating[]>([[joint, ROOT.relationshipHealth]], () => readRelationshipHealth(joint), reuseValue);
    const stateRoots = (root: string) => (state ? ([[state, root]] as [Y.Doc, string][]) : []);
    const laneRoots = (root: string) => (lane ? ([[lane.doc, root]] as [Y.Doc, string][]) : []);
    this.boardState = this.slice<BoardState>(stateRoots(ROOT.state), () => readBoardState(state ?? null), reuseValue);
    this.authorship = this.slice<Readonly<Record<string, string>>>(
      [...stateRoots(ROOT.authorship), ...laneRoots(ROOT.proposals)],
      () => readAuthorship(state, lane),
      reuseValue,
    );
    // Ratings grow to tens of thousands and arrive in bursts: read key by key, not as a slice,
    // and only once a view asks for them (until then a change has no one to tell).
    this.ratings = new VisibleRatings(state, lane);
    const ratings = this.ratings;
    if (state) {
      // Who a published slot is lives in raterSlots: a transaction that renumbers slots re-reads every published key.
      const published = flatMap(state, ROOT.publishedRatings);
      const slots = flatMap(state, ROOT.raterSlots);
      this.observeDeep(published, (events) => ratings.isLoaded && ratings.applyPublished(changedKeys(events), changedIn(events, slots)));
      this.observeDeep(slots, (events) => ratings.isLoaded && !changedIn(events, published) && ratings.applyPublished([], true));
    }
    if (lane) this.observeDeep(flatMap(lane.doc, ROOT.ratings), (events) => ratings.isLoaded && ratings.applyLane(changedKeys(events)));
    this.scoreProgress = this.slice<Readonly<Record<string, number>>>(stateRoots(ROOT.scoreProgress), () => readScoreProgress(state), reuseValue);
    this.members = this.slice<Readonly<Record<string, string>>>(laneRoots(ROOT.members), () => (lane ? readMembers(lane.doc) : dict<string>()), reuseValue);

    const { phase, phaseChangedAt } = this.boardState.value;
    this.phase = { phase, phaseChangedAt };
    this.refreshOptions(null);
    this.refreshCompatibility();
    this.observeDeep(optionsMap(joint) as Y.Map<unknown>, (events) => this.refreshOptions(changedKeys(events)));
    for (const doc of [joint, state, lane?.doc]) {
      if (doc) this.observeDeep(metaMap(doc), () => this.refreshCompatibility());
    }
  }

  /** Stable function: safe to pass straight to useSyncExternalStore. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getMeta = (): BoardMeta | null => this.meta.value;
  getParties = (): readonly Party[] => this.parties.value;
  getOptionIds = (): readonly string[] => this.optionIds;
  getOption = (id: string): BoardOption | undefined => this.options.get(id);
  /**
   * The option ids of one cluster ('' = not in any cluster, including options of a
   * deleted cluster), in order. A cluster's list keeps its identity until its own
   * membership or order changes, so a column re-renders only when it must.
   */
  getClusterOptionIds = (clusterId: string): readonly string[] => {
    if (this.clusterGroupsStale) this.regroupOptions();
    return this.clusterGroups.get(clusterId) ?? EMPTY_LIST;
  };
  getOptionTags = (optionId: string): readonly string[] => this.optionTags.value.get(optionId) ?? EMPTY_LIST;
  getAllOptionTags = (): ReadonlyMap<string, readonly string[]> => this.optionTags.value;
  getOptionInterestIds = (optionId: string): readonly string[] => this.optionInterests.value.get(optionId) ?? EMPTY_LIST;
  getAllOptionInterests = (): ReadonlyMap<string, readonly string[]> => this.optionInterests.value;
  getInterests = (): readonly InterestData[] => this.interests.value;
  getInterestLinks = (): readonly InterestLink[] => this.interestLinks.value;
  getClusters = (): readonly Cluster[] => this.clusters.value;
  getTradeoffs = (): readonly TradeoffData[] => this.tradeoffs.value;
  getPlan = (optionId: string): PlanData => this.plans.value.get(optionId) ?? EMPTY_PLAN;
  getPlans = (): ReadonlyMap<string, PlanData> => this.plans.value;
  getCheckpoints = (): readonly Checkpoint[] => this.checkpoints.value;
  getDebriefNotes = (): readonly DebriefNote[] => this.debriefNotes.value;
  getRelationshipHealth = (): readonly HealthRating[] => this.health.value;
  getBoardState = (): BoardState => this.boardState.value;
  getPhaseState = (): PhaseState => this.phase;
  getAuthorship = (): Readonly<Record<string, string>> => this.authorship.value;
  getRatings = (): readonly Rating[] => this.ratings.value;
  getScoreProgress = (): Readonly<Record<string, number>> => this.scoreProgress.value;
  getMembers = (): Readonly<Record<string, string>> => this.members.value;
  getCompatibility = (): SchemaCompatibility => this.compatibility;
  getProblems = (): readonly RecordProblem[] => this.problemLog;
  /** the party whose lane this store reads, if any */
  getLanePartyId = (): string | null => this.docs.lane?.partyId ?? null;

  destroy(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.listeners.clear();
  }

  // -------------------------------------------------------------------------

  private slice<T>(roots: readonly (readonly [Y.Doc, string])[], read: () => T, reuse: (previous: T, next: T) => T): Slice<T> {
    const slice: Slice<T> = { value: read(), read, reuse };
    for (const [doc, root] of roots) {
      this.observeDeep(doc.getMap(root), () => {
        const next = slice.reuse(slice.value, slice.read());
        if (next === slice.value) return false;
        slice.value = next;
        if (slice === (this.boardState as unknown)) this.refreshPhase();
        return true;
      });
    }
    return slice;
  }

  private observeDeep(type: Y.Map<unknown>, onChange: (events: Y.YEvent<Y.AbstractType<unknown>>[]) => boolean): void {
    const handler = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      if (onChange(events)) this.emit();
    };
    type.observeDeep(handler);
    this.cleanups.push(() => type.unobserveDeep(handler));
  }

  private emit(): void {
    this.clusterGroupsStale = true;
    for (const listener of [...this.listeners]) listener();
  }

  private regroupOptions(): void {
    const known = new Set(this.clusters.value.map((c) => c.id));
    const next = new Map<string, string[]>();
    for (const id of this.optionIds) {
      const clusterId = this.options.get(id)?.clusterId ?? '';
      const key = clusterId && known.has(clusterId) ? clusterId : '';
      const list = next.get(key);
      if (list) list.push(id);
      else next.set(key, [id]);
    }
    const previous = this.clusterGroups;
    this.clusterGroups = new Map(
      [...next].map(([key, ids]) => {
        const before = previous.get(key);
        return [key, before && deepEqualPlain(before, ids) ? before : Object.freeze(ids)];
      }),
    );
    this.clusterGroupsStale = false;
  }

  private refreshPhase(): void {
    const { phase, phaseChangedAt } = this.boardState.value;
    const next = { phase, phaseChangedAt };
    if (!deepEqualPlain(next, this.phase)) this.phase = next;
  }

  private refreshCompatibility(): boolean {
    const docs = [this.docs.joint, this.docs.state, this.docs.lane?.doc].filter((d): d is Y.Doc => d !== undefined);
    const newest = Math.max(0, ...docs.map((doc) => readSchemaVersion(doc) ?? 0));
    const next: SchemaCompatibility = newest > SCHEMA_VERSION ? 'client-outdated' : 'ok';
    if (next === this.compatibility) return false;
    this.compatibility = next;
    return true;
  }

  /** Re-read the changed option records (all of them when `changed` is null). */
  private refreshOptions(changed: ReadonlySet<string> | null): boolean {
    const options = optionsMap(this.docs.joint);
    const ids = changed ?? new Set(options.keys());
    let anyChanged = false;
    let orderChanged = changed === null;
    for (const id of ids) {
      const previous = this.options.get(id);
      const next = readOption(id, options.get(id), options.has(id) ? this.report : undefined);
      if (!next) {
        if (previous) {
          this.options.delete(id);
          anyChanged = orderChanged = true;
        }
        continue;
      }
      if (previous && deepEqualPlain(previous, next)) continue;
      this.options.set(id, next);
      anyChanged = true;
      if (!previous || previous.order !== next.order) orderChanged = true;
    }
    if (orderChanged) {
      const sorted = [...this.options.values()].sort(compareByOrder).map((o) => o.id);
      if (!deepEqualPlain(sorted, this.optionIds)) {
        this.optionIds = sorted;
        anyChanged = true;
      }
    }
    return anyChanged;
  }
}

/**
 * The keys of a root map touched by a batch of deep events on it: a change
 * inside a record is its key's. keysChanged, not event.keys: it also holds a
 * key added and deleted in one transaction, which still takes its place in
 * the map's key order (see store-ratings.ts), and it lists the keys in the
 * order the map first got them. The map's own event comes first (Yjs sorts
 * deep events by depth).
 */
/** Whether the transaction behind `events` changed `type` too. */
function changedIn(events: Y.YEvent<Y.AbstractType<unknown>>[], type: Y.Map<unknown>): boolean {
  return events[0]!.transaction.changed.has(type as unknown as Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>);
}

function changedKeys(events: Y.YEvent<Y.AbstractType<unknown>>[]): Set<string> {
  const keys = new Set<string>();
  for (const event of events) {
    const [first] = event.path;
    if (typeof first === 'string') keys.add(first);
    else if ('keysChanged' in event) for (const key of (event as Y.YMapEvent<unknown>).keysChanged) if (typeof key === 'string') keys.add(key);
  }
  return keys;
}
