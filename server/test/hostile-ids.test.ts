/**
 * Hostile but valid ids over the real HTTP API (issue 20, finding 4): a board
 * whose options, interests, cluster, tradeoff, checkpoint and raters have ids
 * named after Object.prototype's members, written by real y-websocket
 * clients; every export format, every scope, for every role, answers 200 —
 * before and after the reveal — and the JSON keeps the hostile ids.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as Y from 'yjs';
import { setPlanField, setPlanOwner } from '@/lib/board/agree';
import { joinAsMember, recordProposal, setRating } from '@/lib/board/scoring';
import {
  CRITERIA,
  ROOT,
  checkpointsMap,
  clustersMap,
  compositeKey,
  flatMap,
  interestsMap,
  optionsMap,
  tradeoffsMap,
} from '@/lib/board/schema';
import type { BoardExport } from '@/lib/export';
import { SCHEMA_PATH } from '@/lib/export/write-schema';
import { ok } from './facilitation-helpers';
import { Harness, waitFor } from './harness';

const OPTION_IDS = ['toString', '__proto__', 'constructor', 'valueOf', 'hasOwnProperty'] as const;
const FORMATS = ['md', 'csv', 'json', 'pdf', 'ics'] as const;
const validate = new Ajv2020({ allErrors: true, validateFormats: false }).compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));

function put(map: Y.Map<Y.Map<unknown>>, id: string, fields: Record<string, unknown>): void {
  map.set(id, new Y.Map<unknown>(Object.entries(fields)));
}

test('hostile ids: every export format and scope answers 200 for every role, and the JSON keeps the ids', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard({ title: 'Hostile </script> ids', question: 'toString?', parties: ['Buyer', 'Supplier'] });
  const [p1, p2] = board.links.parties.map((p) => p.token) as [string, string];
  const joint = await h.provider(board.id, p1);
  const lane = await h.provider(`${board.id}/party/p1`, p1);

  joint.doc.transact(() => {
    OPTION_IDS.forEach((id, i) =>
      put(optionsMap(joint.doc), id, {
        title: `Option ${id} <b>${i}</b>`, description: '</script><script>alert(1)</script>', order: `a${i}`, createdAt: i,
        clusterId: i < 2 ? 'constructor' : '', shortlisted: i < 3, shortlistedAt: i < 3 ? 1_700_000_000_000 : 0, stage: i < 3 ? 1 : 0,
        shortlistOrder: i < 3 ? `b${i}` : '',
      }),
    );
    put(clustersMap(joint.doc), 'constructor', { name: 'Cluster constructor', order: 'a0', createdAt: 1 });
    put(interestsMap(joint.doc), '__proto__', { partyId: 'p1', text: 'Interest __proto__', kind: 'need', importance: 3, order: 'a0', createdAt: 1 });
    flatMap(joint.doc, ROOT.optionInterests).set(compositeKey('toString', '__proto__'), true);
    put(tradeoffsMap(joint.doc), 'valueOf', { partyId: 'p1', concedes: 'a longer term', unlocks: 'a lower price', benefit: 'cost', order: 'a0', createdAt: 3 });
    flatMap(joint.doc, ROOT.tradeoffOptions).set(compositeKey('valueOf', 'toString'), true);
    put(checkpointsMap(joint.doc), '__proto__', { optionId: 'toString', date: '2027-03-01', label: 'Checkpoint __proto__', createdAt: 5 });
  });
  // Party 2 speaks for itself (the write policy): its interest, the link to it, its response to party 1's tradeoff.
  const other = await h.provider(board.id, p2);
  await waitFor(() => tradeoffsMap(other.doc).has('valueOf'), { what: 'party 1’s records to reach party 2' });
  other.doc.transact(() => {
    put(interestsMap(other.doc), 'toString', { partyId: 'p2', text: 'Interest toString', kind: 'concern', importance: 2, order: 'a1', createdAt: 2 });
    flatMap(other.doc, ROOT.interestLinks).set(compositeKey('__proto__', 'toString'), 'tension');
    flatMap(other.doc, ROOT.tradeoffResponses).set(compositeKey('valueOf', 'p2'), { status: 'confirmed', note: '', at: 4 });
  });
  for (const id of ['toString', '__proto__']) {
    assert.ok(setPlanField(joint.doc, id, 'dueDate', '2027-06-30'), `plan of ${id}`);
    assert.ok(setPlanOwner(joint.doc, id, 'p1', 'Ana'));
  }

  put(interestsMap(lane.doc), 'hasOwnProperty', { partyId: 'p1', text: 'Private hasOwnProperty', kind: 'constraint', importance: 1, order: 'b0', createdAt: 6 });
  assert.ok(joinAsMember(lane.doc, 'constructor', 'Ann'));
  // `toString` rates without having joined as a member: the publisher looks its name up and must find none.
  for (const participantId of ['constructor', 'toString']) {
    for (const optionId of OPTION_IDS) for (const criterion of CRITERIA) assert.ok(setRating(lane.doc, { optionId, participantId, criterion, value: 4 }));
  }
  for (const id of ['toString', '__proto__']) assert.ok(recordProposal(lane.doc, id));

  const fetchExport = async (token: string, format: string, scope: string) => {
    const res = await h.fetch(`/api/boards/${board.id}/export?format=${format}&scope=${scope}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, text: new TextDecoder().decode(new Uint8Array(await res.arrayBuffer())) };
  };
  let last = { status: 0, text: '' };
  try {
    await waitFor(
      async () => {
        last = await fetchExport(p1, 'json', 'board');
        if (last.status !== 200) return false;
        const file = JSON.parse(last.text) as BoardExport;
        return file.board.options.length === OPTION_IDS.length && file.board.ratings.length === 2 * OPTION_IDS.length * 3 && file.board.interests.length === 3;
      },
      { what: "party 1's writes to reach the server", timeoutMs: 10_000 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last answer ${last.status}: ${last.text.slice(0, 300)}`);
  }
  h.destroyProvider(joint);
  h.destroyProvider(lane);

  const roles = { facilitator: board.links.facilitator.token, viewer: board.links.viewer.token, p1, p2 };
  const everyExport = async (when: string) => {
    for (const [role, token] of Object.entries(roles)) {
      for (const format of FORMATS) {
        for (const scope of format === 'json' || format === 'ics' ? ['board'] : ['shortlist', 'board']) {
          const answer = await fetchExport(token, format, scope);
          assert.equal(answer.status, 200, `${when}, ${role}, ${format}/${scope}: ${answer.text.slice(0, 300)}`);
          if (format === 'json') {
            const file = JSON.parse(answer.text) as BoardExport;
            assert.ok(validate(file), JSON.stringify(validate.errors));
            assert.deepEqual(file.board.options.map((o) => o.id), [...OPTION_IDS], `${when}, ${role}: the hostile option ids, in order`);
            assert.deepEqual(file.board.plans.map((p) => p.optionId), ['toString', '__proto__'], `${when}, ${role}: both plans`);
            assert.deepEqual(file.board.checkpoints.map((c) => c.id), ['__proto__']);
            assert.equal(file.board.options[0]!.proposedBy, role === 'p1' || when === 'revealed' ? 'p1' : null, `${when}, ${role}: authorship of toString`);
          }
          if (format === 'md' && scope === 'board') for (const id of OPTION_IDS) assert.ok(answer.text.replace(/\\/g, '').includes(`Option ${id}`), `${role}: markdown lists ${id} (unescaped)`);
          if (format === 'ics') assert.equal(answer.text.match(/BEGIN:VEVENT/g)?.length, 3, `${role}: two due dates and one checkpoint`);
        }
      }
    }
  };
  await everyExport('blind');

  await ok(h, board.id, 'reveal', board.links.facilitator.token, { scores: true, authorship: true });
  await waitFor(async () => {
    const answer = await fetchExport(roles.viewer, 'json', 'board');
    return answer.status === 200 && (JSON.parse(answer.text) as BoardExport).board.ratings.length === 2 * OPTION_IDS.length * 3;
  }, { what: 'the published ratings' });
  await everyExport('revealed');
  const file = JSON.parse((await fetchExport(roles.viewer, 'json', 'board')).text) as BoardExport;
  assert.deepEqual(file.board.raters, [{ participantId: 'constructor', partyId: 'p1', name: 'Ann' }], 'only the member who joined is named; toString has no name');
});
