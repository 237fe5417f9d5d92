/**
 * Hostile but valid content (issue 20): schema-valid boards whose record and
 * participant ids are the names of Object.prototype's members (`__proto__`,
 * `constructor`, `toString` …) and whose text is markup, control characters,
 * bidi marks, emoji and very long words. Every export format must render for
 * every audience, the JSON must validate and import back, the derived figures
 * must compute, and the hostile ids must come out the other end (a positive
 * control, so dropping them cannot pass).
 *
 * Boards are random but seeded (SEEDS): a failure names its seed to replay.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as Y from 'yjs';
import { readBoardData, type BoardData } from '@/lib/board/board-data';
import { initializeJointDoc, initializeStateDoc } from '@/lib/board/create';
import { debriefFigures } from '@/lib/board/derive/debrief';
import { ratingsOf, scoreBoard, sortByScore } from '@/lib/board/derive/scores';
import { suggestSequence } from '@/lib/board/derive/sequence';
import { tradeoffBalance, tradeoffStatus } from '@/lib/board/derive/tradeoffs';
import { own } from '@/lib/board/dict';
import { isRecordId, newRecordId } from '@/lib/board/ids';
import { encodeRatingValues, laneRatingKey, writePublishedRatings, type Rating } from '@/lib/board/rating-entries';
import {
  BENEFITS,
  CRITERIA,
  DEBRIEF_PROMPTS,
  INTEREST_KINDS,
  ROOT,
  checkpointsMap,
  clustersMap,
  compositeKey,
  debriefNotesMap,
  flatMap,
  interestsMap,
  optionsMap,
  tradeoffsMap,
} from '@/lib/board/schema';
import { writeStateFields } from '@/lib/board/state';
import { BoardStore } from '@/lib/board/store';
import { prng } from '@/lib/board/test-utils';
import type { Audience } from './audience';
import { toCsv } from './csv';
import { toIcs } from './ics';
import { importIntoDocs } from './import';
import { parseBoardExport, toJson } from './json';
import { toMarkdown } from './markdown';
import { toPdf } from './pdf';
import { buildTestBoard, readAs } from './test-board';
import { SCHEMA_PATH } from './write-schema';

/** Every name Object.prototype (and Function, and thenables) answers to, and more, that the id alphabet admits. */
export const HOSTILE_IDS = [
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'prototype',
  'length',
  'name',
  'then',
  'toJSON',
  '0',
  '-1',
  'NaN',
  'undefined',
  'null',
] as const;

/** Ids the validators must refuse (and readers skip without throwing). */
const REJECTED_IDS = ['', 'constructor.prototype', '__proto__/x', 'to String', 'a'.repeat(65), 'ünïcode', '__proto__\n'];

const LONG_WORD = 'Donaudampfschifffahrtsgesellschaftskapitän'.repeat(6);
const HOSTILE_TEXT = [
  '</script><script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{{constructor.constructor("alert(1)")()}}',
  '"; DROP TABLE boards; --',
  '=cmd|" /C calc"!A0',
  '[click](javascript:alert(1))',
  '\u202Eevil\u202C reversed \u200F\u200E marks \u2066isolate\u2069',
  'שלום \u200Fעולם and مرحبا',
  '🤝🏽 deal 👩‍👩‍👧 family 🏳️‍🌈 flag',
  LONG_WORD,
  'control \u0001\u0007\u0008\u000B\u000C\u001B[31m chars \u007F\u0085',
  'line\r\nbreaks\rand\u2028separators\u2029too',
  '__proto__ constructor toString',
  '&amp; &lt;b&gt; &#x27; \\u0000 %00',
  '# heading\n- list\n> quote\n```\ncode\n```',
  'BEGIN:VEVENT\r\nEND:VCALENDAR',
] as const;

