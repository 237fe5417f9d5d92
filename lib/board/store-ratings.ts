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
import { ratingKey, readRatingEntry, type Rating } from './board-data';
import { deepEqualPlain } from './reuse';
import { ROOT, flatMap } from './schema';

type Entry = { readonly rating: Rating; /** ratingKey(rating) */ readonly key: string };
/** What one changed map key was and is: undefined = the key is new to the map */
type Change = { readonly before: Entry | null | undefined; readonly after: Entry | null };

/** One ratings map (a lane's `scores` or the state room's `revealedScores`), mirrored key by key. */
class RatingsSource {
  /** every key the map holds or held, in the map's key order; null = deleted or invalid */
  readonly mirror = new Map<string, Entry | null>();
  /** the valid ratings, by rating key */
  readonly valid = new Map<string, Rating>();

  constructor(
    private readonly map: Y.Map<unknown>,
    private readonly withParty: string | null,
  ) {
    // _map, not forEach: deleted keys keep their place in the map's order, so the mirror needs them too.
    for (const [key, item] of map._map) this.put(key, item.deleted ? null : this.entry(key));
  }

  /** Re-read one key; null when it did not change. */
  read(key: string): Change | null {
    const before = this.mirror.get(key);
    const after = this.entry(key);
    if (before !== undefined && (before === after || (before && after && before.rating.value === after.rating.value))) return null;
    this.put(key, after);
    return { before, after };
  }

  private entry(key: string): Entry | null {
    const rating = this.map.has(key) ? readRatingEntry(key, this.map.get(key), this.withParty) : null;
    return rating && { rating, key: ratingKey(rating) };
  }

  private put(key: string, entry: Entry | null): void {
    const before = this.mirror.get(key);
    if (before) this.valid.delete(before.key);
    this.mirror.set(key, entry);
    if (entry) this.valid.set(entry.key, entry.rating);
  }
}

/**
 * Lazy: nothing is read until someone asks for the list. The views that show
 * no rating (Brainstorm, Cluster, …) never do, and a party's lane holds 15–30k
 * ratings to split and validate — work that would sit on the page's load.
 * Until the first read, changes are ignored (no one has seen the list, so no
 * one needs telling); the first read mirrors the maps as they are then.
 */
export class VisibleRatings {
  private state: RatingsSource | null = null;
  private lane: RatingsSource | null = null;
  private loaded = false;
  /** the published ratings by rating key, in the state map's order, the lane's value in place of the published one */
  private published = new Map<string, Rating>();
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
    this.state = stateDoc ? new RatingsSource(flatMap(stateDoc, ROOT.revealedScores), null) : null;
    this.lane = laneDocs ? new RatingsSource(flatMap(laneDocs.doc, ROOT.scores), laneDocs.partyId) : null;
    this.rebuildPublished();
    this.rebuildUnpublished();
    this.list = this.assemble();
  }

  /** The state room's revealedScores changed at `keys`; true when the list changed. */
  applyPublished(keys: Iterable<string>): boolean {
    if (!this.state) return false;
    let touched = false;
    let publishedStale = false;
    let unpublishedStale = false;
    for (const key of keys) {
      const change = this.state.read(key);
      if (!change) continue;
      const { before, after } = change;
      const own = this.lane?.valid;
      if (before && after) {
        // A new published value is hidden by the lane's own, which wins.
        if (own?.has(after.key)) continue;
        this.published.set(after.key, after.rating);
      } else if (before) {
        this.published.delete(before.key);
        // The lane's own rating is no longer published: it moves back to its place among the unpublished.
        if (own?.has(before.key)) unpublishedStale = true;
      } else if (after) {
        this.unpublished.delete(after.key);
        if (change.before === undefined && !publishedStale) this.published.set(after.key, own?.get(after.key) ?? after.rating);
        else publishedStale = true;
      } else continue;
      touched = true;
    }
    return this.finish(touched, publishedStale, unpublishedStale);
  }

  /** The lane's scores changed at `keys`; true when the list changed. */
  applyLane(keys: Iterable<string>): boolean {
    if (!this.lane) return false;
    let touched = false;
    let unpublishedStale = false;
    const publishedNow = this.state?.valid;
    for (const key of keys) {
      const change = this.lane.read(key);
      if (!change) continue;
      const { before, after } = change;
      const ratingKey = (after ?? before)?.key;
      if (ratingKey === undefined) continue;
      const published = publishedNow?.get(ratingKey);
      if (published) {
        // Published too: it keeps the published place, showing the lane's value while the lane has one.
        this.published.set(ratingKey, after?.rating ?? published);
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

  private rebuildPublished(): void {
    this.published = new Map();
    for (const entry of this.state?.mirror.values() ?? []) {
      if (entry) this.published.set(entry.key, this.lane?.valid.get(entry.key) ?? entry.rating);
    }
  }

  private rebuildUnpublished(): void {
    this.unpublished = new Map();
    for (const entry of this.lane?.mirror.values() ?? []) {
      if (entry && !this.state?.valid.has(entry.key)) this.unpublished.set(entry.key, entry.rating);
    }
  }

  private assemble(): readonly Rating[] {
    return [...this.published.values(), ...this.unpublished.values()];
  }
}
