/**
 * A party's lane: its scores, its members and which options it proposed.
 * A rater's ratings of an option are one entry, written only by that
 * participant (rating-entries.ts). The server publishes them to the state
 * room (at reveal when scoring is blind, at once when it is open).
 */
import type * as Y from 'yjs';
import { isRecordId } from './ids';
import { laneRatingKey, updatedLaneValue } from './rating-entries';
import { local } from './records';
import { CRITERIA, LIMITS, MAX_SCORE, MIN_SCORE, ROOT, flatMap, type Criterion } from './schema';

/**
 * Rate an option on one criterion (1–5), or clear the rating with null.
 * @example setRating(laneDoc, { optionId, participantId, criterion: 'fairness', value: 4 });
 */
export function setRating(
  laneDoc: Y.Doc,
  input: { optionId: string; participantId: string; criterion: Criterion; value: number | null },
): boolean {
  const { optionId, participantId, criterion, value } = input;
  if (!isRecordId(optionId) || !isRecordId(participantId) || !CRITERIA.includes(criterion)) return false;
  if (value !== null && !(Number.isInteger(value) && value >= MIN_SCORE && value <= MAX_SCORE)) return false;
  const ratings = flatMap(laneDoc, ROOT.ratings);
  const key = laneRatingKey(optionId, participantId);
  const next = updatedLaneValue(ratings.get(key), criterion, value);
  if (next === undefined) return false;
  local(laneDoc, () => (next === null ? ratings.delete(key) : ratings.set(key, next)));
  return true;
}

/** Record that this participant belongs to the lane's party (shown to the party, counted for auto-reveal). */
export function joinAsMember(laneDoc: Y.Doc, participantId: string, name: string): boolean {
  const members = flatMap(laneDoc, ROOT.members);
  const cleaned = name.trim().slice(0, LIMITS.displayName);
  if (!isRecordId(participantId) || !cleaned || members.get(participantId) === cleaned) return false;
  // Not LOCAL_ORIGIN: joining is not something to undo.
  laneDoc.transact(() => members.set(participantId, cleaned));
  return true;
}

/** Remember, in the proposing party's lane, that it proposed this option (side-blind authorship). */
export function recordProposal(laneDoc: Y.Doc, optionId: string, now: number = Date.now()): boolean {
  if (!isRecordId(optionId)) return false;
  const proposals = flatMap(laneDoc, ROOT.proposals);
  if (proposals.has(optionId)) return false;
  // Not LOCAL_ORIGIN: it is part of adding the option, which the person undoes on the joint board.
  laneDoc.transact(() => proposals.set(optionId, now));
  return true;
}