const SEEDS = Array.from({ length: 50 }, (_, i) => 20_000 + i * 7919);
const PARTIES = ['p1', 'p2'] as const;
const AUDIENCES: readonly Audience[] = [
  { role: 'viewer' },
  { role: 'facilitator' },
  { role: 'party', partyId: 'p1' },
  { role: 'party', partyId: 'p2' },
];

type Built = {
  readonly joint: Y.Doc;
  readonly state: Y.Doc;
  readonly lanes: Record<'p1' | 'p2', Y.Doc>;
  readonly optionIds: readonly string[];
  readonly titles: ReadonlyMap<string, string>;
  readonly plannedIds: readonly string[];
};

function put(map: Y.Map<Y.Map<unknown>>, id: string, fields: Record<string, unknown>): void {
  map.set(id, new Y.Map<unknown>(Object.entries(fields)));
}

/** A schema-valid board with hostile ids in every kind of record that has one. */
function buildHostileBoard(seed: number): Built {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const some = (n: number): string[] => {
    const pool = [...HOSTILE_IDS];
    const out: string[] = [];
    while (out.length < n && pool.length) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
    return out;
  };
  const words = () => `${pick(HOSTILE_TEXT)} ${pick(HOSTILE_TEXT)}`.slice(0, 270);

  const joint = new Y.Doc();
  initializeJointDoc(joint, { title: words().slice(0, 200), question: words(), parties: ['Buyer', words().slice(0, 60)], createdAt: 1_700_000_000_000 });
  const optionIds = some(3 + Math.floor(random() * 5));
  // Always at least one of the famous ones, so every seed exercises the finding.
  if (!optionIds.includes('toString')) optionIds[0] = 'toString';
  const interestIds = some(2 + Math.floor(random() * 4));
  const clusterIds = some(Math.floor(random() * 3));
  const tradeoffIds = some(Math.floor(random() * 3));
  const participants = some(2 + Math.floor(random() * 3));
  const titles = new Map<string, string>();
  const plannedIds: string[] = [];

  joint.transact(() => {
    interestIds.forEach((id, i) =>
      put(interestsMap(joint), id, { partyId: pick(PARTIES), text: words(), kind: pick(INTEREST_KINDS), importance: 1 + (i % 3), order: `a${i}`, createdAt: i }),
    );
    for (let i = 0; i + 1 < interestIds.length; i += 2) {
      const [a, b] = [interestIds[i]!, interestIds[i + 1]!].sort();
      flatMap(joint, ROOT.interestLinks).set(compositeKey(a!, b!), pick(['shared', 'tension']));
    }
    clusterIds.forEach((id, i) => put(clustersMap(joint), id, { name: words().slice(0, 80), order: `a${i}`, createdAt: i }));
    optionIds.forEach((id, i) => {
      const title = `T${i}-${seed} ${words()}`.slice(0, 280);
      titles.set(id, title);
      const shortlisted = random() < 0.6;
      put(optionsMap(joint), id, {
        title,
        description: `${words()}\n${LONG_WORD}`,
        order: `a${i}`,
        createdAt: 10 + i,
        clusterId: clusterIds.length && random() < 0.7 ? pick(clusterIds) : pick(['', ...HOSTILE_IDS]),
        shortlisted,
        shortlistedAt: shortlisted ? 1_700_000_000_000 + i : 0,
        stage: shortlisted ? Math.floor(random() * 3) : 0,
        shortlistOrder: shortlisted ? `b${i}` : '',
      });
      flatMap(joint, ROOT.optionTags).set(compositeKey(id, pick(['money', 'timing', 'constructor', 'toString', '__proto__'])), true);
      if (interestIds.length) flatMap(joint, ROOT.optionInterests).set(compositeKey(id, pick(interestIds)), true);
      if (i === 0 || random() < 0.5) {
        plannedIds.push(id);
        const plans = flatMap(joint, ROOT.plans);
        plans.set(compositeKey(id, 'startDate'), '2027-01-01');
        plans.set(compositeKey(id, 'dueDate'), `2027-0${1 + (i % 9)}-15`);
        plans.set(compositeKey(id, 'metrics'), words());
        plans.set(compositeKey(id, 'escalation'), words());
        plans.set(compositeKey(id, 'owner', pick(PARTIES)), words().slice(0, 200));
        put(checkpointsMap(joint), pick(HOSTILE_IDS), { optionId: id, date: '2027-02-01', label: words().slice(0, 200), createdAt: i });
      }
    });
    tradeoffIds.forEach((id, i) => {
      const partyId = pick(PARTIES);
      put(tradeoffsMap(joint), id, { partyId, concedes: words(), unlocks: words(), benefit: pick(BENEFITS), order: `a${i}`, createdAt: i });
      flatMap(joint, ROOT.tradeoffOptions).set(compositeKey(id, pick(optionIds)), true);
      flatMap(joint, ROOT.tradeoffResponses).set(compositeKey(id, partyId === 'p1' ? 'p2' : 'p1'), {
        status: pick(['confirmed', 'questioned']),
        note: words(),
        at: i,
      });
    });
    some(1 + Math.floor(random() * 3)).forEach((id, i) =>
      put(debriefNotesMap(joint), id, { prompt: pick(DEBRIEF_PROMPTS), partyId: pick(['', ...PARTIES]), text: words(), createdAt: i }),
    );
    for (const participant of participants) flatMap(joint, ROOT.relationshipHealth).set(compositeKey(pick(PARTIES), participant), 1 + Math.floor(random() * 5));
    // Rejected ids: readers must skip them, not crash.
    for (const bad of REJECTED_IDS) {
      put(optionsMap(joint), bad, { title: 'rejected', order: 'z0' });
      flatMap(joint, ROOT.plans).set(compositeKey(bad, 'dueDate'), '2027-01-01');
    }
  });

  const ratings: Rating[] = [];
  const lanes = {} as Record<'p1' | 'p2', Y.Doc>;
  PARTIES.forEach((partyId, p) => {
    const lane = new Y.Doc();
    lane.transact(() => {
      put(interestsMap(lane), pick(HOSTILE_IDS), { partyId, text: words(), kind: pick(INTEREST_KINDS), importance: 2, order: 'c0', createdAt: 1 });
      for (const id of optionIds) if (random() < 0.5) flatMap(lane, ROOT.proposals).set(id, 10);
      for (const participant of participants.filter((_, i) => i % 2 === p)) {
        flatMap(lane, ROOT.members).set(participant, words().slice(0, 60));
        for (const optionId of optionIds) {
          if (random() < 0.3) continue;
          const values = CRITERIA.map(() => 1 + Math.floor(random() * 5)) as [number, number, number];
          flatMap(lane, ROOT.ratings).set(laneRatingKey(optionId, participant), encodeRatingValues(values));
          CRITERIA.forEach((criterion, c) => ratings.push({ optionId, partyId, participantId: participant, criterion, value: values[c]! }));
        }
      }
    });
    lanes[partyId] = lane;
  });

  const state = new Y.Doc();
  initializeStateDoc(state, 1_700_000_000_000);
  const revealed = random() < 0.5;
  writeStateFields(state, { scoring: random() < 0.5 ? 'open' : 'blind', worksForBothThreshold: 2 }, 'test');
  state.transact(() => {
    for (const partyId of PARTIES) flatMap(state, ROOT.scoreProgress).set(partyId, ratings.filter((r) => r.partyId === partyId).length);
    if (revealed) {
      for (const participant of participants) flatMap(state, ROOT.raters).set(participant, { partyId: pick(PARTIES), name: words().slice(0, 60) });
      for (const id of optionIds) flatMap(state, ROOT.authorship).set(id, pick(PARTIES));
    }
  });
  if (revealed) {
    writePublishedRatings(state, ratings);
    writeStateFields(state, { scoresRevealed: true, authorshipRevealed: true }, 'test-reveal');
  }
  return { joint, state, lanes, optionIds, titles, plannedIds };
}

