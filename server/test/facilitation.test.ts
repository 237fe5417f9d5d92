/**
 * Facilitation over HTTP: who may drive the board (one rule for phase,
 * timer, settings and reveals), the server-clock timer, settings
 * validation, and the client functions of lib/sync/api.ts against the
 * real server.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stateMap } from '@/lib/board/schema';
import { readBoardState, timerView } from '@/lib/board/state';
import { fetchServerTime, reveal, setPhase, setTimer, updateSettings } from '@/lib/sync/api';
import { Harness, waitFor } from './harness';
import { act, ok } from './facilitation-helpers';

const ACTIONS: readonly [string, unknown][] = [
  ['phase', { phase: 'interests' }],
  ['timer', { action: 'start', durationMs: 60_000 }],
  ['settings', { worksForBothThreshold: 4 }],
  ['reveal', { authorship: true }],
];

test('who drives: the facilitator always, a party only on an unfacilitated board, a viewer never', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const other = await h.createBoard();
  const facilitator = board.links.facilitator.token;
  const party = board.links.parties[0]!.token;
  const viewer = board.links.viewer.token;
  const state = await h.provider(`${board.id}/state`, viewer);
  const s = () => stateMap(state.doc);

  for (const [action, body] of ACTIONS) {
    assert.equal((await act(h, board.id, action, null, body)).status, 401, `${action}: no token`);
    assert.equal((await act(h, board.id, action, 'nonsense', body)).status, 401, `${action}: bad token`);
    assert.equal((await act(h, board.id, action, other.links.facilitator.token, body)).status, 403, `${action}: other board`);
    assert.equal((await act(h, 'not-a-board', action, facilitator, body)).status, 404, `${action}: bad id`);
    for (const token of [party, viewer]) {
      const refused = await act(h, board.id, action, token, body);
      assert.equal(refused.status, 403, `${action} by ${token === party ? 'party' : 'viewer'}`);
      assert.equal(refused.body.error?.code, 'forbidden');
      assert.ok(refused.body.error?.message);
    }
  }
  assert.equal(s().get('phase'), 'frame');
  assert.equal(s().get('timerStartedAt'), undefined);
  assert.equal(s().get('worksForBothThreshold'), undefined);
  assert.equal(s().get('authorshipRevealed'), undefined, 'nothing refused was written');

  for (const [action, body] of ACTIONS) await ok(h, board.id, action, facilitator, body);
  await waitFor(
    () =>
      s().get('phase') === 'interests' &&
      typeof s().get('timerStartedAt') === 'number' &&
      s().get('worksForBothThreshold') === 4 &&
      s().get('authorshipRevealed') === true,
    { what: 'the facilitator’s four actions to reach a client' },
  );

  // Only the facilitator turns facilitation off (or on).
  assert.equal((await act(h, board.id, 'settings', party, { facilitated: false })).status, 403);
  assert.equal((await ok(h, board.id, 'settings', facilitator, { facilitated: false })).facilitated, false);

  // Unfacilitated: any party member drives; viewers still cannot.
  const partyActions: [string, unknown][] = [
    ['phase', { phase: 'brainstorm' }],
    ['timer', { action: 'pause' }],
    ['settings', { worksForBothThreshold: 3 }],
    ['reveal', { authorship: false }],
  ];
  for (const [action, body] of partyActions) {
    assert.equal((await act(h, board.id, action, viewer, body)).status, 403, `${action} by viewer, unfacilitated`);
    await ok(h, board.id, action, board.links.parties[1]!.token, body);
  }
  await waitFor(
    () =>
      s().get('phase') === 'brainstorm' &&
      s().get('timerStartedAt') === null &&
      s().get('worksForBothThreshold') === 3 &&
      s().get('authorshipRevealed') === false,
    { what: 'the party’s actions to reach a client' },
  );
  const seize = await act(h, board.id, 'settings', party, { facilitated: true });
  assert.equal(seize.status, 403, 'a party cannot turn facilitation back on either');
  assert.match(seize.body.error!.message, /only the facilitator/);
  // Sending the value it already has is not a change, so it is allowed.
  assert.equal((await act(h, board.id, 'settings', party, { facilitated: false })).status, 200);

  await ok(h, board.id, 'settings', facilitator, { facilitated: true });
  assert.equal((await act(h, board.id, 'phase', party, { phase: 'cluster' })).status, 403, 'facilitated again');
  await waitFor(() => s().get('facilitated') === true, { what: 'facilitated again' });
  assert.equal(s().get('phase'), 'brainstorm');
});

test('timer: start, pause, add, resume and reset keep the time left right against serverNow', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const token = board.links.facilitator.token;
  const state = await h.provider(`${board.id}/state`, board.links.viewer.token);
  type Timer = { timerDurationMs: number; timerStartedAt: number | null; timerRemainingMs: number; running: boolean; remainingMs: number; serverNow: number };
  const timer = async (body: unknown) => (await ok(h, board.id, 'timer', token, body)) as unknown as Timer;
  /** the client's view at the answer's serverNow equals the server's answer */
  const clientAgrees = async (answer: Timer) => {
    await waitFor(() => stateMap(state.doc).get('timerStartedAt') === answer.timerStartedAt && stateMap(state.doc).get('timerRemainingMs') === answer.timerRemainingMs, {
      what: 'the client to see the timer',
    });
    const view = timerView(readBoardState(state.doc), answer.serverNow);
    assert.deepEqual(view, { running: answer.running, remainingMs: answer.remainingMs, durationMs: answer.timerDurationMs });
  };

  const started = await timer({ action: 'start', durationMs: 600_000 });
  assert.equal(started.running, true);
  assert.equal(started.timerDurationMs, 600_000);
  assert.equal(started.timerRemainingMs, 600_000);
  assert.ok(started.timerStartedAt! <= started.serverNow);
  assert.equal(started.remainingMs, 600_000 - (started.serverNow - started.timerStartedAt!));
  await clientAgrees(started);

  const paused = await timer({ action: 'pause' });
  assert.equal(paused.running, false);
  assert.equal(paused.timerStartedAt, null);
  assert.equal(paused.remainingMs, paused.timerRemainingMs);
  assert.ok(paused.remainingMs <= 600_000 && paused.remainingMs >= 600_000 - (paused.serverNow - started.timerStartedAt!));
  await clientAgrees(paused);
  // Pausing a paused timer changes nothing.
  assert.equal((await timer({ action: 'pause' })).remainingMs, paused.remainingMs);

  const added = await timer({ action: 'add', ms: 60_000 });
  assert.equal(added.running, false);
  assert.equal(added.remainingMs, paused.remainingMs + 60_000);
  assert.equal(added.timerDurationMs, 660_000);
  await clientAgrees(added);

  const resumed = await timer({ action: 'start' });
  assert.equal(resumed.running, true);
  assert.equal(resumed.timerRemainingMs, added.remainingMs, 'resuming keeps the time that was left');
  assert.equal(resumed.remainingMs, added.remainingMs - (resumed.serverNow - resumed.timerStartedAt!));
  await clientAgrees(resumed);

  const more = await timer({ action: 'add', ms: -30_000 });
  assert.equal(more.running, true);
  const leftAtAdd = more.timerRemainingMs + 30_000;
  assert.ok(leftAtAdd <= resumed.timerRemainingMs && leftAtAdd >= resumed.timerRemainingMs - (more.timerStartedAt! - resumed.timerStartedAt!));
  await clientAgrees(more);

  // A client whose clock is 7 minutes fast still shows the server's time left,
  // once it corrects its clock by the offset measured against GET /api/time.
  const skew = 7 * 60_000;
  const sent = Date.now() + skew;
  const { serverNow } = (await (await h.fetch('/api/time')).json()) as { serverNow: number };
  const received = Date.now() + skew;
  const offset = serverNow - (sent + received) / 2;
  const clientNow = Date.now() + skew;
  const shown = timerView(readBoardState(state.doc), clientNow + offset).remainingMs;
  const truth = timerView(readBoardState(state.doc), Date.now()).remainingMs;
  assert.ok(Math.abs(shown - truth) <= received - sent + 5, `shown ${shown} vs ${truth}`);
  assert.ok(Math.abs(timerView(readBoardState(state.doc), clientNow).remainingMs - truth) > 60_000, 'uncorrected, it would be minutes off');

  const reset = await timer({ action: 'reset' });
  assert.deepEqual([reset.running, reset.remainingMs, reset.timerDurationMs], [false, 0, 0]);
  await clientAgrees(reset);
  const nothingSet = await act(h, board.id, 'timer', token, { action: 'start' });
  assert.equal(nothingSet.status, 422);
  assert.equal(nothingSet.body.error?.field, 'durationMs');

  const bad: [unknown, string][] = [
    [{ action: 'start', durationMs: 999 }, 'durationMs'],
    [{ action: 'start', durationMs: 4 * 3_600_000 + 1 }, 'durationMs'],
    [{ action: 'start', durationMs: 1500.5 }, 'durationMs'],
    [{ action: 'add', ms: 3_600_001 }, 'ms'],
    [{ action: 'add', ms: -3_600_001 }, 'ms'],
    [{ action: 'add' }, 'ms'],
    [{ action: 'explode' }, 'action'],
    [[], 'body'],
  ];
  for (const [body, field] of bad) {
    const answer = await act(h, board.id, 'timer', token, body);
    assert.equal(answer.status, 422, JSON.stringify(body));
    assert.equal(answer.body.error?.field, field, JSON.stringify(body));
  }
  assert.equal((await act(h, board.id, 'timer', token, '{"action":')).status, 400);
  assert.equal(stateMap(state.doc).get('timerDurationMs'), 0, 'refused actions changed nothing');
});

