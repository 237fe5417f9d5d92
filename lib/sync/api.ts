/**
 * The HTTP API as the browser uses it (docs/api.md is the reference).
 * Responses are validated: the client trusts the network no more than the server does.
 */
import * as z from 'zod/mini'; // in the browser's first load: see docs/decisions.md
import { StatusError } from '@/lib/board/api-error';
import type { Phase } from '@/lib/board/schema';

const linkSchema = z.object({ url: z.url(), token: z.string().check(z.minLength(1)) });

export const createBoardResultSchema = z.object({
  id: z.string(),
  links: z.object({
    facilitator: linkSchema,
    viewer: linkSchema,
    parties: z.array(z.extend(linkSchema, { partyId: z.string(), name: z.string() })),
  }),
});
export type CreateBoardResult = z.infer<typeof createBoardResultSchema>;

const apiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.optional(z.string()) }),
});

/** An error the API reported, with the field it names (e.g. `parties.1`) when there is one; status 0: no answer. */
export class ApiError extends StatusError {
  override readonly name = 'ApiError';
}

async function request<T>(path: string, init: RequestInit, schema: z.ZodMiniType<T>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = apiErrorSchema.safeParse(body);
    if (parsed.success) {
      const { code, message, field } = parsed.data.error;
      throw new ApiError(response.status, code, message, field);
    }
    throw new ApiError(response.status, 'http_error', `The server answered ${response.status}.`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(response.status, 'bad_response', 'The server sent an unexpected answer.');
  return parsed.data;
}

/** @example const board = await createBoard({ title, question, parties: ['Buyer', 'Supplier'] }); */
export function createBoard(input: { title: string; question: string; parties: string[] }): Promise<CreateBoardResult> {
  return request('/api/boards', { method: 'POST', body: JSON.stringify(input) }, createBoardResultSchema);
}

const phaseResultSchema = z.object({ phase: z.string(), phaseChangedAt: z.number(), serverNow: z.optional(z.number()) });

const boardPath = (boardId: string, action: string) => `/api/boards/${encodeURIComponent(boardId)}/${action}`;
const post = (token: string, body: unknown): RequestInit => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { authorization: `Bearer ${token}` },
});

/** The facilitator (or, on an unfacilitated board, a party member): the server writes the phase into the state room. */
export async function setPhase(boardId: string, token: string, phase: Phase): Promise<void> {
  await request(boardPath(boardId, 'phase'), post(token, { phase }), phaseResultSchema);
}

export type TimerAction =
  | { action: 'start'; durationMs?: number }
  | { action: 'pause' }
  | { action: 'add'; ms: number }
  | { action: 'reset' };

export const timerResultSchema = z.object({
  timerDurationMs: z.number(),
  timerStartedAt: z.nullable(z.number()),
  timerRemainingMs: z.number(),
  running: z.boolean(),
  /** time left at `serverNow` */
  remainingMs: z.number(),
  serverNow: z.number(),
});
export type TimerResult = z.infer<typeof timerResultSchema>;

/**
 * Run the board's timer (server clock). durationMs 1 s … 4 h; ms −1 h … +1 h.
 * @example await setTimer(boardId, token, { action: 'start', durationMs: 5 * 60_000 });
 */
export function setTimer(boardId: string, token: string, action: TimerAction): Promise<TimerResult> {
  return request(boardPath(boardId, 'timer'), post(token, action), timerResultSchema);
}

export type SettingsInput = {
  /** facilitator only: false lets any party member drive phase, timer, settings and reveals */
  facilitated?: boolean;
  sideBlind?: boolean;
  scoring?: 'blind' | 'open';
  /** each 0–10, at least one above 0 */
  weights?: { impact: number; feasibility: number; fairness: number };
  /** 1–5 */
  worksForBothThreshold?: number;
};

export const settingsResultSchema = z.object({
  facilitated: z.boolean(),
  sideBlind: z.boolean(),
  scoring: z.enum(['blind', 'open']),
  weights: z.object({ impact: z.number(), feasibility: z.number(), fairness: z.number() }),
  worksForBothThreshold: z.number(),
  authorshipRevealed: z.boolean(),
  scoresRevealed: z.boolean(),
  /** whether the state room holds every party's ratings now (open scoring, or revealed) */
  scoresPublished: z.boolean(),
  /** whether the state room holds who proposed each option now */
  authorshipPublished: z.boolean(),
  /** partyId → ratings cast */
  scoreProgress: z.record(z.string(), z.number()),
  serverNow: z.number(),
});
export type SettingsResult = z.infer<typeof settingsResultSchema>;

/** Change the board's settings; scores and authorship are (un)published to match at once. */
export function updateSettings(boardId: string, token: string, settings: SettingsInput): Promise<SettingsResult> {
  return request(boardPath(boardId, 'settings'), post(token, settings), settingsResultSchema);
}

/**
 * Publish (true) or withdraw (false) every party's scores and/or who proposed each option.
 * @example await reveal(boardId, token, { scores: true });
 */
export function reveal(boardId: string, token: string, input: { authorship?: boolean; scores?: boolean }): Promise<SettingsResult> {
  return request(boardPath(boardId, 'reveal'), post(token, input), settingsResultSchema);
}

const timeResultSchema = z.object({ serverNow: z.number() });

export type ServerTime = {
  readonly serverNow: number;
  /** add to Date.now() to estimate the server's clock */
  readonly offsetMs: number;
  readonly roundTripMs: number;
};

/**
 * Measure this clock's offset to the server's (the timer's reference): the
 * server's answer is taken to be read halfway through the round trip.
 * @example const { offsetMs } = await fetchServerTime(); const serverNow = Date.now() + offsetMs;
 */
export async function fetchServerTime(): Promise<ServerTime> {
  const sent = Date.now();
  const { serverNow } = await request('/api/time', { method: 'GET' }, timeResultSchema);
  const received = Date.now();
  const roundTripMs = Math.max(0, received - sent);
  return { serverNow, offsetMs: serverNow - (sent + roundTripMs / 2), roundTripMs };
}