function readFor(board: Built, audience: Audience): BoardData {
  const partyId = audience.partyId as 'p1' | 'p2' | undefined;
  const data = readBoardData({ joint: board.joint, state: board.state, lane: partyId ? { doc: board.lanes[partyId], partyId } : undefined });
  assert.ok(data, 'the board reads');
  return data;
}

const validate = new Ajv2020({ allErrors: true, validateFormats: false }).compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));

test('the id validators accept every hostile id and refuse the malformed ones', () => {
  for (const id of HOSTILE_IDS) assert.ok(isRecordId(id), id);
  for (const id of REJECTED_IDS) assert.equal(isRecordId(id), false, JSON.stringify(id));
});

test('hostile ids and text: every reader, derived figure and text export, every audience (50 seeded boards)', () => {
  for (const seed of SEEDS) {
    const board = buildHostileBoard(seed);
    for (const audience of AUDIENCES) {
      const where = `seed ${seed}, ${audience.role}${audience.partyId ? ` ${audience.partyId}` : ''}`;
      try {
        const data = readFor(board, audience);
        assert.deepEqual(data.options.map((o) => o.id).sort(), [...board.optionIds].sort(), 'every hostile option read, every rejected one skipped');
        for (const id of board.plannedIds) assert.ok(Object.hasOwn(data.plans, id), `plan of ${id} read`);

        // derived figures
        const scores = scoreBoard(data.options.map((o) => o.id), data.ratings, data.parties, { threshold: data.state.worksForBothThreshold });
        sortByScore(scores, 'worksForBoth');
        suggestSequence(data.options.filter((o) => o.shortlisted).map((o) => o.id), scores);
        debriefFigures(data, scores);
        const partyIds = data.parties.map((p) => p.id);
        tradeoffBalance(data.tradeoffs, partyIds);
        for (const t of data.tradeoffs) tradeoffStatus(t, partyIds);
        for (const participant of HOSTILE_IDS) ratingsOf(data.ratings, participant, audience.partyId ?? null);

        for (const scope of ['shortlist', 'board'] as const) {
          const md = toMarkdown(data, { scope, audience, now: 0 });
          const csv = toCsv(data, { scope, audience });
          if (scope === 'board') {
            for (const id of board.optionIds) {
              const title = board.titles.get(id)!;
              const head = title.slice(0, title.indexOf(' '));
              assert.ok(md.includes(head), `markdown shows option ${id}`);
              assert.ok(csv.includes(head), `csv shows option ${id}`);
            }
          }
        }

        const json = toJson(data, { audience, now: 0 });
        const text = JSON.stringify(json);
        assert.ok(validate(JSON.parse(text)), JSON.stringify(validate.errors));
        assert.deepEqual(json.board.options.map((o) => o.id).sort(), [...board.optionIds].sort(), 'json keeps the hostile option ids');
        for (const id of board.plannedIds) assert.ok(json.board.plans.some((p) => p.optionId === id), `json plan of ${id}`);
        // The same board as plain objects (what a hand-built BoardData or a JSON.parse gives, with own
        // `__proto__` keys): lookups go by own properties, so every file comes out byte for byte the same.
        const plain = JSON.parse(JSON.stringify(data)) as BoardData;
        assert.equal(JSON.stringify(toJson(plain, { audience, now: 0 })), text, 'json from plain objects');
        assert.equal(toMarkdown(plain, { scope: 'board', audience, now: 0 }), toMarkdown(data, { scope: 'board', audience, now: 0 }), 'markdown from plain objects');
        assert.equal(toCsv(plain, { scope: 'board', audience }), toCsv(data, { scope: 'board', audience }), 'csv from plain objects');
        assert.equal(toIcs(plain, { audience, now: 0, boardId: 'b' }), toIcs(data, { audience, now: 0, boardId: 'b' }), 'ics from plain objects');

        const parsed = parseBoardExport(text);
        assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.errors));
        const imported = importIntoDocs(parsed.value, { now: 1, newId: newRecordId });
        const back = readBoardData({ joint: imported.joint, state: imported.state });
        assert.ok(back);
        assert.equal(back.options.length, json.board.options.length, 'every option imports');
        assert.equal(Object.keys(back.plans).length, json.board.plans.length, 'every plan imports');

        const ics = toIcs(data, { audience, now: 0, boardId: 'b' });
        assert.match(ics, /BEGIN:VCALENDAR/);
        for (const id of board.plannedIds) assert.ok(ics.includes(board.titles.get(id)!.slice(0, board.titles.get(id)!.indexOf(' '))), `ics event of ${id}`);
      } catch (error) {
        throw new Error(`${where}: ${(error as Error).stack ?? error}`);
      }
    }
  }
});

