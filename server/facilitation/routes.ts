/**
 * Facilitation over HTTP: phase, timer, settings and reveals, each written
 * by the server into the board's state room (stored and broadcast before the
 * answer), plus the server clock for timer offsets. This is facilitation's
 * HTTP face, so it uses server/http (router, bodies, parse); which token
 * may act is decided by server/auth/authorize.ts (the board) and
 * authority.ts (the action) alone.
 *
 * The Publisher is the caller's: it lives as long as the server (it reacts
 * to rooms loading, not to requests), so whoever composes the server
 * constructs it and closes it on shutdown; these routes only use it.
 */
import { z } from 'zod';
import type { BoardId } from '@/lib/board/ids';
import { stateRoom } from '@/lib/board/rooms';
import { CRITERIA, PHASES, type Criterion } from '@/lib/board/schema';
import { applyTimerAction, readBoardState, readPhaseState, setPhase, timerView, type BoardState } from '@/lib/board/state';
import { tokenFromRequest } from '../auth/authenticate';
import { authorizeBoard } from '../auth/authorize';
import type { Config } from '../config';
import { DomainError } from '../errors';
import { parse } from '../http/parse';
import { readJson, sendJson } from '../http/respond';
import type { RouteContext, Router } from '../http/router';
import type { DocStore } from '../persistence/types';
import type { RoomRegistry } from '../sync/rooms';
import { assertCouldDrive, assertMayDrive, assertSettingsDiscloseNothing, revealPower } from './authority';
import { clearRequests, revealChange } from './consent';
import { assertWritable, type Publisher, type PublishResult, type StateFields } from './publisher';

export type FacilitationDeps = { readonly config: Config; readonly store: DocStore; readonly registry: RoomRegistry };

const SECOND = 1000;
const HOUR = 3600 * SECOND;
export const TIMER_LIMITS = { minDurationMs: SECOND, maxDurationMs: 4 * HOUR, maxAddMs: HOUR } as const;

export const phaseBodySchema = z.object({ phase: z.enum(PHASES) });

export const timerBodySchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('start'),
    durationMs: z.number().int().min(TIMER_LIMITS.minDurationMs).max(TIMER_LIMITS.maxDurationMs).optional(),
  }),
  z.object({ action: z.literal('pause') }),
  z.object({ action: z.literal('add'), ms: z.number().int().min(-TIMER_LIMITS.maxAddMs).max(TIMER_LIMITS.maxAddMs) }),
  z.object({ action: z.literal('reset') }),
]);

const weight = z.number().min(0).max(10);
export const settingsBodySchema = z.object({
  facilitated: z.boolean().optional(),
  sideBlind: z.boolean().optional(),
  scoring: z.enum(['blind', 'open']).optional(),
  weights: z
    .object(Object.fromEntries(CRITERIA.map((c) => [c, weight])) as Record<Criterion, typeof weight>)
    .refine((w) => CRITERIA.some((c) => w[c] > 0), { message: 'at least one weight must be above 0' })
    .optional(),
  worksForBothThreshold: z.number().min(1).max(5).optional(),
});

export const revealBodySchema = z
  .object({ authorship: z.boolean().optional(), scores: z.boolean().optional() })
  .refine((v) => v.authorship !== undefined || v.scores !== undefined, { message: 'name authorship and/or scores' });

/** The routes, writing settings and reveals through `publisher` (constructed, and closed, by the caller). */
export function registerFacilitationRoutes(router: Router, deps: FacilitationDeps, publisher: Publisher): void {
  router.add('GET', '/api/time', ({ res }) => sendJson(res, 200, { serverNow: Date.now() }));
  router.add('POST', '/api/boards/:id/phase', (ctx) => changePhase(ctx, deps));
  router.add('POST', '/api/boards/:id/timer', (ctx) => runTimer(ctx, deps));
  router.add('POST', '/api/boards/:id/settings', (ctx) => changeSettings(ctx, deps, publisher));
  router.add('POST', '/api/boards/:id/reveal', (ctx) => reveal(ctx, deps, publisher));
}

async function changePhase(ctx: RouteContext, deps: FacilitationDeps): Promise<void> {
  const { claims, board } = await authorizeBoard(ctx.params.id, tokenFromRequest(ctx.req.headers, ctx.url), deps);
  assertCouldDrive(claims, 'phase');
  const body = await readJson(ctx.req);
  const result = await deps.registry.withRoom(stateRoom(board.id as BoardId), async (room) => {
    assertWritable(room);
    // Check and write in one synchronous stretch: the rule cannot change in between.
    assertMayDrive(claims, room.read(readBoardState), 'phase');
    const { phase } = parse(phaseBodySchema, body);
    await room.serverWrite((doc) => setPhase(doc, phase, Date.now()));
    return room.read(readPhaseState);
  });
  sendJson(ctx.res, 200, { ...result, serverNow: Date.now() });
}

