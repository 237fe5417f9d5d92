/**
 * How ratings are stored: in a lane (schema version 2) ONE map entry per
 * option and rater, whose value is one integer holding the three criteria as
 * decimal digits in CRITERIA order —
 *
 *   lane `ratings`  `${optionId}/${participantId}` → impact·100 + feasibility·10 + fairness
 *
 * each digit 1..5, or 0 while that criterion is not rated: 425 is impact 4,
 * feasibility 2, fairness 5; 1 is fairness 1 alone. An entry with nothing
 * rated is deleted.
 *
 * Published in the state room (schema version 3) ONE entry per option, the
 * raters numbered by slot —
 *
 *   state `raterSlots`        slot ("0", "1", …) → `${partyId}/${participantId}`
 *   state `publishedRatings`  optionId → the same three digits per slot, slot 0 first: "425000031"
 *                             is slot 0's 425, nothing from slot 1, slot 2's 031 (feasibility 3, fairness 1)
 *
 * trailing slots with nothing rated left out; an option nobody rated has no entry.
 *
 * Why: ratings are most of a board (10 people × 200 options × 3 criteria)
 * and every Yjs entry costs ~460 bytes of memory wherever the document is
 * loaded. Version 1 kept one entry per criterion; one entry instead of three
 * roughly halves a lane's memory and cuts what a browser downloads and
 * decodes at load to a third. A number rather than an array [4, 2, 5]:
 * Yjs decodes an array into a fresh JS array whose backing store V8 sizes
 * for growth (~180 bytes per entry more, measured in the server); a small
 * integer costs nothing extra. The state room holds every party's published
 * ratings, so version 3 goes one step further: one entry per option (a
 * string, one allocation) instead of one per option and rater — the state
 * room a browser downloads at load shrinks about sevenfold — and its keys
 * name options only, so hiding scores again leaves no option/participant
 * keys behind (a deleted Y.Map key stays in a Yjs document's history for
 * good). docs/benchmarks.md has the figures.
 *
 * The price: a rater's three criteria of one option are one value, so two
 * tabs of the SAME person rating two criteria of the same option in the same
 * instant keep only one of the two (last writer wins). One person, one
 * option, the same moment: rare, visible at once, and fixed by a click;
 * nobody else ever writes that entry (a lane entry is written by its rater
 * only, a published one by the server only).
 *
 * Every reader and writer of these entries goes through this module.
 */
import type * as Y from 'yjs';
import type { Rating } from './board-data';
import { isPartyId, isRecordId } from './ids';
import { CRITERIA, MAX_SCORE, MIN_SCORE, compositeKey, splitKey, type Criterion } from './schema';

/** The decoded value: [impact, feasibility, fairness], each MIN_SCORE..MAX_SCORE or null for "not rated". */
export type RatingValues = readonly [number | null, number | null, number | null];

/**
 * One stored entry's ratings by position, null where nothing is rated: a
 * lane entry has three (CRITERIA order), a published entry three per rater
 * slot. Empty when the entry is invalid.
 */
export type RatingPositions = readonly (Rating | null)[];

/** Who a published slot is. */
export type RaterSlot = { readonly partyId: string; readonly participantId: string };

/** Place value of each criterion's digit, in CRITERIA order. */
const PLACES = [100, 10, 1] as const;

/** A slot's key: 0..9999 (a board's raters are tens; the bound only limits what a reader allocates). */
const SLOT_KEY = /^(0|[1-9][0-9]{0,3})$/;
/** Three digits 0..5 per slot, at least one slot. */
const PUBLISHED_VALUE = /^(?:[0-5]{3})+$/;
const DIGITS_PER_SLOT = CRITERIA.length;
const NOTHING_RATED = '0'.repeat(DIGITS_PER_SLOT);

export const laneRatingKey = (optionId: string, participantId: string): string => compositeKey(optionId, participantId);

