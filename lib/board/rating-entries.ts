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
 * Every reader and writer of these entries goes through this module — the
 * browser (store, hooks, setRating), the server (publisher, import) and the
 * exports alike: this file is the rating's stored format. Decoded, a rating
 * is a `Rating` (one criterion of one option by one rater), the form scores
 * are figured from. One codec for both maps: a published slot's three digits
 * are the lane entry's value, zero-padded (`laneDigits`, `spell` and
 * `readGroup` below are all of it). lib/board/migrations.ts alone keeps
 * its own arithmetic: it writes the format of the version it migrates to,
 * which must not follow this file if the format changes again.
 */
import type * as Y from 'yjs';
import { isPartyId, isRecordId } from './ids';
import { CRITERIA, MAX_SCORE, MIN_SCORE, ROOT, compositeKey, flatMap, splitKey, type Criterion } from './schema';

/** One rating, decoded: what a rater gave one option on one criterion. */
export type Rating = {
  readonly optionId: string;
  readonly partyId: string;
  readonly participantId: string;
  readonly criterion: Criterion;
  readonly value: number;
};

/** Identifies a rating across the state room and a lane: a lane's rating replaces the published one with the same key. */
export const ratingKey = (r: Rating): string => `${r.optionId}/${r.partyId}/${r.participantId}/${r.criterion}`;

/** A rater's ratings of one option as a triple: [impact, feasibility, fairness], each MIN_SCORE..MAX_SCORE or null for "not rated". */
export type RatingValues = readonly [number | null, number | null, number | null];

/**
 * One stored entry's ratings by position, null where nothing is rated: a
 * lane entry has three (CRITERIA order), a published entry three per rater
 * slot. Empty when the entry is invalid.
 */
export type RatingPositions = readonly (Rating | null)[];

/** Who a published slot is. */
export type RaterSlot = { readonly partyId: string; readonly participantId: string };

// ---------------------------------------------------------------------------
// The codec, one for both maps: a rater's ratings of one option are three
// digits in CRITERIA order, 0 where not rated. A lane entry is the number they
// spell ("425" → 425, "001" → 1); a published entry is the digits themselves,
// slot after slot.

const DIGITS_PER_SLOT = CRITERIA.length;
const DIGIT = `[0${MIN_SCORE}-${MAX_SCORE}]`;
/** One rater's digits. */
const GROUP = new RegExp(`^${DIGIT}{${DIGITS_PER_SLOT}}$`);
/** A published value: one rater's digits per slot, at least one slot. */
const PUBLISHED_VALUE = new RegExp(`^(?:${DIGIT}{${DIGITS_PER_SLOT}})+$`);
/** A slot's key: 0..9999 (a board's raters are tens; the bound only limits what a reader allocates). */
const SLOT_KEY = /^(0|[1-9][0-9]{0,3})$/;

/** The digits a lane value spells, or null when it is not a value a writer makes (or rates nothing). */
function laneDigits(stored: unknown): string | null {
  if (typeof stored !== 'number' || !Number.isInteger(stored) || stored < 1 || stored > 999) return null;
  const digits = String(stored).padStart(DIGITS_PER_SLOT, '0');
  return GROUP.test(digits) ? digits : null;
}

/** The lane value that `digits` spell; null when they rate nothing (the entry is deleted then). */
const laneValue = (digits: string): number | null => Number(digits) || null;

/** The rating a digit holds: 0 (not rated) reads as null. */
const digitAt = (digits: string, at: number): number | null => (digits.charCodeAt(at) - 48 || null);

/** Ratings spelled as digits, `group` after `group` (a rater's place): the digits of every group up to the last one written, 0 where not rated. */
function spell(ratings: Iterable<{ readonly group: number; readonly rating: Rating }>): string {
  const digits: number[] = [];
  // In place: a later rating of the same criterion wins.
  for (const { group, rating } of ratings) digits[group * DIGITS_PER_SLOT + CRITERIA.indexOf(rating.criterion)] = rating.value;
  const length = Math.ceil(digits.length / DIGITS_PER_SLOT) * DIGITS_PER_SLOT;
  return Array.from({ length }, (_, i) => digits[i] ?? 0).join('');
}

/** One rater's ratings of one option from `digits` at `at` (three positions, null where not rated), appended to `positions`. */
function readGroup(positions: (Rating | null)[], digits: string, at: number, optionId: string, rater: RaterSlot | null | undefined): void {
  for (let i = 0; i < DIGITS_PER_SLOT; i++) {
    const value = rater ? digitAt(digits, at + i) : null;
    positions.push(value === null ? null : { optionId, partyId: rater!.partyId, participantId: rater!.participantId, criterion: CRITERIA[i]!, value });
  }
}

// ---------------------------------------------------------------------------
// Lane entries: `option/participant` → the number the rater's digits spell.

export const laneRatingKey = (optionId: string, participantId: string): string => compositeKey(optionId, participantId);

/** The lane value of `values`; null when nothing is rated (the entry is deleted then). */
export function encodeRatingValues(values: RatingValues): number | null {
  return laneValue(values.map((v) => v ?? 0).join(''));
}

/** A lane value, validated and decoded; null when it is malformed or rates nothing. */
export function readRatingValues(stored: unknown): RatingValues | null {
  const digits = laneDigits(stored);
  return digits === null ? null : (CRITERIA.map((_, i) => digitAt(digits, i)) as unknown as RatingValues);
}

