/**
 * The boards API: create a board (and mint its capability links) and read
 * what a token may know about its board. Facilitation (phase, timer,
 * settings, reveals) lives in server/facilitation/routes.ts and shares
 * `authorize` and `parse` from here.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { initializeJointDoc, initializeStateDoc } from '@/lib/board/create';
import { isBoardId } from '@/lib/board/ids';
import { LIMITS } from '@/lib/board/schema';
import { authenticate, tokenFromRequest } from '../auth/authenticate';
import type { Config } from '../config';
import { storeNewBoard } from '../boards/create';
import type { DocStore } from '../persistence/types';
import type { RoomRegistry } from '../sync/rooms';
import { publicOrigin } from './links';
import { HttpError, readJson, sendJson } from './respond';
import type { RouteContext, Router } from './router';

export type BoardsDeps = { readonly config: Config; readonly store: DocStore; readonly registry: RoomRegistry };

const partyName = z.string().trim().min(1, 'party name must not be empty').max(LIMITS.partyName);

export const createBoardSchema = z
  .object({
    title: z.string().trim().min(1, 'title must not be empty').max(LIMITS.title),
    question: z.string().trim().max(LIMITS.question),
    parties: z.array(partyName).min(LIMITS.minParties).max(LIMITS.maxParties),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.parties.forEach((name, index) => {
      const key = name.toLocaleLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['parties', index], message: 'party names must differ' });
      seen.add(key);
    });
  });

export function registerBoardRoutes(router: Router, deps: BoardsDeps): void {
  router.add('POST', '/api/boards', (ctx) => createBoard(ctx, deps));
  router.add('GET', '/api/boards/:id', (ctx) => readBoard(ctx, deps));
}

async function createBoard({ req, res }: RouteContext, deps: BoardsDeps): Promise<void> {
  const input = parse(createBoardSchema, await readJson(req));
  const origin = publicOrigin(req, deps.config);
  const createdAt = Date.now();
  const joint = new Y.Doc();
  const state = new Y.Doc();
  try {
    const parties = initializeJointDoc(joint, { ...input, createdAt });
    initializeStateDoc(state, createdAt);
    // Board row and both documents' first updates in one transaction; links as rotation mints them.
    sendJson(res, 201, await storeNewBoard(deps, origin, { title: input.title, createdAt, parties, joint, state }));
  } finally {
    joint.destroy();
    state.destroy();
  }
}

async function readBoard(ctx: RouteContext, deps: BoardsDeps): Promise<void> {
  const { claims, board } = await authorize(ctx, deps);
  sendJson(ctx.res, 200, {
    id: board.id,
    title: board.title,
    parties: board.parties.map((p) => ({ partyId: p.id, name: p.name, color: p.color })),
    role: claims.r,
    partyId: claims.p ?? null,
  });
}

/**
 * Token checks shared by board routes. A bad token and a token for a board
 * that does not exist both answer 401, so ids cannot be probed.
 */
export async function authorize({ req, url, params }: RouteContext, deps: Pick<BoardsDeps, 'config' | 'store'>) {
  const id = params.id ?? '';
  if (!isBoardId(id)) throw new HttpError(404, 'not_found', 'no such board');
  const token = tokenFromRequest(req.headers, url);
  if (!token) throw new HttpError(401, 'unauthorized', 'a token is required (Authorization: Bearer …)');
  const auth = await authenticate(token, deps.store, deps.config.secret);
  if (!auth.ok) throw new HttpError(401, 'unauthorized', 'the token is not valid');
  if (auth.claims.b !== id) throw new HttpError(403, 'forbidden', 'the token is for another board');
  return auth;
}

/** Validate a body: 422 `invalid_field` naming the first failing field (`body` for the whole). */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
  throw new HttpError(422, 'invalid_field', `${field}: ${issue.message}`, field);
}
