/**
 * The server-owned state room: phase, timer, settings and reveals.
 * Only the server calls the writers here (through its HTTP actions); clients
 * only read. Every writer runs one transaction tagged with a server origin.
 */
import type * as Y from 'yjs';
import * as z from 'zod/mini'; // in the browser's first load: see docs/decisions.md
import { serverOrigin } from './origins';
import { PARTY_ID_PATTERN } from './ids';
import { CRITERIA, PHASES, STATE_KEYS, phaseStateSchema, stateMap, type Criterion, type Phase, type PhaseState } from './schema';

export const DEFAULT_PHASE_STATE: PhaseState = { phase: 'frame', phaseChangedAt: 0 };
export const DEFAULT_WORKS_FOR_BOTH_THRESHOLD = 3.5;
export const DEFAULT_WEIGHTS: Readonly<Record<Criterion, number>> = { impact: 1, feasibility: 1, fairness: 1 };

const weight = z.number().check(z.minimum(0), z.maximum(10));
const weightsSchema = z.object(Object.fromEntries(CRITERIA.map((c) => [c, weight])) as Record<Criterion, typeof weight>);
const count = z.int().check(z.nonnegative());

/** What a party can ask to reveal on an unfacilitated board. */
export const REVEAL_TARGETS = ['scores', 'authorship'] as const;
export type RevealTarget = (typeof REVEAL_TARGETS)[number];
/** partyId → what that party has asked to reveal (server-written; keys name parties only). */
export type RevealRequests = Readonly<Record<string, Readonly<Partial<Record<RevealTarget, true>>>>>;
const revealRequestsSchema = z.record(
  z.string().check(z.regex(PARTY_ID_PATTERN)),
  z.object({ scores: z.optional(z.literal(true)), authorship: z.optional(z.literal(true)) }),
);

export const boardStateSchema = z.object({
  phase: z.catch(z.enum(PHASES), 'frame'),
  phaseChangedAt: z.catch(count, 0),
  facilitated: z.catch(z.boolean(), true),
  sideBlind: z.catch(z.boolean(), true),
  authorshipRevealed: z.catch(z.boolean(), false),
  scoring: z.catch(z.enum(['blind', 'open']), 'blind'),
  scoresRevealed: z.catch(z.boolean(), false),
  weights: z.catch(weightsSchema, { ...DEFAULT_WEIGHTS }),
  worksForBothThreshold: z.catch(z.number().check(z.minimum(1), z.maximum(5)), DEFAULT_WORKS_FOR_BOTH_THRESHOLD),
  timerDurationMs: z.catch(count, 0),
  timerStartedAt: z.catch(z.nullable(count), null),
  timerRemainingMs: z.catch(count, 0),
  /** absent (every board before it existed) = nobody has asked: no migration needed */
  revealRequests: z.catch(revealRequestsSchema, {}),
});
export type BoardState = z.infer<typeof boardStateSchema>;

export function isPhase(value: unknown): value is Phase {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}

/** Read the state room; a missing or malformed field falls back to its default. */
export function readBoardState(doc: Y.Doc | null): BoardState {
  const state = doc ? stateMap(doc) : null;
  const raw = Object.fromEntries(Object.values(STATE_KEYS).map((key) => [key, state?.get(key)]));
  return boardStateSchema.parse(raw);
}

export function readPhaseState(doc: Y.Doc): PhaseState {
  const state = stateMap(doc);
  const parsed = phaseStateSchema.safeParse({
    phase: state.get(STATE_KEYS.phase),
    phaseChangedAt: state.get(STATE_KEYS.phaseChangedAt),
  });
  return parsed.success ? parsed.data : DEFAULT_PHASE_STATE;
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

/** Server only: write settings/flags (validated by the caller's HTTP schema). */
export function writeStateFields(doc: Y.Doc, fields: Partial<Omit<BoardState, 'phase' | 'phaseChangedAt'>>, reason: string): void {
  const state = stateMap(doc);
  doc.transact(() => {
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) state.set(key, value);
    }
  }, serverOrigin(reason));
}

/** The parties of `parties` that have asked to reveal `target`. */
export function partiesAsking(requests: RevealRequests, target: RevealTarget, parties: readonly string[]): string[] {
  return parties.filter((p) => requests[p]?.[target] === true);
}

// ---------------------------------------------------------------------------
// Timer: the server's clock is the reference. A client shows
// remaining = running ? duration - (serverNow - startedAt) : remainingMs,
// with serverNow estimated from its measured offset to the server clock.

export type TimerView = { readonly running: boolean; readonly remainingMs: number; readonly durationMs: number };

export function timerView(state: BoardState, serverNow: number): TimerView {
  if (state.timerStartedAt === null) {
    return { running: false, remainingMs: state.timerRemainingMs, durationMs: state.timerDurationMs };
  }
  const elapsed = Math.max(0, serverNow - state.timerStartedAt);
  return {
    running: true,
    remainingMs: Math.max(0, state.timerRemainingMs - elapsed),
    durationMs: state.timerDurationMs,
  };
}

/**
 * Server only: timer actions. While running, `timerRemainingMs` holds the time
 * left at `timerStartedAt`; paused, it holds the time left now.
 */
export function applyTimerAction(
  doc: Y.Doc,
  action: { type: 'start'; durationMs?: number } | { type: 'pause' } | { type: 'add'; ms: number } | { type: 'reset' },
  now: number,
): BoardState {
  const current = readBoardState(doc);
  const view = timerView(current, now);
  let next: Pick<BoardState, 'timerDurationMs' | 'timerStartedAt' | 'timerRemainingMs'>;
  switch (action.type) {
    case 'start': {
      const remaining = action.durationMs ?? (view.remainingMs > 0 ? view.remainingMs : current.timerDurationMs);
      next = {
        timerDurationMs: action.durationMs ?? (current.timerDurationMs || remaining),
        timerStartedAt: now,
        timerRemainingMs: remaining,
      };
      break;
    }
    case 'pause':
      next = { timerDurationMs: current.timerDurationMs, timerStartedAt: null, timerRemainingMs: view.remainingMs };
      break;
    case 'add':
      next = {
        timerDurationMs: Math.max(0, current.timerDurationMs + action.ms),
        timerStartedAt: view.running ? now : null,
        timerRemainingMs: Math.max(0, view.remainingMs + action.ms),
      };
      break;
    case 'reset':
      next = { timerDurationMs: 0, timerStartedAt: null, timerRemainingMs: 0 };
      break;
  }
  writeStateFields(doc, next, `timer-${action.type}`);
  return readBoardState(doc);
}
