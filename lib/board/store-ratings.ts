/**
 * The ratings a reader sees (readVisibleRatings), kept up to date key by key.
 *
 * A board holds tens of thousands of ratings and they arrive in bursts, so
 * re-reading them all on every change (split and validate every key, then
 * compare the whole list) cost 60–100 ms per rating. Instead each change reads
 * only the keys its Yjs event touched; every other Rating object, and the list
 * itself when nothing visible changed, is kept.
 *
 * The list must come out exactly as readVisibleRatings reads it — same
 * ratings, same order — because the score derivations compare per-option
 * ratings in order. That order is: the published ratings (state room) in the
 * order of that map's keys, each replaced by the reader's own lane's value
 * when it has one; then the lane's ratings not published, in the lane map's
 * key order. A Y.Map iterates its keys in the order each key first appeared
 * (a deleted key keeps its place and gets it back when set again), so each
 * map is mirrored with its deleted and invalid keys too: a key the mirror has
 * never seen is the map's last, and can be appended; a key coming back to life
 * sits somewhere in the middle, and its part of the list is rebuilt from the
 * mirror (map lookups, no parsing).
 */
import type * as Y from 'yjs';
import { mapKeysWithDeleted } from '../yjs/internals';
import { firstChangedSlot, ratingKey, readLaneEntry, readPublishedEntry, readRaterSlots, slotsSpanned, type Rating, type RaterSlot, type RatingPositions } from './rating-entries';
import { deepEqualPlain } from './reuse';
import { ROOT, flatMap } from './schema';

type Entry = { readonly rating: Rating; /** ratingKey(rating) */ readonly key: string };
/** One stored entry's ratings by position (rating-entries.ts RatingPositions); null = not rated */
type Positions = readonly (Entry | null)[];
/** What one position held and holds (a lane position is always the same rating; a published one may name another rater once slots are renumbered): before undefined = its map key is new to the map */
type Change = { readonly before: Entry | null | undefined; readonly after: Entry | null };

/**
 * One ratings map (a lane's `ratings` or the state room's
 * `publishedRatings`), mirrored key by key. A lane key holds a rater's three
 * criteria of one option, a published key every rater's of one option
 * (rating-entries.ts), so one key's change is several rating changes,
 * reported per position.
 */
class RatingsSource {
  /** every key the map holds or held, in the map's key order; null = deleted or invalid */
  readonly mirror = new Map<string, Positions | null>();
  /** the valid ratings, by rating key */
  readonly valid = new Map<string, Rating>();

  constructor(
    private readonly map: Y.Map<unknown>,
    private readonly readEntry: (key: string, value: unknown) => RatingPositions,
  ) {
    // Deleted keys too: they keep their place in the map's order, so the mirror needs them.
    for (const [key, deleted] of mapKeysWithDeleted(map)) this.put(key, deleted ? null : this.positions(key, null));
  }

  /** Re-read one key: the ratings in it that changed (none when nothing did). */
  read(key: string): Change[] {
    const known = this.mirror.has(key);
    const before = this.mirror.get(key) ?? null;
    const after = this.positions(key, before);
    const changes: Change[] = [];
    const length = Math.max(before?.length ?? 0, after?.length ?? 0);
    for (let i = 0; i < length; i++) {
      const was = before?.[i] ?? null;
      const is = after?.[i] ?? null;
      if (!known) changes.push({ before: undefined, after: is });
      else if (was !== is) changes.push({ before: was, after: is });
    }
    this.put(key, after);
    return changes;
  }

  /** The key's ratings by position; an unchanged rating keeps its Entry from `previous`, so its identity holds. */
  private positions(key: string, previous: Positions | null): Positions | null {
    const ratings = this.map.has(key) ? this.readEntry(key, this.map.get(key)) : [];
    if (!ratings.some((rating) => rating !== null)) return null;
    return ratings.map((rating, i) => {
      if (!rating) return null;
      const key = ratingKey(rating);
      const kept = previous?.[i];
      return kept && kept.key === key && kept.rating.value === rating.value ? kept : { rating, key };
    });
  }

