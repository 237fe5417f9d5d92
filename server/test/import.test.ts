/**
 * Import keeps the raters: an export of a board with published ratings names
 * the people behind them (`raters`), and POST /api/boards/import restores
 * them as the parties' members, so the new board publishes the same names,
 * ratings and participation figures. A file never names raters its exporter
 * could not see. Real server, real providers, real HTTP.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readRaters } from '@/lib/board/board-data';
import { addOption } from '@/lib/board/mutations';
import { CRITERIA, ROOT, flatMap } from '@/lib/board/schema';
import { joinAsMember, setRating } from '@/lib/board/scoring';
import type { BoardExport } from '@/lib/export';
import { Harness, waitFor, type CreatedBoard } from './harness';

const PEOPLE = [
  { partyId: 'p1', participantId: 'raterAnaP1xx01', name: 'Ana Müller', value: 5 },
  { partyId: 'p1', participantId: 'raterBenP1xx02', name: 'Ben', value: 3 },
  { partyId: 'p2', participantId: 'raterCyP2xxx03', name: 'Cy "the" Rater', value: 4 },
] as const;

async function exportJson(h: Harness, boardId: string, token: string): Promise<BoardExport> {
  const res = await h.fetch(`/api/boards/${boardId}/export?format=json&scope=board`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  return (await res.json()) as BoardExport;
}

async function post(h: Harness, path: string, token: string | null, body: unknown): Promise<Response> {
  return h.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

/** A board whose three people (two of party 1, one of party 2) joined and rated one of its two options, scores still blind. */
async function ratedBoard(h: Harness): Promise<{ board: CreatedBoard; optionId: string }> {
  const board = await h.createBoard();
  const joint = await h.provider(board.id, board.links.parties[0]!.token);
  const optionId = addOption(joint.doc, { title: 'Share the dry-season flow' })!;
  // Nobody rates this one: with everything rated, blind scoring would reveal itself.
  addOption(joint.doc, { title: 'Pump at night' });
  for (const partyId of ['p1', 'p2']) {
    const token = board.links.parties.find((p) => p.partyId === partyId)!.token;
    const lane = await h.provider(`${board.id}/party/${partyId}`, token);
    for (const person of PEOPLE.filter((p) => p.partyId === partyId)) {
      joinAsMember(lane.doc, person.participantId, person.name);
      for (const criterion of CRITERIA) setRating(lane.doc, { optionId, participantId: person.participantId, criterion, value: person.value });
    }
  }
  // Every rating stored: party 1's own export holds its 6.
  await waitFor(async () => (await exportJson(h, board.id, board.links.parties[0]!.token)).board.ratings.length === 6, {
    what: 'the ratings to reach the server',
  });
  return { board, optionId };
}

/** Participant ids replaced by their order of appearance: what an import may change. */
function people(file: BoardExport) {
  const order = [...new Set(file.board.ratings.map((r) => r.participantId))];
  const at = (id: string) => `rater-${order.indexOf(id)}`;
  return {
    ratings: file.board.ratings.map((r) => ({ partyId: r.partyId, participantId: at(r.participantId), criterion: r.criterion, value: r.value })),
    raters: file.board.raters?.map((r) => ({ ...r, participantId: at(r.participantId) })),
  };
}

test('export names published raters, and an import restores them: same raters, ratings and participation', async (t) => {
  const h = await Harness.start(t);
  const { board } = await ratedBoard(h);
  const facilitator = board.links.facilitator.token;

  // Blind and unrevealed: nobody's file names anyone (party 1 sees its own ratings, not as names).
  for (const token of [facilitator, board.links.viewer.token, board.links.parties[0]!.token]) {
    assert.deepEqual((await exportJson(h, board.id, token)).board.raters, []);
  }

  const revealed = await post(h, `/api/boards/${board.id}/reveal`, facilitator, { scores: true });
  assert.equal(revealed.status, 200, await revealed.text());
  const file = await exportJson(h, board.id, board.links.viewer.token);
  assert.deepEqual(
    file.board.raters,
    PEOPLE.map(({ participantId, partyId, name }) => ({ participantId, partyId, name })),
    'a viewer sees the published names, in party order',
  );
  assert.equal(file.board.ratings.length, 9);

  const res = await post(h, '/api/boards/import', null, file);
  assert.equal(res.status, 201, await res.clone().text());
  const created = (await res.json()) as CreatedBoard;

  // The state room publishes the names again, under fresh participant ids, and the progress.
  const state = await h.provider(`${created.id}/state`, created.links.viewer.token);
  await waitFor(() => Object.keys(readRaters(state.doc)).length === 3, { what: 'the raters to be published' });
  const raters = readRaters(state.doc);
  assert.deepEqual(Object.values(raters).map((r) => `${r.partyId}:${r.name}`).sort(), PEOPLE.map((p) => `${p.partyId}:${p.name}`).sort());
  assert.ok(Object.keys(raters).every((id) => !PEOPLE.some((p) => p.participantId === id)), 'fresh participant ids');
  assert.deepEqual(flatMap(state.doc, ROOT.scoreProgress).toJSON(), { p1: 6, p2: 3 }, 'ratings cast per party');

  // A full republication from the lanes (a settings action) keeps them: the lanes hold the members.
  const settings = await post(h, `/api/boards/${created.id}/settings`, created.links.facilitator.token, {});
  assert.equal(settings.status, 200, await settings.text());
  const again = await exportJson(h, created.id, created.links.viewer.token);
  assert.deepEqual(people(again), people(file), 'same ratings by the same named people');
  // Party 1's lane lists its two raters as members (its own export's rater names come from the same place).
  const mine = await exportJson(h, created.id, created.links.parties[0]!.token);
  assert.deepEqual(mine.board.raters?.map((r) => r.name), ['Ana Müller', 'Ben', 'Cy "the" Rater']);
});

test('an import refuses raters that do not match a rating of the file, and reads files without raters', async (t) => {
  const h = await Harness.start(t);
  const { board } = await ratedBoard(h);
  assert.equal((await post(h, `/api/boards/${board.id}/reveal`, board.links.facilitator.token, { scores: true })).status, 200);
  const file = await exportJson(h, board.id, board.links.viewer.token);

  const wrongParty = structuredClone(file);
  wrongParty.board.raters![0] = { ...wrongParty.board.raters![0]!, partyId: 'p2' };
  const refused = await post(h, '/api/boards/import', null, wrongParty);
  assert.equal(refused.status, 422);
  const { error } = (await refused.json()) as { error: { field: string } };
  assert.equal(error.field, 'board.raters[0].participantId');

  // A file from before `raters` existed: ratings come in, by nameless raters.
  const older = structuredClone(file);
  delete older.board.raters;
  const res = await post(h, '/api/boards/import', null, older);
  assert.equal(res.status, 201, await res.clone().text());
  const created = (await res.json()) as CreatedBoard;
  const copy = await exportJson(h, created.id, created.links.viewer.token);
  assert.equal(copy.board.ratings.length, 9);
  assert.deepEqual(copy.board.raters, []);
});
