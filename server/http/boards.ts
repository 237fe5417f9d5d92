/**
 * The boards API: create a board (and mint its capability links) and read
 * what a token may know about its board. Facilitation (phase, timer,
 * settings, reveals) lives in server/facilitation/routes.ts; both check
 * tokens with server/auth/authorize.ts and bodies with ./parse.ts.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { initializeJointDoc, initializeStateDoc } from '@/lib/board/create';
import { LIMITS } from '@/lib/board/schema';
import { tokenFromRequest } from '../auth/authenticate';
import { authorizeBoard } from '../auth/authorize';
import type { Config } from '../config';
import type { BoardLimits } from './board-limits';
import { storeNewBoard } from '../boards/create';
import type { DocStore } from '../persistence/types';
import type { RoomRegistry } from '../sync/rooms';
import { publicOrigin } from './origin';
import { parse } from './parse';
import { readJson, sendJson } from './respond';
import type { RouteContext, Router } from './router';

export type BoardsDeps = {
  readonly config: Config;
  readonly store: DocStore;
  readonly registry: RoomRegistry;
  /** creation limits per address and process (attack 18) */
  readonly boardLimits: BoardLimits;
};

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
  // Limits first: a refused address costs no body read, no parse, no write.
  const ticket = deps.boardLimits.admit(req, res);
  if (!ticket) return;
  const joint = new Y.Doc();
  const state = new Y.Doc();
  try {
    const input = parse(createBoardSchema, await readJson(req));
    const origin = publicOrigin(req, deps.config);
    const createdAt = Date.now();
    const parties = initializeJointDoc(joint, { ...input, createdAt });
    initializeStateDoc(state, createdAt);
    // Board row and both documents' first updates in one transaction; links as rotation mints them.
    const stored = await storeNewBoard(deps, origin, { title: input.title, createdAt, parties, joint, state });
    ticket.done();
    sendJson(res, 201, stored);
  } finally {
    ticket.release();
    joint.destroy();
    state.destroy();
  }
}

async function readBoard(ctx: RouteContext, deps: BoardsDeps): Promise<void> {
  const { claims, board } = await authorizeBoard(ctx.params.id, tokenFromRequest(ctx.req.headers, ctx.url), deps);
  sendJson(ctx.res, 200, {
    id: board.id,
    title: board.title,
    parties: board.parties.map((p) => ({ partyId: p.id, name: p.name, color: p.color })),
    role: claims.r,
    partyId: claims.p ?? null,
  });
}
