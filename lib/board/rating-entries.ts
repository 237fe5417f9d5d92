/**
 * How ratings are stored (schema version 2): ONE map entry per option and
 * rater, holding the three criteria in CRITERIA order —
 *
 *   lane `ratings`            `${optionId}/${participantId}`          → [impact, feasibility, fairness]
 *   state `publishedRatings`  `${optionId}/${partyId}/${participantId}` → [impact, feasibility, fairness]
 *
 * each slot 1..5, or null while that criterion is not rated; an entry with no
 * rating left is deleted. Version 1 kept one entry per criterion; a Y.Map
 * entry costs ~460 bytes of memory wherever the document is loaded and ~45
 * bytes on the wire, and ratings are most of a board (10 people × 200 options
 * × 3 criteria), so one entry instead of three halves a lane's memory and
 * cuts what a browser downloads and decodes at load to a third
 * (docs/benchmarks.md).
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
import * as z from 'zod/mini';
import type { Rating } from './board-data';
import { isPartyId, isRecordId } from './ids';
import { CRITERIA, compositeKey, scoreValue, splitKey, type Criterion } from './schema';

/** [impact, feasibility, fairness]: 1..5, or null for "not rated". */
export type RatingValues = readonly [number | null, number | null, number | null];

const slot = z.nullable(scoreValue);
export const ratingValuesSchema = z.tuple([slot, slot, slot]);

export const laneRatingKey = (optionId: string, participantId: string): string => compositeKey(optionId, participantId);
export const publishedRatingKey = (optionId: string, partyId: string, participantId: string): string =>
  compositeKey(optionId, partyId, participantId);

/** A stored value, validated; null when it is malformed or rates nothing. */
export function readRatingValues(value: unknown): RatingValues | null {
  const parsed = ratingValuesSchema.safeParse(value);
  return parsed.success && parsed.data.some((v) => v !== null) ? (parsed.data as RatingValues) : null;
}

/** `values` with one criterion set (or cleared with null); null when nothing is rated any more. */
export function withCriterion(values: RatingValues | null, criterion: Criterion, value: number | null): RatingValues | null {
  const next = CRITERIA.map((c, i) => (c === criterion ? value : (values?.[i] ?? null))) as unknown as RatingValues;
  return next.some((v) => v !== null) ? next : null;
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

/** Ratings grouped into stored entries, by `keyOf` (the lane's or the published key); first seen, first out. */
export function toRatingEntries(ratings: Iterable<Rating>, keyOf: (rating: Rating) => string): Map<string, RatingValues> {
  const entries = new Map<string, RatingValues>();
  for (const rating of ratings) {
    const key = keyOf(rating);
    entries.set(key, withCriterion(entries.get(key) ?? null, rating.criterion, rating.value)!);
  }
  return entries;
}
