/**
 * The board's session, opened as soon as the board's code runs — before
 * React has hydrated the page and run its effects — so the sockets connect
 * and the sync answers travel while React works. The first useBoardSession
 * asking for the same board and link adopts it (it was opened with the
 * stored name the page uses too, and the hook sets the page's name on
 * whatever session it holds); anything else closes it. (The benchmark's
 * board: the page's scripts are in ~300 ms after navigation; its first
 * WebSocket opened at 370–550 ms while the session waited for the effect,
 * 280–460 ms since; docs/benchmarks.md.)
 */
import type { BoardId } from '@/lib/board/ids';
import { BoardSession } from './session';

export type EarlyInput = { readonly boardId: BoardId; readonly token: string; readonly displayName: string };

/** Unclaimed for this long, the early session is closed: the page did not render the board after all. */
const ADOPT_WITHIN_MS = 10_000;

let parked: { key: string; session: BoardSession; timer: ReturnType<typeof setTimeout> } | null = null;

const keyOf = (input: Pick<EarlyInput, 'boardId' | 'token'>) => JSON.stringify([input.boardId, input.token]);

/** Open the session for `input` now, to be adopted by the board's first useBoardSession. */
export function openEarly(input: EarlyInput): void {
  if (parked) return;
  let session: BoardSession;
  try {
    session = BoardSession.open(input);
  } catch {
    return; // an invalid link: the board route says so itself
  }
  const timer = setTimeout(() => {
    if (parked?.session !== session) return;
    parked = null;
    session.destroy();
  }, ADOPT_WITHIN_MS);
  parked = { key: keyOf(input), session, timer };
}

/** The early session if it was opened for this board and link (once); null otherwise, closing one opened for another. */
export function adoptEarly(input: Pick<EarlyInput, 'boardId' | 'token'>): BoardSession | null {
  const early = parked;
  parked = null;
  if (!early) return null;
  clearTimeout(early.timer);
  if (early.key === keyOf(input)) return early.session;
  early.session.destroy();
  return null;
}
