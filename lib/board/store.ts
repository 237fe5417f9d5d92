/**
 * BoardStore: Yjs events in, stable immutable values out.
 *
 * Each getter returns the same object until that piece of the board changes,
 * so `useSyncExternalStore` hooks with narrow getters re-render only what
 * changed: editing one option re-renders that option's card alone
 * (tldraw's `useValue`, Hocuspocus' `versionRef`).
 */
import type * as Y from 'yjs';
import { compareByOrder } from './order';
import { readMeta, readOption, readParties, type ProblemSink, type RecordProblem } from './read';
import { SCHEMA_VERSION, metaMap, optionsMap, partiesMap, readSchemaVersion, stateMap, type BoardMeta, type BoardOption, type Party, type PhaseState } from './schema';
import { DEFAULT_PHASE_STATE, readPhaseState } from './state';

export type SchemaCompatibility = 'ok' | 'client-outdated';

export type BoardDocs = {
  readonly joint: Y.Doc;
  readonly state?: Y.Doc;
  readonly lane?: Y.Doc;
};

/** A plain, immutable view of the whole board (for exports and tests). */
export type BoardSnapshot = {
  readonly meta: BoardMeta | null;
  readonly parties: readonly Party[];
  readonly options: readonly BoardOption[];
  readonly phase: PhaseState;
};

const MAX_KEPT_PROBLEMS = 100;

export class BoardStore {
  private readonly listeners = new Set<() => void>();
  private readonly cleanups: (() => void)[] = [];
  private readonly options = new Map<string, BoardOption>();
  private optionIds: readonly string[] = [];
  private meta: BoardMeta | null = null;
  private parties: readonly Party[] = [];
  private phase: PhaseState = DEFAULT_PHASE_STATE;
  private compatibility: SchemaCompatibility = 'ok';
  private readonly problemLog: RecordProblem[] = [];
  private readonly report: ProblemSink;

  constructor(
    private readonly docs: BoardDocs,
    onProblem?: ProblemSink,
  ) {
    this.report = (problem) => {
      if (this.problemLog.length < MAX_KEPT_PROBLEMS) this.problemLog.push(problem);
      onProblem?.(problem);
    };
    this.refreshMeta();
    this.refreshParties();
    this.refreshOptions(null);
    this.refreshPhase();
    this.watch(metaMap(docs.joint), () => this.refreshMeta() || this.refreshCompatibility());
    this.watchDeep(partiesMap(docs.joint), () => this.refreshParties());
    this.watchDeep(optionsMap(docs.joint), (events) => this.refreshOptions(changedRecordIds(events)));
    if (docs.state) {
      this.watch(stateMap(docs.state), () => this.refreshPhase());
      this.watch(metaMap(docs.state), () => this.refreshCompatibility());
    }
    if (docs.lane) this.watch(metaMap(docs.lane), () => this.refreshCompatibility());
  }

  /** Stable function: safe to pass straight to useSyncExternalStore. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getMeta = (): BoardMeta | null => this.meta;
  getParties = (): readonly Party[] => this.parties;
  getOptionIds = (): readonly string[] => this.optionIds;
  getOption = (id: string): BoardOption | undefined => this.options.get(id);
  getPhaseState = (): PhaseState => this.phase;
  getCompatibility = (): SchemaCompatibility => this.compatibility;
  getProblems = (): readonly RecordProblem[] => this.problemLog;

  getSnapshot(): BoardSnapshot {
    return {
      meta: this.meta,
      parties: this.parties,
      options: this.optionIds.map((id) => this.options.get(id)!),
      phase: this.phase,
    };
  }

  destroy(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.listeners.clear();
  }

  // -------------------------------------------------------------------------

  private watch(type: Y.Map<unknown>, onChange: () => boolean): void {
    const handler = () => {
      if (onChange()) this.emit();
    };
    type.observe(handler);
    this.cleanups.push(() => type.unobserve(handler));
  }

  private watchDeep(type: Y.Map<Y.Map<unknown>>, onChange: (events: Y.YEvent<Y.AbstractType<unknown>>[]) => boolean): void {
    const handler = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      if (onChange(events)) this.emit();
    };
    type.observeDeep(handler);
    this.cleanups.push(() => type.unobserveDeep(handler));
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private refreshMeta(): boolean {
    const next = readMeta(this.docs.joint, this.report);
    const changed = !shallowEqual(this.meta, next);
    if (changed) this.meta = next;
    return this.refreshCompatibility() || changed;
  }

  private refreshCompatibility(): boolean {
    const docs = [this.docs.joint, this.docs.state, this.docs.lane].filter((d): d is Y.Doc => d !== undefined);
    const newest = Math.max(0, ...docs.map((doc) => readSchemaVersion(doc) ?? 0));
    const next: SchemaCompatibility = newest > SCHEMA_VERSION ? 'client-outdated' : 'ok';
    if (next === this.compatibility) return false;
    this.compatibility = next;
    return true;
  }

  private refreshParties(): boolean {
    const next = readParties(this.docs.joint, this.report);
    if (next.length === this.parties.length && next.every((p, i) => shallowEqual(p, this.parties[i]!))) return false;
    this.parties = next;
    return true;
  }

  private refreshPhase(): boolean {
    if (!this.docs.state) return false;
    const next = readPhaseState(this.docs.state);
    if (shallowEqual(next, this.phase)) return false;
    this.phase = next;
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
      if (previous && shallowEqual(previous, next)) continue;
      this.options.set(id, next);
      anyChanged = true;
      if (!previous || previous.order !== next.order) orderChanged = true;
    }
    if (orderChanged) {
      const sorted = [...this.options.values()].sort(compareByOrder).map((o) => o.id);
      if (!arraysEqual(sorted, this.optionIds)) {
        this.optionIds = sorted;
        anyChanged = true;
      }
    }
    return anyChanged;
  }
}

/** The option ids touched by a batch of deep events on the options map. */
function changedRecordIds(events: Y.YEvent<Y.AbstractType<unknown>>[]): Set<string> {
  const ids = new Set<string>();
  for (const event of events) {
    const [first] = event.path;
    if (typeof first === 'string') ids.add(first);
    else for (const key of event.keys.keys()) ids.add(key);
  }
  return ids;
}

function shallowEqual<T extends object>(a: T | null, b: T | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keysA = Object.keys(a) as (keyof T)[];
  if (keysA.length !== Object.keys(b).length) return false;
  return keysA.every((key) => Object.is(a[key], b[key]));
}

function arraysEqual(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