test('settings and reveal validate their bodies and answer the new state; an unchanged setting writes nothing', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const token = board.links.facilitator.token;
  const state = await h.provider(`${board.id}/state`, board.links.viewer.token);

  const bad: [string, unknown, string][] = [
    ['settings', { weights: { impact: 11, feasibility: 1, fairness: 1 } }, 'weights.impact'],
    ['settings', { weights: { impact: 1, feasibility: 1 } }, 'weights.fairness'],
    ['settings', { weights: { impact: 0, feasibility: 0, fairness: 0 } }, 'weights'],
    ['settings', { worksForBothThreshold: 0.5 }, 'worksForBothThreshold'],
    ['settings', { worksForBothThreshold: 5.5 }, 'worksForBothThreshold'],
    ['settings', { scoring: 'secret' }, 'scoring'],
    ['settings', { sideBlind: 'no' }, 'sideBlind'],
    ['settings', { facilitated: 0 }, 'facilitated'],
    ['reveal', {}, 'body'],
    ['reveal', { scores: 'yes' }, 'scores'],
    ['phase', { phase: 'party-time' }, 'phase'],
  ];
  for (const [action, body, field] of bad) {
    const answer = await act(h, board.id, action, token, body);
    assert.equal(answer.status, 422, `${action} ${JSON.stringify(body)}`);
    assert.equal(answer.body.error?.code, 'invalid_field');
    assert.equal(answer.body.error?.field, field, `${action} ${JSON.stringify(body)}`);
  }

  const answer = await ok(h, board.id, 'settings', token, {
    weights: { impact: 2, feasibility: 1, fairness: 0 },
    worksForBothThreshold: 4,
    scoring: 'open',
    sideBlind: false,
  });
  assert.deepEqual(
    { ...answer, serverNow: 0 },
    {
      facilitated: true,
      sideBlind: false,
      scoring: 'open',
      weights: { impact: 2, feasibility: 1, fairness: 0 },
      worksForBothThreshold: 4,
      authorshipRevealed: false,
      scoresRevealed: false,
      revealRequests: {},
      scoresPublished: true,
      authorshipPublished: true,
      scoreProgress: { p1: 0, p2: 0 },
      serverNow: 0,
    },
  );
  assert.equal(typeof answer.serverNow, 'number');
  await waitFor(() => readBoardState(state.doc).worksForBothThreshold === 4, { what: 'settings to reach a client' });
  assert.deepEqual(readBoardState(state.doc).weights, { impact: 2, feasibility: 1, fairness: 0 });
  assert.equal(readBoardState(state.doc).scoring, 'open');

  // The same settings again: nothing is stored (the client holds the room, so it is not compacted meanwhile).
  const rows = async () => (await h.server.store.loadRoom(`${board.id}/state`)).updates.length;
  const before = await rows();
  await ok(h, board.id, 'settings', token, { weights: { impact: 2, feasibility: 1, fairness: 0 }, worksForBothThreshold: 4 });
  await ok(h, board.id, 'reveal', token, { scores: false });
  assert.equal(await rows(), before, 'unchanged settings and an unchanged reveal flag wrote nothing');
  await ok(h, board.id, 'settings', token, { worksForBothThreshold: 3.5 });
  assert.equal(await rows(), before + 1, 'a changed setting is one stored update');
});

