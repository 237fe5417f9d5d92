/**
 * What this browser remembers: the boards its person created or joined (so
 * the home page can list them) and their display name. Kept in localStorage
 * and validated on read, since anything may have written it.
 */
import * as z from 'zod/mini'; // in the browser's first load: see docs/decisions.md
import { ROLES, type Role } from '@/lib/board/access';
import { isRecordId, newRecordId } from '@/lib/board/ids';
import { LIMITS } from '@/lib/board/schema';

const BOARDS_KEY = 'common-ground:boards';
const NAME_KEY = 'common-ground:display-name';
const MAX_REMEMBERED = 50;

const rememberedBoardSchema = z.object({
  boardId: z.string(),
  title: z.string(),
  role: z.enum(ROLES),
  partyName: z.optional(z.string()),
  url: z.string(),
  lastOpenedAt: z.number(),
});

export type RememberedBoard = { boardId: string; title: string; role: Role; partyName?: string; url: string; lastOpenedAt: number };

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null; // storage disabled (private mode, policy)
  }
}

/** Most recently opened first. A board created here appears once per link kept. */
export function listRememberedBoards(): RememberedBoard[] {
  const raw = storage()?.getItem(BOARDS_KEY);
  if (!raw) return [];
  try {
    const parsed = z.array(rememberedBoardSchema).safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data.sort((a, b) => b.lastOpenedAt - a.lastOpenedAt) : [];
  } catch {
    return [];
  }
}

/** Remember (or refresh) a board link; the same board and role is kept once. */
export function rememberBoard(board: RememberedBoard): void {
  const others = listRememberedBoards().filter(
    (b) => !(b.boardId === board.boardId && b.role === board.role && b.partyName === board.partyName),
  );
  storage()?.setItem(BOARDS_KEY, JSON.stringify([board, ...others].slice(0, MAX_REMEMBERED)));
}

export function forgetBoard(boardId: string): void {
  storage()?.setItem(BOARDS_KEY, JSON.stringify(listRememberedBoards().filter((b) => b.boardId !== boardId)));
}

/**
 * This browser's participant id on a board: scores and health ratings are
 * keyed by it, so the same person keeps their ratings across reloads.
 */
export function loadParticipantId(boardId: string): string {
  const key = `common-ground:participant:${boardId}`;
  const existing = storage()?.getItem(key);
  if (existing && isRecordId(existing)) return existing;
  const id = newRecordId();
  storage()?.setItem(key, id);
  return id;
}

export function loadDisplayName(): string | null {
  const name = storage()?.getItem(NAME_KEY)?.trim();
  return name ? name.slice(0, LIMITS.displayName) : null;
}

export function saveDisplayName(name: string): void {
  const trimmed = name.trim().slice(0, LIMITS.displayName);
  if (trimmed) storage()?.setItem(NAME_KEY, trimmed);
}
