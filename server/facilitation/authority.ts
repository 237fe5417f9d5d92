/**
 * Who may drive a board: move its phase, run its timer, change its settings
 * and reveal. One rule, used by every facilitation route:
 *   - the facilitator, always;
 *   - a party member, only when the board is unfacilitated
 *     (`facilitated === false`: nobody holds the facilitator link);
 *   - a viewer, never.
 * Turning facilitation on or off is the facilitator's alone, so a party can
 * neither hand the controls away nor take them from the facilitator.
 */
import type { TokenClaims } from '@/lib/board/access';
import type { BoardState } from '@/lib/board/state';
import { DomainError } from '../errors';

export type DriveAction = 'phase' | 'timer' | 'settings' | 'reveal' | 'facilitation';

const WHAT: Record<DriveAction, string> = {
  phase: 'change the phase',
  timer: 'run the timer',
  settings: 'change the settings',
  reveal: 'reveal or hide scores and authorship',
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