test('GET /api/time, and the lib/sync/api client functions against the real server', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const token = board.links.facilitator.token;
  const state = await h.provider(`${board.id}/state`, board.links.viewer.token);

  const before = Date.now();
  const time = await h.fetch('/api/time');
  assert.equal(time.status, 200);
  assert.equal(time.headers.get('cache-control'), 'no-store');
  const { serverNow } = (await time.json()) as { serverNow: number };
  assert.ok(serverNow >= before && serverNow <= Date.now());
  assert.equal((await h.fetch('/api/time', { method: 'POST' })).status, 405);

  // The client functions use same-origin paths, as in the browser.
  const realFetch = globalThis.fetch;
  globalThis.fetch = ((input: string, init?: RequestInit) => realFetch(`${h.httpUrl}${input}`, init)) as typeof fetch;
  t.after(() => {
    globalThis.fetch = realFetch;
  });

  const clock = await fetchServerTime();
  assert.ok(Math.abs(clock.offsetMs) <= clock.roundTripMs / 2 + 1, 'same machine: the offset is within half the round trip');

  await setPhase(board.id, token, 'score');
  const started = await setTimer(board.id, token, { action: 'start', durationMs: 120_000 });
  assert.equal(started.running, true);
  assert.equal(started.timerDurationMs, 120_000);
  const settings = await updateSettings(board.id, token, { scoring: 'blind', worksForBothThreshold: 4.5 });
  assert.equal(settings.worksForBothThreshold, 4.5);
  const revealed = await reveal(board.id, token, { scores: true, authorship: true });
  assert.equal(revealed.scoresPublished, true);
  assert.equal(revealed.authorshipPublished, true);
  await waitFor(() => readBoardState(state.doc).phase === 'score' && readBoardState(state.doc).scoresRevealed, {
    what: 'the client functions’ writes to reach a client',
  });

  await assert.rejects(reveal(board.id, board.links.viewer.token, { scores: false }), (error: Error & { status?: number; code?: string }) => {
    assert.equal(error.status, 403);
    assert.equal(error.code, 'forbidden');
    return true;
  });
  await assert.rejects(setTimer(board.id, token, { action: 'add', ms: 10 * 3_600_000 }), { name: 'ApiError', field: 'ms' });
});