  private put(key: string, positions: Positions | null): void {
    for (const entry of this.mirror.get(key) ?? []) if (entry) this.valid.delete(entry.key);
    this.mirror.set(key, positions);
    for (const entry of positions ?? []) if (entry) this.valid.set(entry.key, entry.rating);
  }
}

/** Whether two published groups show the very same ratings in the same order (absent and empty alike). */
function sameGroup(a: ReadonlyMap<string, Rating> | null | undefined, b: ReadonlyMap<string, Rating> | null | undefined): boolean {
  if ((a?.size ?? 0) !== (b?.size ?? 0)) return false;
  if (!a || !b) return true;
  const bs = b.entries();
  for (const [key, rating] of a) {
    const [otherKey, other] = bs.next().value!;
    if (key !== otherKey || rating !== other) return false;
  }
  return true;
}

/** Every rating of a mirror, in the map's key order and position order within a key. */
function* entriesOf(source: RatingsSource | null): Iterable<Entry> {
  for (const positions of source?.mirror.values() ?? []) for (const entry of positions ?? []) if (entry) yield entry;
}

/**
 * Lazy: nothing is read until someone asks for the list. The views that show
 * no rating (Brainstorm, Cluster, …) never do, and a party's lane holds 15–30k
 * ratings (5–10k stored entries) to split, decode and validate — work that
 * would sit on the page's load.
 * Until the first read, changes are ignored (no one has seen the list, so no
 * one needs telling); the first read mirrors the maps as they are then.
 */
export class VisibleRatings {
  private state: RatingsSource | null = null;
  /** the state room's raterSlots as of the last read: who each published slot is */
  private slots: readonly (RaterSlot | null)[] = [];
  private lane: RatingsSource | null = null;
  private loaded = false;
  /**
   * The published ratings by the state map's key (an option: one entry holds
   * every rater's ratings of it), in the map's order, each by rating key in
   * the entry's order, the lane's value in place of the published one. By
   * key, because a rating published in an entry that already holds others
   * sits in the middle of the list: only that key's group is rebuilt.
   */
  private published = new Map<string, Map<string, Rating>>();
  /** the lane's ratings that are not published, in the lane map's order */
  private unpublished = new Map<string, Rating>();
  private list: readonly Rating[] = [];

  constructor(
    private readonly stateDoc: Y.Doc | undefined,
    private readonly laneDocs: { readonly doc: Y.Doc; readonly partyId: string } | undefined,
  ) {}

  /** Whether the ratings have been read yet (they are on the first `value`). */
  get isLoaded(): boolean {
    return this.loaded;
  }

  /** The ratings in readVisibleRatings' order; the same array until one of them changes. */
  get value(): readonly Rating[] {
    if (!this.loaded) this.load();
    return this.list;
  }

  private load(): void {
    this.loaded = true;
    const { stateDoc, laneDocs } = this;
    if (stateDoc) {
      this.slots = readRaterSlots(flatMap(stateDoc, ROOT.raterSlots));
      this.state = new RatingsSource(flatMap(stateDoc, ROOT.publishedRatings), (optionId, value) => readPublishedEntry(optionId, value, this.slots));
    }
    if (laneDocs) {
      const { doc, partyId } = laneDocs;
      this.lane = new RatingsSource(flatMap(doc, ROOT.ratings), (key, value) => readLaneEntry(key, value, partyId));
    }
    this.rebuildPublished();
    this.rebuildUnpublished();
    this.list = this.assemble();
  }

