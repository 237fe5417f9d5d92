/** The HTTP API: board creation and validation, board info, phase changes, health. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readClaimsUnverified } from '@/lib/board/access';
import { stateMap } from '@/lib/board/schema';
import { Harness, waitFor } from './harness';

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

test('POST /api/boards creates a board with capability links', async (t) => {
  const h = await Harness.start(t);
  const res = await h.fetch('/api/boards', json({ title: '  Lease  ', question: 'Rent?', parties: [' Tenant ', 'Landlord', 'Agent'] }));
  assert.equal(res.status, 201);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
  const body = (await res.json()) as Awaited<ReturnType<Harness['createBoard']>>;
  assert.match(body.id, /^[A-Za-z0-9_-]{22}$/);
  assert.equal(body.links.facilitator.url, `${h.httpUrl}/b/${body.id}#t=${body.links.facilitator.token}`);
  assert.deepEqual(
    body.links.parties.map((p) => [p.partyId, p.name]),
    [['p1', 'Tenant'], ['p2', 'Landlord'], ['p3', 'Agent']],
  );
  assert.deepEqual(readClaimsUnverified(body.links.parties[1]!.token), { v: 1, b: body.id, r: 'party', p: 'p2', e: 0 });
  assert.equal(readClaimsUnverified(body.links.viewer.token)?.r, 'viewer');

  const info = await h.fetch(`/api/boards/${body.id}`, { headers: { authorization: `Bearer ${body.links.parties[0]!.token}` } });
  assert.equal(info.status, 200);
  assert.deepEqual(await info.json(), {
    id: body.id,
    title: 'Lease',
    parties: [
      { partyId: 'p1', name: 'Tenant', color: '#0072B2' },
      { partyId: 'p2', name: 'Landlord', color: '#D55E00' },
      { partyId: 'p3', name: 'Agent', color: '#009E73' },
    ],
    role: 'party',
    partyId: 'p1',
  });
  const viaQuery = await h.fetch(`/api/boards/${body.id}?token=${body.links.viewer.token}`);
  assert.equal(((await viaQuery.json()) as { role: string }).role, 'viewer');
  assert.equal((await h.fetch(`/api/boards/${body.id}`)).status, 401);
});

test('PUBLIC_URL and x-forwarded-proto shape the links', async (t) => {
  const h = await Harness.start(t, { PUBLIC_URL: 'https://board.example/' });
  const board = await h.createBoard();
  assert.ok(board.links.viewer.url.startsWith(`https://board.example/b/${board.id}#t=`));
  const h2 = await Harness.start(t);
  const res = await h2.fetch('/api/boards', {
    ...json({ title: 'T', question: '', parties: ['A', 'B'] }),
    headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
  });
  const body = (await res.json()) as { links: { viewer: { url: string } } };
  assert.ok(body.links.viewer.url.startsWith(`https://127.0.0.1:${h2.port}/b/`));
});

test('POST /api/boards validation: 400 for bad JSON, 422 naming the field, 413 for big bodies', async (t) => {
  const h = await Harness.start(t);
  const ok = { title: 'T', question: 'Q', parties: ['A', 'B'] };
  const bad = await h.fetch('/api/boards', json('{"title": '));
  assert.equal(bad.status, 400);
  assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'invalid_json');

  const cases: [unknown, string][] = [
    [{ ...ok, parties: ['A', '   '] }, 'parties.1'],
    [{ ...ok, parties: ['A'] }, 'parties'],
    [{ ...ok, parties: ['A', 'B', 'C', 'D', 'E', 'F', 'G'] }, 'parties'],
    [{ ...ok, parties: ['A', 'a'] }, 'parties.1'],
    [{ ...ok, parties: ['A', 'x'.repeat(61)] }, 'parties.1'],
    [{ ...ok, parties: 'A,B' }, 'parties'],
    [{ ...ok, title: '  ' }, 'title'],
    [{ ...ok, title: 'x'.repeat(201) }, 'title'],
    [{ question: 'Q', parties: ['A', 'B'] }, 'title'],
    [{ ...ok, question: 'q'.repeat(501) }, 'question'],
    [{ ...ok, question: 5 }, 'question'],
    [[1, 2], 'body'],
  ];
  for (const [body, field] of cases) {
    const res = await h.fetch('/api/boards', json(body));
    assert.equal(res.status, 422, JSON.stringify(body).slice(0, 80));
    const error = ((await res.json()) as { error: { code: string; field: string; message: string } }).error;
    assert.equal(error.code, 'invalid_field');
    assert.equal(error.field, field, JSON.stringify(body).slice(0, 80));
    assert.ok(error.message.length > 0);
  }

  const huge = await h.fetch('/api/boards', json({ ...ok, question: 'q'.repeat(70_000) }));
  assert.equal(huge.status, 413);
  assert.equal((await h.fetch('/api/boards')).status, 405);
});

test('POST /api/boards/:id/phase: facilitator only; connected clients see the change', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const other = await h.createBoard();
  const state = await h.provider(`${board.id}/state`, board.links.parties[0]!.token);
  assert.equal(stateMap(state.doc).get('phase'), 'frame');

  const phase = (token: string | null, body: unknown = { phase: 'interests' }, id = board.id) =>
    h.fetch(`/api/boards/${id}/phase`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  assert.equal((await phase(null)).status, 401);
  assert.equal((await phase('nonsense')).status, 401);
  assert.equal((await phase(board.links.parties[0]!.token)).status, 403);
  assert.equal((await phase(board.links.viewer.token)).status, 403);
  assert.equal((await phase(other.links.facilitator.token)).status, 403, 'token for another board');
  assert.equal((await phase(board.links.facilitator.token, {}, 'not-a-board')).status, 404);
  const invalid = await phase(board.links.facilitator.token, { phase: 'party-time' });
  assert.equal(invalid.status, 422);
  assert.equal(((await invalid.json()) as { error: { field: string } }).error.field, 'phase');
  assert.equal(stateMap(state.doc).get('phase'), 'frame', 'nothing changed so far');

  const before = Date.now();
  const res = await phase(board.links.facilitator.token);
  assert.equal(res.status, 200);
  const result = (await res.json()) as { phase: string; phaseChangedAt: number };
  assert.equal(result.phase, 'interests');
  assert.ok(result.phaseChangedAt >= before);
  await waitFor(() => stateMap(state.doc).get('phase') === 'interests', { what: 'the client to see the phase' });
  assert.equal(stateMap(state.doc).get('phaseChangedAt'), result.phaseChangedAt);

  // ?token= works too.
  const viaQuery = await h.fetch(`/api/boards/${board.id}/phase?token=${board.links.facilitator.token}`, json({ phase: 'brainstorm' }));
  assert.equal(viaQuery.status, 200);
  await waitFor(() => stateMap(state.doc).get('phase') === 'brainstorm', { what: 'the second phase change' });
});

test('health, readiness, metrics and unknown paths', async (t) => {
  const h = await Harness.start(t);
  assert.deepEqual(await (await h.fetch('/healthz')).json(), { ok: true });
  const ready = await h.fetch('/readyz');
  assert.equal(ready.status, 200);
  assert.equal(ready.headers.get('cache-control'), 'no-store');
  const metrics = await (await h.fetch('/metrics')).text();
  assert.match(metrics, /cg_rooms_loaded/);
  assert.match(metrics, /cg_persist_seconds_bucket/);
  const missing = await h.fetch('/nope');
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'not_found');
  await h.server.store.close();
  assert.equal((await h.fetch('/readyz')).status, 503, 'a closed database is not ready');
});