/** `values` with one criterion set (or cleared with null). */
export function withCriterion(values: RatingValues | null, criterion: Criterion, value: number | null): RatingValues {
  return CRITERIA.map((c, i) => (c === criterion ? value : (values?.[i] ?? null))) as unknown as RatingValues;
}

/**
 * The lane value `stored` with one criterion set (or cleared with null): the
 * new value (null: the entry is deleted), or undefined when `stored` says so
 * already. What setRating writes.
 */
export function updatedLaneValue(stored: unknown, criterion: Criterion, value: number | null): number | null | undefined {
  const digits = laneDigits(stored) ?? '0'.repeat(DIGITS_PER_SLOT);
  const i = CRITERIA.indexOf(criterion);
  if (digitAt(digits, i) === value) return undefined;
  return laneValue(digits.slice(0, i) + (value ?? 0) + digits.slice(i + 1));
}

/** A lane entry, validated: three positions, or none when the key or value is invalid. */
export function readLaneEntry(key: string, value: unknown, partyId: string): RatingPositions {
  const parts = splitKey(key);
  if (parts.length !== 2) return [];
  const [optionId, participantId] = parts as [string, string];
  if (!isRecordId(optionId) || !isPartyId(partyId) || !isRecordId(participantId)) return [];
  const digits = laneDigits(value);
  if (digits === null) return [];
  const positions: (Rating | null)[] = [];
  readGroup(positions, digits, 0, optionId, { partyId, participantId });
  return positions;
}

/** A lane's own ratings (the server reads every lane with this to publish them). */
export function readLaneRatings(laneDoc: Y.Doc, partyId: string): Rating[] {
  const ratings: Rating[] = [];
  flatMap(laneDoc, ROOT.ratings).forEach((value, key) => {
    ratings.push(...ratedOnly(readLaneEntry(key, value, partyId)));
  });
  return ratings;
}

/** Ratings grouped into lane entries (`option/participant` → value); first seen, first out. */
export function toLaneEntries(ratings: Iterable<Rating>): Map<string, number> {
  const grouped = new Map<string, Rating[]>();
  for (const rating of ratings) {
    const key = laneRatingKey(rating.optionId, rating.participantId);
    const group = grouped.get(key);
    if (group) group.push(rating);
    else grouped.set(key, [rating]);
  }
  const entries = new Map<string, number>();
  for (const [key, group] of grouped) {
    const stored = laneValue(spell(group.map((rating) => ({ group: 0, rating }))));
    if (stored !== null) entries.set(key, stored);
  }
  return entries;
}

// ---------------------------------------------------------------------------
// Published entries (state room): `raterSlots` slot → `party/participant`,
// `publishedRatings` optionId → the digits of every slot.

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
  for (let slot = 0; slot * DIGITS_PER_SLOT < value.length; slot++) readGroup(positions, value, slot * DIGITS_PER_SLOT, optionId, slots[slot]);
  return positions;
}

/** The state room's published ratings: in `publishedRatings`' order, slot by slot within an option. */
export function readPublishedRatings(state: Y.Doc): Rating[] {
  const slots = readRaterSlots(flatMap(state, ROOT.raterSlots));
  const ratings: Rating[] = [];
  flatMap(state, ROOT.publishedRatings).forEach((value, optionId) => {
    ratings.push(...ratedOnly(readPublishedEntry(optionId, value, slots)));
  });
  return ratings;
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
 * out in the order their first rating came; trailing slots with nothing rated
 * are left out.
 */
export function toPublishedEntries(ratings: Iterable<Rating>, current: readonly (RaterSlot | null)[] = []): PublishedEntries {
  const byOption = new Map<string, { group: string; rating: Rating }[]>();
  const raters = new Set<string>();
  for (const rating of ratings) {
    const group = compositeKey(rating.partyId, rating.participantId);
    raters.add(group);
    const option = byOption.get(rating.optionId);
    if (option) option.push({ group, rating });
    else byOption.set(rating.optionId, [{ group, rating }]);
  }
  const slotOf = new Map<string, number>();
  current.forEach((slot, i) => {
    const rater = slot && compositeKey(slot.partyId, slot.participantId);
    if (rater && raters.has(rater) && !slotOf.has(rater)) slotOf.set(rater, i);
  });
  const taken = new Set(slotOf.values());
  let free = 0;
  for (const rater of raters) {
    if (slotOf.has(rater)) continue;
    while (taken.has(free)) free++;
    slotOf.set(rater, free);
    taken.add(free);
  }
  const slots = new Map([...slotOf].sort((a, b) => a[1] - b[1]).map(([rater, slot]) => [String(slot), rater]));
  const entries = new Map<string, string>();
  for (const [optionId, rated] of byOption) {
    entries.set(optionId, spell(rated.map(({ group, rating }) => ({ group: slotOf.get(group)!, rating }))));
  }
  return { slots, entries };
}

/** Write `ratings` into a state room that publishes none yet, in their published form (imports and test boards; the server's publisher keeps its maps in step instead). */
export function writePublishedRatings(state: Y.Doc, ratings: Iterable<Rating>): void {
  const { slots, entries } = toPublishedEntries(ratings);
  for (const [slot, rater] of slots) flatMap(state, ROOT.raterSlots).set(slot, rater);
  for (const [optionId, value] of entries) flatMap(state, ROOT.publishedRatings).set(optionId, value);
}