/** The stored form of `values`; null when nothing is rated (the entry is deleted then). */
export function encodeRatingValues(values: RatingValues): number | null {
  const stored = values.reduce<number>((sum, v, i) => sum + (v ?? 0) * PLACES[i]!, 0);
  return stored > 0 ? stored : null;
}

/** A stored value, validated and decoded; null when it is malformed or rates nothing. */
export function readRatingValues(stored: unknown): RatingValues | null {
  if (typeof stored !== 'number' || !Number.isInteger(stored) || stored < 1 || stored > 999) return null;
  const values = PLACES.map((place) => Math.floor(stored / place) % 10);
  if (values.some((v) => v !== 0 && (v < MIN_SCORE || v > MAX_SCORE))) return null;
  return values.map((v) => (v === 0 ? null : v)) as unknown as RatingValues;
}

/** `values` with one criterion set (or cleared with null). */
export function withCriterion(values: RatingValues | null, criterion: Criterion, value: number | null): RatingValues {
  return CRITERIA.map((c, i) => (c === criterion ? value : (values?.[i] ?? null))) as unknown as RatingValues;
}

/** One rater's ratings of one option, by criterion. */
function positionsOf(optionId: string, partyId: string, participantId: string, values: RatingValues): (Rating | null)[] {
  return values.map((value, i) => (value === null ? null : { optionId, partyId, participantId, criterion: CRITERIA[i]!, value }));
}

/** A lane entry (`option/participant` → digits), validated: three positions, or none when the key or value is invalid. */
export function readLaneEntry(key: string, value: unknown, partyId: string): RatingPositions {
  const parts = splitKey(key);
  if (parts.length !== 2) return [];
  const [optionId, participantId] = parts as [string, string];
  if (!isRecordId(optionId) || !isPartyId(partyId) || !isRecordId(participantId)) return [];
  const values = readRatingValues(value);
  return values ? positionsOf(optionId, partyId, participantId, values) : [];
}

/**
 * The state room's `raterSlots`, validated, by slot number; a slot that is
 * absent or invalid is null, and so is one naming a rater a lower slot
 * already names (one rater, one place: a rating is never read twice).
 */
export function readRaterSlots(map: Y.Map<unknown>): (RaterSlot | null)[] {
  const named: (string | null)[] = [];
  map.forEach((value, key) => {
    if (!SLOT_KEY.test(key) || typeof value !== 'string') return;
    const parts = splitKey(value);
    if (parts.length !== 2 || !isPartyId(parts[0]) || !isRecordId(parts[1])) return;
    const slot = Number(key);
    while (named.length <= slot) named.push(null);
    named[slot] = value;
  });
  const seen = new Set<string>();
  return named.map((rater) => {
    if (rater === null || seen.has(rater)) return null;
    seen.add(rater);
    const [partyId, participantId] = splitKey(rater) as [string, string];
    return { partyId, participantId };
  });
}

/**
 * A published entry (`optionId` → three digits per slot), validated against
 * `slots`: three positions per slot it covers; a slot that names nobody reads
 * as not rated. None when the key or the value is invalid.
 */
export function readPublishedEntry(optionId: string, value: unknown, slots: readonly (RaterSlot | null)[]): RatingPositions {
  if (!isRecordId(optionId) || typeof value !== 'string' || value.length > slots.length * DIGITS_PER_SLOT || !PUBLISHED_VALUE.test(value)) {
    return [];
  }
  const positions: (Rating | null)[] = [];
  for (let slot = 0; slot * DIGITS_PER_SLOT < value.length; slot++) {
    const rater = slots[slot];
    const digits = value.slice(slot * DIGITS_PER_SLOT, (slot + 1) * DIGITS_PER_SLOT);
    const values = rater ? readRatingValues(Number(digits)) : null;
    positions.push(...(values ? positionsOf(optionId, rater!.partyId, rater!.participantId, values) : [null, null, null]));
  }
  return positions;
}

/**
 * The first slot at which `before` and `after` name different raters (a
 * slot added, removed or renumbered), or null when they name the same. A
 * published entry reads the same under both when it spans no slot from there
 * on (`slotsSpanned`): a new rater at the end re-reads only what it rated.
 */