test('ordinary ids: the JSON file is byte for byte what plain objects give (null-prototype readers change nothing)', () => {
  for (const revealed of [true, false]) {
    const data = readAs(buildTestBoard({ revealed }), revealed ? null : 'p1');
    const audience: Audience = revealed ? { role: 'viewer' } : { role: 'party', partyId: 'p1' };
    const plain = JSON.parse(JSON.stringify(data)) as BoardData;
    assert.equal(Object.getPrototypeOf(data.plans), null, 'the reader builds a null-prototype object');
    assert.equal(JSON.stringify(toJson(data, { audience, now: 0 })), JSON.stringify(toJson(plain, { audience, now: 0 })));
    assert.equal(JSON.stringify(data.plans), JSON.stringify(plain.plans));
  }
});

test('hostile ids: the client store (what the board page reads) and lookups by every hostile name', () => {
  for (const seed of SEEDS.slice(0, 10)) {
    const board = buildHostileBoard(seed);
    for (const partyId of PARTIES) {
      const store = new BoardStore({ joint: board.joint, state: board.state, lane: { doc: board.lanes[partyId], partyId } });
      try {
        assert.deepEqual([...store.getOptionIds()].sort(), [...board.optionIds].sort(), `seed ${seed}: the store lists every option`);
        for (const id of board.plannedIds) assert.match(store.getPlan(id).dueDate, /^2027-/, `seed ${seed}: plan of ${id}`);
        for (const name of HOSTILE_IDS) {
          // Not an option with that id: nothing inherited may answer for it.
          const author = own(store.getAuthorship(), name);
          assert.ok(author === undefined || author === 'p1' || author === 'p2', `seed ${seed}: authorship of ${name}`);
          assert.ok(['string', 'undefined'].includes(typeof own(store.getMembers(), name)), `seed ${seed}: member ${name}`);
          assert.equal(typeof store.getPlan(name).dueDate, 'string');
          assert.ok(Array.isArray(store.getOptionTags(name)));
        }
        const data = readFor(board, { role: 'party', partyId });
        for (const record of [data.plans, data.authorship, data.scoreProgress, data.raters ?? {}]) {
          for (const name of HOSTILE_IDS) {
            const value: unknown = (record as Record<string, unknown>)[name];
            assert.notEqual(typeof value, 'function', `seed ${seed}: BoardData answers ${name} with an inherited function`);
          }
        }
      } finally {
        store.destroy();
      }
    }
  }
});

test('hostile ids and text: the PDF renders (one audience per seed, 12 seeds)', async () => {
  for (const [n, seed] of SEEDS.slice(0, 12).entries()) {
    const board = buildHostileBoard(seed);
    const audience = AUDIENCES[n % AUDIENCES.length]!;
    try {
      const bytes = await toPdf(readFor(board, audience), { scope: 'board', audience, now: 0 });
      assert.ok(Buffer.from(bytes).toString('latin1').startsWith('%PDF-'));
    } catch (error) {
      throw new Error(`seed ${seed}, ${audience.role}: ${(error as Error).stack ?? error}`);
    }
  }
});
