/**
 * The server-owned state room: phase (and, later, timer and reveals).
 * Only the server calls the writers here; clients only read.
 */
import type * as Y from 'yjs';
import { serverOrigin } from './origins';
import { PHASES, STATE_KEYS, phaseStateSchema, stateMap, type Phase, type PhaseState } from './schema';

export const DEFAULT_PHASE_STATE: PhaseState = { phase: 'frame', phaseChangedAt: 0 };

export function isPhase(value: unknown): value is Phase {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}

/** Server only: move the board to a phase. Returns false when it was already there. */
export function setPhase(doc: Y.Doc, phase: Phase, now: number): boolean {
  const state = stateMap(doc);
  if (state.get(STATE_KEYS.phase) === phase) return false;
  doc.transact(() => {
    state.set(STATE_KEYS.phase, phase);
    state.set(STATE_KEYS.phaseChangedAt, now);
  }, serverOrigin('set-phase'));
  return true;
}

export function readPhaseState(doc: Y.Doc): PhaseState {
  const state = stateMap(doc);
  const parsed = phaseStateSchema.safeParse({
    phase: state.get(STATE_KEYS.phase),
    phaseChangedAt: state.get(STATE_KEYS.phaseChangedAt),
  });
  return parsed.success ? parsed.data : DEFAULT_PHASE_STATE;
}
