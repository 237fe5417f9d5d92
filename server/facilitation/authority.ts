/**
 * Who may drive a board: move its phase, run its timer, change its settings
 * and reveal. One rule, used by every facilitation route:
 *   - the facilitator, always;
 *   - a party member, only when the board is unfacilitated
 *     (`facilitated === false`: nobody holds the facilitator link);
 *   - a viewer, never.
 * Turning facilitation on or off is the facilitator's alone, so a party can
 * neither hand the controls away nor take them from the facilitator.
 *
 * Disclosure is narrower than driving. Only the facilitator reveals by
 * deciding; a party member on an unfacilitated board only *asks* to reveal
 * (`revealPower` → 'consent'), and the server reveals once every party has
 * asked (consent.ts). Hiding discloses nothing, so any party may hide. For
 * the same reason a party cannot switch a setting that would publish what
 * is still blind (`scoring: 'open'`, `sideBlind: false`): that would be a
 * reveal nobody else agreed to (`assertSettingsDiscloseNothing`).
 */
import type { TokenClaims } from '@/lib/board/access';
import type { BoardState } from '@/lib/board/state';
import type { PartyId } from '@/lib/board/ids';
import { DomainError } from '../errors';

export type DriveAction = 'phase' | 'timer' | 'settings' | 'reveal' | 'facilitation';

const WHAT: Record<DriveAction, string> = {
  phase: 'change the phase',
  timer: 'run the timer',
  settings: 'change the settings',
  reveal: 'reveal or hide scores and authorship (or ask to)',
  facilitation: 'turn facilitation on or off',
};

/** Whether the holder of `claims` may take `action` on a board in `state`. */
export function mayDrive(claims: Pick<TokenClaims, 'r'>, state: Pick<BoardState, 'facilitated'>, action: DriveAction): boolean {
  switch (claims.r) {
    case 'facilitator':
      return true;
    case 'party':
      return !state.facilitated && action !== 'facilitation';
    default:
      return false;
  }
}

/** `mayDrive`, or a `forbidden` DomainError saying who could. */
export function assertMayDrive(claims: Pick<TokenClaims, 'r'>, state: Pick<BoardState, 'facilitated'>, action: DriveAction): void {
  if (mayDrive(claims, state, action)) return;
  const who =
    claims.r === 'viewer'
      ? 'viewers cannot'
      : action === 'facilitation'
        ? 'only the facilitator can'
        : 'only the facilitator (or, on an unfacilitated board, a party member) can';
  throw new DomainError('forbidden', `${who} ${WHAT[action]}`);
}

/** A cheap early refusal (before loading anything): roles that could not act in any state. */
export function assertCouldDrive(claims: Pick<TokenClaims, 'r'>, action: DriveAction): void {
  assertMayDrive(claims, { facilitated: false }, action);
}

/** How the holder of `claims` takes part in a reveal: deciding it (the facilitator) or consenting to it (a party, unfacilitated). */
export type RevealPower = { readonly kind: 'decide' } | { readonly kind: 'consent'; readonly partyId: PartyId };

/** `revealPower`, or a `forbidden` DomainError (a viewer; a party on a facilitated board). */
export function revealPower(claims: Pick<TokenClaims, 'r' | 'p'>, state: Pick<BoardState, 'facilitated'>): RevealPower {
  assertMayDrive(claims, state, 'reveal');
  if (claims.r === 'facilitator') return { kind: 'decide' };
  if (!claims.p) throw new DomainError('forbidden', 'this link names no party');
  return { kind: 'consent', partyId: claims.p };
}

/**
 * A party (unfacilitated board) may not change a setting that would publish
 * what is still blind: open scoring while scores are hidden, side-blind off
 * while authorship is hidden. Only the facilitator decides that alone; without
 * one, every party asks to reveal (POST /reveal). Tightening is always allowed.
 */
export function assertSettingsDiscloseNothing(
  claims: Pick<TokenClaims, 'r'>,
  state: Pick<BoardState, 'scoring' | 'scoresRevealed' | 'sideBlind' | 'authorshipRevealed'>,
  input: { readonly scoring?: 'blind' | 'open'; readonly sideBlind?: boolean },
): void {
  if (claims.r === 'facilitator') return;
  if (input.scoring === 'open' && state.scoring === 'blind' && !state.scoresRevealed) {
    throw new DomainError('forbidden', 'without a facilitator, blind scores are published only when every party asks to reveal them', 'scoring');
  }
  if (input.sideBlind === false && state.sideBlind && !state.authorshipRevealed) {
    throw new DomainError('forbidden', 'without a facilitator, authorship is published only when every party asks to reveal it', 'sideBlind');
  }
}