export function firstChangedSlot(before: readonly (RaterSlot | null)[], after: readonly (RaterSlot | null)[]): number | null {
  const same = (a: RaterSlot | null | undefined, b: RaterSlot | null | undefined) =>
    a === b || (!!a && !!b && a.partyId === b.partyId && a.participantId === b.participantId);
  const common = Math.min(before.length, after.length);
  for (let slot = 0; slot < common; slot++) if (!same(before[slot], after[slot])) return slot;
  // A reader refuses an entry longer than the slots it knows, so a change of length counts from the shorter end.
  return before.length === after.length ? null : common;
}

/** How many slots a stored published value spans (0 when it is not a string: such a value reads as nothing anyway). */
export const slotsSpanned = (value: unknown): number => (typeof value === 'string' ? Math.ceil(value.length / DIGITS_PER_SLOT) : 0);

/** The ratings among `positions`. */
export const ratedOnly = (positions: RatingPositions): Rating[] => positions.filter((r): r is Rating => r !== null);

/** Ratings grouped into lane entries (`option/participant` → value); first seen, first out. */
export function toLaneEntries(ratings: Iterable<Rating>): Map<string, number> {
  const grouped = new Map<string, RatingValues>();
  for (const rating of ratings) {
    const key = laneRatingKey(rating.optionId, rating.participantId);
    grouped.set(key, withCriterion(grouped.get(key) ?? null, rating.criterion, rating.value));
  }
  const entries = new Map<string, number>();
  for (const [key, values] of grouped) {
    const stored = encodeRatingValues(values);
    if (stored !== null) entries.set(key, stored);
  }
  return entries;
}

export type PublishedEntries = {
  /** `raterSlots`: slot → `party/participant` */
  readonly slots: Map<string, string>;
  /** `publishedRatings`: optionId → three digits per slot */
  readonly entries: Map<string, string>;
};

/**
 * Ratings in their published form. Raters keep the slot they have in
 * `current` (what the state room holds now), so a new rating rewrites only
 * its option's entry; a new rater takes the lowest free slot. Options come
 * out in the order their first rating came.
 */
export function toPublishedEntries(ratings: Iterable<Rating>, current: readonly (RaterSlot | null)[] = []): PublishedEntries {
  const byOption = new Map<string, Map<string, RatingValues>>();
  const raters = new Map<string, RaterSlot>();
  for (const rating of ratings) {
    const rater = compositeKey(rating.partyId, rating.participantId);
    if (!raters.has(rater)) raters.set(rater, { partyId: rating.partyId, participantId: rating.participantId });
    let option = byOption.get(rating.optionId);
    if (!option) byOption.set(rating.optionId, (option = new Map()));
    option.set(rater, withCriterion(option.get(rater) ?? null, rating.criterion, rating.value));
  }
  const slotOf = new Map<string, number>();
  current.forEach((slot, i) => {
    const rater = slot && compositeKey(slot.partyId, slot.participantId);
    if (rater && raters.has(rater) && !slotOf.has(rater)) slotOf.set(rater, i);
  });
  const taken = new Set(slotOf.values());
  let free = 0;
  for (const rater of raters.keys()) {
    if (slotOf.has(rater)) continue;
    while (taken.has(free)) free++;
    slotOf.set(rater, free);
    taken.add(free);
  }
  const slots = new Map([...slotOf].sort((a, b) => a[1] - b[1]).map(([rater, slot]) => [String(slot), rater]));
  const entries = new Map<string, string>();
  for (const [optionId, byRater] of byOption) {
    const groups: string[] = [];
    for (const [rater, values] of byRater) {
      const stored = encodeRatingValues(values);
      if (stored !== null) groups[slotOf.get(rater)!] = String(stored).padStart(DIGITS_PER_SLOT, '0');
    }
    if (groups.length > 0) entries.set(optionId, Array.from(groups, (group) => group ?? NOTHING_RATED).join(''));
  }
  return { slots, entries };
}