  /**
   * The state room's publishedRatings changed at `keys`, and its raterSlots
   * too when `slotsChanged` (then every entry spanning a slot that names
   * someone else now is re-read as well — none but `keys` when a new rater
   * took a new slot at the end); true when the list changed.
   */
  applyPublished(keys: Iterable<string>, slotsChanged = false): boolean {
    const state = this.state;
    if (!state) return false;
    let touched = false;
    let publishedStale = false;
    let unpublishedStale = false;
    const stale = new Set(keys);
    if (slotsChanged) {
      const slots = readRaterSlots(flatMap(this.stateDoc!, ROOT.raterSlots));
      const from = firstChangedSlot(this.slots, slots);
      this.slots = slots;
      if (from !== null) {
        for (const [key, value] of flatMap(this.stateDoc!, ROOT.publishedRatings).entries()) if (slotsSpanned(value) > from) stale.add(key);
      }
    }
    const own = this.lane?.valid;
    for (const key of stale) {
      const known = state.mirror.has(key);
      const changes = state.read(key);
      if (changes.length === 0) continue;
      let unpublishedChanged = false;
      for (const { before, after } of changes) {
        // Published now: it leaves the unpublished; no longer published but the lane's own: back among them, in lane order.
        if (after && this.unpublished.delete(after.key)) unpublishedChanged = true;
        if (before && !state.valid.has(before.key) && own?.has(before.key)) unpublishedChanged = unpublishedStale = true;
      }
      const group = this.groupOf(key);
      const was = this.published.get(key);
      // What the lane's own values hide changed nothing visible: no list to assemble and compare.
      if (!unpublishedChanged && sameGroup(was, group)) continue;
      if (group) {
        // A key new to the map is its last; one coming back to life has its old place: the groups are put in order again.
        if (known && !was) publishedStale = true;
        this.published.set(key, group);
      } else this.published.delete(key);
      touched = true;
    }
    return this.finish(touched, publishedStale, unpublishedStale);
  }

  /** The lane's ratings changed at `keys`; true when the list changed. */
  applyLane(keys: Iterable<string>): boolean {
    const lane = this.lane;
    if (!lane) return false;
    let touched = false;
    let unpublishedStale = false;
    const publishedNow = this.state?.valid;
    for (const change of [...keys].flatMap((key) => lane.read(key))) {
      const { before, after } = change;
      const ratingKey = (after ?? before)?.key;
      if (ratingKey === undefined) continue;
      const published = publishedNow?.get(ratingKey);
      if (published) {
        // Published too: it keeps the published place, showing the lane's value while the lane has one.
        this.published.get(published.optionId)?.set(ratingKey, after?.rating ?? published);
      } else if (!after) {
        this.unpublished.delete(ratingKey);
      } else if (before || (before === undefined && !unpublishedStale)) {
        this.unpublished.set(ratingKey, after.rating); // in place, or appended: a key new to the map is its last
      } else {
        unpublishedStale = true;
      }
      touched = true;
    }
    return this.finish(touched, false, unpublishedStale);
  }

  private finish(touched: boolean, publishedStale: boolean, unpublishedStale: boolean): boolean {
    if (!touched) return false;
    if (publishedStale) this.rebuildPublished();
    if (unpublishedStale) this.rebuildUnpublished();
    const next = this.assemble();
    // Equal ratings in the same order (a rating that went back to an equal value): keep the list.
    if (next.length === this.list.length && next.every((rating, i) => rating === this.list[i] || deepEqualPlain(rating, this.list[i]))) return false;
    this.list = next;
    return true;
  }

  /** Put the groups in the state map's order again (kept groups are reused). */
  private rebuildPublished(): void {
    const previous = this.published;
    this.published = new Map();
    for (const key of this.state?.mirror.keys() ?? []) {
      const group = previous.get(key) ?? this.groupOf(key);
      if (group) this.published.set(key, group);
    }
  }

  /** One published key's ratings in the entry's order, the lane's value in place of the published one; null when none. */
  private groupOf(key: string): Map<string, Rating> | null {
    const own = this.lane?.valid;
    let group: Map<string, Rating> | null = null;
    for (const entry of this.state?.mirror.get(key) ?? []) {
      if (entry) (group ??= new Map()).set(entry.key, own?.get(entry.key) ?? entry.rating);
    }
    return group;
  }

  private rebuildUnpublished(): void {
    this.unpublished = new Map();
    for (const entry of entriesOf(this.lane)) if (!this.state?.valid.has(entry.key)) this.unpublished.set(entry.key, entry.rating);
  }

  private assemble(): readonly Rating[] {
    const list: Rating[] = [];
    for (const group of this.published.values()) for (const rating of group.values()) list.push(rating);
    for (const rating of this.unpublished.values()) list.push(rating);
    return list;
  }
}
