import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { readBoardData } from '@/lib/board/board-data';
import { newRecordId } from '@/lib/board/ids';
import { ROOT, flatMap, optionsMap } from '@/lib/board/schema';
import { readBoardState } from '@/lib/board/state';
import { importIntoDocs } from './import';
import { parseBoardExport, toJson } from './json';
import type { BoardExport } from './json-format';
import { MARKERS, buildTestBoard, readAs } from './test-board';

const viewer = { role: 'viewer' } as const;
const p1 = { role: 'party', partyId: 'p1' } as const;
const NOW = 1_800_000_000_000;

const ID_KEYS = new Set(['id', 'optionId', 'interestIds', 'clusterId', 'a', 'b', 'optionIds', 'participantId']);
const TIME_KEYS = new Set(['exportedAt', 'createdAt', 'at']);

/** The export with ids replaced by their order of first appearance, and timestamps dropped. */
function normalise(value: BoardExport): unknown {
  const names = new Map<string, string>();
  const name = (id: string) => names.get(id) ?? (names.set(id, `#${names.size}`), names.get(id)!);
  const walk = (node: unknown, key = ''): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item, key));
    if (node && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node).filter(([k]) => !TIME_KEYS.has(k)).map(([k, v]) => [k, walk(v, k)]),
      );
    }
    return ID_KEYS.has(key) && typeof node === 'string' ? name(node) : node;
  };
  return walk(value);
}

function roundTrip(value: BoardExport) {
  const parsed = parseBoardExport(JSON.stringify(value));
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.errors));
  const imported = importIntoDocs(parsed.value, { now: NOW, newId: newRecordId });
  const data = readBoardData({ joint: imported.joint, state: imported.state });
  assert.ok(data);
  return { imported, data, again: toJson(data, { audience: viewer, now: NOW }) };
}

test('export → import → export gives the same JSON apart from ids and timestamps', () => {
  const original = toJson(readAs(buildTestBoard({ revealed: true }), null), { audience: viewer, now: 0 });
  const { again, imported, data } = roundTrip(original);
  assert.deepEqual(normalise(again), normalise(original));
  assert.notEqual(again.board.options[0]!.id, 'o1', 'records get fresh ids');
  assert.equal(new Set(again.board.ratings.map((r) => r.participantId)).has('u1'), false, 'raters too');
  assert.deepEqual(imported.parties.map((p) => [p.id, p.name]), [['p1', 'Buyer'], ['p2', 'Supplier']]);
  assert.equal(data.meta.createdAt, NOW);
  assert.equal(data.options[0]!.shortlistedAt, 1_700_000_500_000, 'record timestamps are kept');
  assert.equal(readBoardState(imported.state).phaseChangedAt, NOW);
  assert.equal(again.board.ratings.length, 18);
});

test('a second round trip is stable too, and settings and phase carry over', () => {
  const board = buildTestBoard({ revealed: true, scoring: 'open' });
  const original = toJson(readAs(board, null), { audience: viewer, now: 0 });
  const tweaked = {
    ...original,
    board: { ...original.board, settings: { ...original.board.settings, phase: 'agree' as const, worksForBothThreshold: 4 } },
  };
  const first = roundTrip(tweaked);
  assert.equal(first.data.state.phase, 'agree');
  assert.equal(first.data.state.scoring, 'open');
  assert.equal(first.data.state.worksForBothThreshold, 4);
  assert.deepEqual(normalise(roundTrip(first.again).again), normalise(tweaked));
});

test('private interests and unrevealed scores or authorship are not imported', () => {
  const original = toJson(readAs(buildTestBoard({ revealed: false }), 'p1'), { audience: p1, now: 0 });
  // the party's own export does carry them (so the import really has something to drop)
  assert.ok(original.board.interests.some((i) => i.private && i.text === MARKERS.p1Private));
  assert.ok(original.board.ratings.length > 0);
  assert.ok(original.board.options.some((o) => o.proposedBy === 'p1'));

  const { imported, again } = roundTrip(original);
  for (const doc of [imported.joint, imported.state]) {
    assert.ok(!Buffer.from(Y.encodeStateAsUpdate(doc)).toString('utf8').includes(MARKERS.p1Private));
  }
  assert.equal(flatMap(imported.state, ROOT.publishedRatings).size, 0);
  assert.equal(flatMap(imported.state, ROOT.authorship).size, 0);
  assert.equal(again.board.interests.length, 3);
  assert.deepEqual(again.board.ratings, []);
  assert.ok(again.board.options.every((o) => o.proposedBy === null));
  assert.equal(optionsMap(imported.joint).size, 6);
});

/** The file with every rater of its ratings named "Rater N" (as an export of the live board names them). */
function withRaterNames(value: BoardExport): BoardExport {
  const seen = new Map<string, string>();
  for (const r of value.board.ratings) if (!seen.has(r.participantId)) seen.set(r.participantId, r.partyId);
  const raters = [...seen].map(([participantId, partyId], i) => ({ participantId, partyId, name: `Rater ${i + 1}` }));
  return { ...value, board: { ...value.board, raters } };
}

test('published raters keep their names through export → import → export; unpublished ones bring none', () => {
  const original = withRaterNames(toJson(readAs(buildTestBoard({ revealed: true }), null), { audience: viewer, now: 0 }));
  const raters = new Set(original.board.ratings.map((r) => r.participantId)).size;
  assert.ok(raters > 1);
  const { again, imported } = roundTrip(original);
  assert.deepEqual(normalise(again), normalise(original));
  assert.equal(again.board.raters!.length, raters);
  assert.equal(flatMap(imported.state, ROOT.raters).size, raters, 'written as the publisher writes them');

  // Blind and unrevealed: neither the ratings nor any name of a rater come in.
  const blind = withRaterNames(toJson(readAs(buildTestBoard({ revealed: false }), 'p1'), { audience: p1, now: 0 }));
  assert.ok(blind.board.raters!.length > 0);
  const hidden = roundTrip(blind);
  assert.equal(flatMap(hidden.imported.state, ROOT.raters).size, 0);
  assert.deepEqual(hidden.again.board.raters, []);
});

test('an export names no rater while scores are hidden from its audience', () => {
  const board = buildTestBoard({ revealed: false });
  const data = readAs(board, 'p1');
  // Even if the data held names (a state room read just before a hide), the file leaves them out.
  const named = { ...data, raters: Object.fromEntries(data.ratings.map((r) => [r.participantId, { partyId: r.partyId, name: 'Secret name' }])) };
  assert.ok(data.ratings.length > 0);
  assert.deepEqual(toJson(named, { audience: p1, now: 0 }).board.raters, []);
  // Once revealed, only the raters of ratings in the file are named.
  const open = readAs(buildTestBoard({ revealed: true }), null);
  const stray = { ...open, raters: { ...Object.fromEntries(open.ratings.map((r) => [r.participantId, { partyId: r.partyId, name: 'Named' }])), nobody01: { partyId: 'p1', name: 'No rating' } } };
  const names = toJson(stray, { audience: viewer, now: 0 }).board.raters!.map((r) => r.name);
  assert.equal(names.length, new Set(open.ratings.map((r) => r.participantId)).size);
  assert.ok(!names.includes('No rating'));
});

test('importIntoDocs refuses an id generator that repeats itself', () => {
  const value = toJson(readAs(buildTestBoard({ revealed: true }), null), { audience: viewer, now: 0 });
  assert.throws(() => importIntoDocs(value, { now: NOW, newId: () => 'same' }), /unusable id: same/);
});
