/**
 * How ratings are stored (schema version 2): ONE map entry per option and
 * rater, whose value is one integer holding the three criteria as decimal
 * digits in CRITERIA order —
 *
 *   lane `ratings`            `${optionId}/${participantId}`            → impact·100 + feasibility·10 + fairness
 *   state `publishedRatings`  `${optionId}/${partyId}/${participantId}` → the same
 *
 * each digit 1..5, or 0 while that criterion is not rated: 425 is impact 4,
 * feasibility 2, fairness 5; 1 is fairness 1 alone. An entry with nothing
 * rated is deleted.
 *
 * Why: ratings are most of a board (10 people × 200 options × 3 criteria)
 * and every Yjs entry costs ~460 bytes of memory wherever the document is
 * loaded. Version 1 kept one entry per criterion; one entry instead of three
 * roughly halves a lane's memory and cuts what a browser downloads and
 * decodes at load to a third. A number rather than an array [4, 2, 5]:
 * Yjs decodes an array into a fresh JS array whose backing store V8 sizes
 * for growth (~180 bytes per entry more, measured in the server); a small
 * integer costs nothing extra. docs/benchmarks.md has the figures.
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
import type { Rating } from './board-data';
import { isPartyId, isRecordId } from './ids';
import { CRITERIA, MAX_SCORE, MIN_SCORE, compositeKey, splitKey, type Criterion } from './schema';

/** The decoded value: [impact, feasibility, fairness], each MIN_SCORE..MAX_SCORE or null for "not rated". */
export type RatingValues = readonly [number | null, number | null, number | null];

/** Place value of each criterion's digit, in CRITERIA order. */
const PLACES = [100, 10, 1] as const;

export const laneRatingKey = (optionId: string, participantId: string): string => compositeKey(optionId, participantId);
export const publishedRatingKey = (optionId: string, partyId: string, participantId: string): string =>
  compositeKey(optionId, partyId, participantId);

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

/**
 * The ratings one entry holds, in CRITERIA order, validated: a published
 * key is option/party/participant; a lane's leaves out the party
 * (`withParty`, the lane's). Empty when the key or the value is invalid.
 */
export function readRatingEntry(key: string, value: unknown, withParty: string | null): Rating[] {
  const parts = splitKey(key);
  if (parts.length !== (withParty === null ? 3 : 2)) return [];
  const [optionId, partyId, participantId] = withParty === null ? parts : [parts[0], withParty, parts[1]];
  if (!isRecordId(optionId) || !isPartyId(partyId) || !isRecordId(participantId)) return [];
  const values = readRatingValues(value);
  if (!values) return [];
  const ratings: Rating[] = [];
  values.forEach((v, i) => {
    if (v !== null) ratings.push({ optionId, partyId, participantId, criterion: CRITERIA[i]!, value: v });
  });
  return ratings;
}

/** Ratings grouped into stored entries (key → stored value), by `keyOf` (the lane's or the published key); first seen, first out. */
export function toRatingEntries(ratings: Iterable<Rating>, keyOf: (rating: Rating) => string): Map<string, number> {
  const grouped = new Map<string, RatingValues>();
  for (const rating of ratings) {
    const key = keyOf(rating);
    grouped.set(key, withCriterion(grouped.get(key) ?? null, rating.criterion, rating.value));
  }
  const entries = new Map<string, number>();
  for (const [key, values] of grouped) {
    const stored = encodeRatingValues(values);
    if (stored !== null) entries.set(key, stored);
  }
  return entries;
}
