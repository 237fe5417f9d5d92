/**
 * Reveals by consent (unfacilitated boards) and by decision (the
 * facilitator), as pure functions from the state as it is to the fields to
 * write. The publisher calls them inside its state-room transaction, so the
 * requests, the flags and the published maps change together.
 *
 *   - A party asking (`true`) records its request in `revealRequests`
 *     (partyId → { scores?, authorship? }); when every party of the board
 *     has asked, the flag is set and that target's requests are cleared, so
 *     a later hide needs fresh consent to reveal again.
 *   - A party sending `false` before the reveal withdraws its own request;
 *     after it, hides (hiding discloses nothing, so one party may).
 *   - The facilitator decides: the flag is set as asked, and that target's
 *     requests are cleared.
 * Nothing here reads the lanes or the joint board: no document a party
 * writes takes part in deciding whether anything is revealed.
 */
import { partiesAsking, REVEAL_TARGETS, type BoardState, type RevealRequests, type RevealTarget } from '@/lib/board/state';
import { DomainError } from '../errors';
import type { RevealPower } from './authority';

export type RevealInput = Partial<Record<RevealTarget, boolean>>;
export type RevealFields = Partial<Pick<BoardState, 'scoresRevealed' | 'authorshipRevealed' | 'revealRequests'>>;

const FLAG = { scores: 'scoresRevealed', authorship: 'authorshipRevealed' } as const satisfies Record<RevealTarget, keyof BoardState>;

/** The fields a reveal request writes; `parties` are the board's parties, in board order. */
export function revealChange(state: BoardState, power: RevealPower, parties: readonly string[], input: RevealInput): RevealFields {
  let requests: RevealRequests = state.revealRequests;
  const fields: RevealFields = {};
  if (power.kind === 'consent' && !parties.includes(power.partyId)) throw new DomainError('forbidden', 'this party is not on the board');
  for (const target of REVEAL_TARGETS) {
    const want = input[target];
    if (want === undefined) continue;
    const revealed = state[FLAG[target]];
    if (power.kind === 'decide' || (want === false && revealed)) {
      fields[FLAG[target]] = want;
      requests = withoutTarget(requests, target);
    } else if (want === false) {
      requests = withRequest(requests, power.partyId, target, false);
    } else if (!revealed) {
      requests = withRequest(requests, power.partyId, target, true);
      if (partiesAsking(requests, target, parties).length === parties.length) {
        fields[FLAG[target]] = true;
        requests = withoutTarget(requests, target);
      }
    }
  }
  return { ...fields, revealRequests: withoutStrangers(requests, parties) };
}

/** Requests of `targets` cleared (a setting that changes what they were about: facilitation, scoring, side-blind). */
export function clearRequests(requests: RevealRequests, targets: readonly RevealTarget[]): RevealRequests {
  return targets.reduce(withoutTarget, requests);
}

function withRequest(requests: RevealRequests, partyId: string, target: RevealTarget, on: boolean): RevealRequests {
  const own = { ...requests[partyId] };
  if (on) own[target] = true;
  else delete own[target];
  const next = { ...requests };
  if (Object.keys(own).length > 0) next[partyId] = own;
  else delete next[partyId];
  return next;
}

function withoutTarget(requests: RevealRequests, target: RevealTarget): RevealRequests {
  let next = requests;
  for (const partyId of Object.keys(requests)) next = withRequest(next, partyId, target, false);
  return next;
}

/** Only the board's parties ever count, or are kept. */
function withoutStrangers(requests: RevealRequests, parties: readonly string[]): RevealRequests {
  return Object.fromEntries(Object.entries(requests).filter(([partyId]) => parties.includes(partyId)));
}