async function runTimer(ctx: RouteContext, deps: FacilitationDeps): Promise<void> {
  const { claims, board } = await authorizeBoard(ctx.params.id, tokenFromRequest(ctx.req.headers, ctx.url), deps);
  assertCouldDrive(claims, 'timer');
  const body = await readJson(ctx.req);
  const state = await deps.registry.withRoom(stateRoom(board.id as BoardId), async (room) => {
    assertWritable(room);
    const current = room.read(readBoardState);
    assertMayDrive(claims, current, 'timer');
    const input = parse(timerBodySchema, body);
    const now = Date.now();
    const view = timerView(current, now);
    if (input.action === 'start' && input.durationMs === undefined && view.remainingMs <= 0 && current.timerDurationMs <= 0) {
      throw new DomainError('invalid', 'durationMs: the timer has no time set; give durationMs', 'durationMs');
    }
    const unchanged =
      (input.action === 'pause' && !view.running) ||
      (input.action === 'reset' && !view.running && current.timerDurationMs === 0 && current.timerRemainingMs === 0);
    if (!unchanged) {
      const action =
        input.action === 'start'
          ? { type: 'start' as const, durationMs: input.durationMs }
          : input.action === 'add'
            ? { type: 'add' as const, ms: input.ms }
            : { type: input.action };
      await room.serverWrite((doc) => void applyTimerAction(doc, action, now));
    }
    return room.read(readBoardState);
  });
  sendJson(ctx.res, 200, timerAnswer(state, Date.now()));
}

export function timerAnswer(state: BoardState, serverNow: number) {
  const view = timerView(state, serverNow);
  return {
    timerDurationMs: state.timerDurationMs,
    timerStartedAt: state.timerStartedAt,
    timerRemainingMs: state.timerRemainingMs,
    running: view.running,
    remainingMs: view.remainingMs,
    serverNow,
  };
}

async function changeSettings(ctx: RouteContext, deps: FacilitationDeps, publisher: Publisher): Promise<void> {
  const { claims, board } = await authorizeBoard(ctx.params.id, tokenFromRequest(ctx.req.headers, ctx.url), deps);
  assertCouldDrive(claims, 'settings');
  const body = await readJson(ctx.req);
  const result = await publisher.apply(board.id as BoardId, (state) => {
    assertMayDrive(claims, state, 'settings');
    const input = parse(settingsBodySchema, body);
    const facilitationChanges = input.facilitated !== undefined && input.facilitated !== state.facilitated;
    if (facilitationChanges) assertMayDrive(claims, state, 'facilitation');
    assertSettingsDiscloseNothing(claims, state, input);
    // Requests are consent to one question under one arrangement: a change of
    // who drives, or of what "reveal" would publish, asks it afresh.
    const stale = [
      ...(facilitationChanges || (input.scoring !== undefined && input.scoring !== state.scoring) ? (['scores'] as const) : []),
      ...(facilitationChanges || (input.sideBlind !== undefined && input.sideBlind !== state.sideBlind) ? (['authorship'] as const) : []),
    ];
    const fields: StateFields = {
      revealRequests: stale.length > 0 ? clearRequests(state.revealRequests, stale) : undefined,
      facilitated: input.facilitated,
      sideBlind: input.sideBlind,
      scoring: input.scoring,
      weights: input.weights,
      worksForBothThreshold: input.worksForBothThreshold,
    };
    return fields;
  });
  sendJson(ctx.res, 200, settingsAnswer(result, Date.now()));
}

async function reveal(ctx: RouteContext, deps: FacilitationDeps, publisher: Publisher): Promise<void> {
  const { claims, board } = await authorizeBoard(ctx.params.id, tokenFromRequest(ctx.req.headers, ctx.url), deps);
  assertCouldDrive(claims, 'reveal');
  const body = await readJson(ctx.req);
  const result = await publisher.apply(board.id as BoardId, (state, { parties }) => {
    // The facilitator decides; a party (unfacilitated) asks, and the server
    // reveals once every party has asked (consent.ts).
    const power = revealPower(claims, state);
    const input = parse(revealBodySchema, body);
    return revealChange(state, power, parties, input);
  });
  sendJson(ctx.res, 200, settingsAnswer(result, Date.now()));
}

/** The answer of settings and reveal: the board's settings, what is published now, and progress. */
export function settingsAnswer(result: PublishResult, serverNow: number) {
  const { state } = result;
  return {
    facilitated: state.facilitated,
    sideBlind: state.sideBlind,
    scoring: state.scoring,
    weights: state.weights,
    worksForBothThreshold: state.worksForBothThreshold,
    authorshipRevealed: state.authorshipRevealed,
    scoresRevealed: state.scoresRevealed,
    revealRequests: state.revealRequests,
    scoresPublished: result.scoresPublished,
    authorshipPublished: result.authorshipPublished,
    scoreProgress: result.scoreProgress,
    serverNow,
  };
}
