/**
 * No export carries a party's private interests, unrevealed ratings or
 * unrevealed authorship to anyone else, in any format. Each case also has a
 * positive control (the owner's own export does contain the marker), so the
 * absence checks cannot pass by accident.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BoardData } from '@/lib/board/board-data';
import type { Audience } from './audience';
import { toCsv } from './csv';
import { toIcs } from './ics';
import { toJson } from './json';
import { toMarkdown } from './markdown';
import { toPdf } from './pdf';
import { MARKERS, buildTestBoard, readAs } from './test-board';
import { pdfText } from './test-parsers';

const P1: Audience = { role: 'party', partyId: 'p1' };
const P2: Audience = { role: 'party', partyId: 'p2' };
const VIEWER: Audience = { role: 'viewer' };
const FACILITATOR: Audience = { role: 'facilitator' };

type Outputs = { md: string; csv: string; json: string; pdf: string; ics: string };

async function exportAll(data: BoardData, audience: Audience): Promise<Outputs> {
  const both = (f: (scope: 'shortlist' | 'board') => string) => f('shortlist') + f('board');
  return {
    md: both((scope) => toMarkdown(data, { scope, audience })),
    csv: both((scope) => toCsv(data, { scope, audience })),
    json: JSON.stringify(toJson(data, { audience })),
    pdf: (await pdfText(await toPdf(data, { scope: 'board', audience }))).text,
    ics: toIcs(data, { audience }),
  };
}

function assertNone(outputs: Outputs, needle: string | RegExp, what: string, formats = Object.keys(outputs) as (keyof Outputs)[]) {
  for (const format of formats) {
    const found = typeof needle === 'string' ? outputs[format].includes(needle) : needle.test(outputs[format]);
    assert.equal(found, false, `${format} export contains ${what}`);
  }
}

const ratingsOf = (outputs: Outputs) => (JSON.parse(outputs.json) as ReturnType<typeof toJson>).board.ratings;
const proposers = (outputs: Outputs) =>
  (JSON.parse(outputs.json) as ReturnType<typeof toJson>).board.options.map((o) => o.proposedBy).filter(Boolean);
/** p2's unrevealed figures on o1 (4.5) and p1's on o2 (combined 3.33) as any format prints them */
const P2_FIGURE = /\b4\.5\b/;
const P1_FIGURE = /\b3\.3\d?\b/;

test('blind board, party 1 exports: own private interest and ratings only', async () => {
  const out = await exportAll(readAs(buildTestBoard({ revealed: false }), 'p1'), P1);
  assert.ok(out.md.includes(MARKERS.p1Private) && out.json.includes(MARKERS.p1Private), 'control: own private interest');
  assert.ok(P1_FIGURE.test(out.md) && P1_FIGURE.test(out.csv) && P1_FIGURE.test(out.pdf), 'control: own figures');
  assertNone(out, MARKERS.p2Private, "party 2's private interest");
  assertNone(out, P2_FIGURE, "party 2's unrevealed mean", ['md', 'csv', 'pdf']);
  assert.deepEqual([...new Set(ratingsOf(out).map((r) => r.partyId))], ['p1']);
  assertNone(out, 'Proposed by Supplier', "party 2's authorship", ['md', 'pdf']);
  assert.deepEqual(proposers(out), ['p1', 'p1']);
  assert.ok(out.md.includes('hidden until reveal') && out.csv.includes('hidden until reveal') && out.pdf.includes('hidden until reveal'));
});

test('blind board, party 2 exports: the mirror image', async () => {
  const out = await exportAll(readAs(buildTestBoard({ revealed: false }), 'p2'), P2);
  assert.ok(out.md.includes(MARKERS.p2Private) && P2_FIGURE.test(out.csv), 'control');
  assertNone(out, MARKERS.p1Private, "party 1's private interest");
  assertNone(out, P1_FIGURE, "party 1's unrevealed figures", ['md', 'csv', 'pdf']);
  assert.deepEqual([...new Set(ratingsOf(out).map((r) => r.partyId))], ['p2']);
  assert.deepEqual(proposers(out), ['p2']);
});

test('blind board, viewer and facilitator: no private text, no rating values, no authorship', async () => {
  for (const audience of [VIEWER, FACILITATOR]) {
    const out = await exportAll(readAs(buildTestBoard({ revealed: false }), null), audience);
    assertNone(out, MARKERS.p1Private, 'a private interest');
    assertNone(out, MARKERS.p2Private, 'a private interest');
    assertNone(out, P1_FIGURE, 'an unrevealed figure', ['md', 'csv', 'pdf']);
    assertNone(out, P2_FIGURE, 'an unrevealed figure', ['md', 'csv', 'pdf']);
    assertNone(out, /Proposed by/, 'authorship', ['md', 'pdf']);
    assert.deepEqual(ratingsOf(out), []);
    assert.deepEqual(proposers(out), []);
  }
});

test('an export made for party 1 from data that also holds party 2\'s lane still leaks nothing of party 2', async () => {
  const out = await exportAll(readAs(buildTestBoard({ revealed: false }), 'p2'), P1);
  assertNone(out, MARKERS.p2Private, "party 2's private interest");
  assertNone(out, P2_FIGURE, "party 2's unrevealed mean", ['md', 'csv', 'pdf']);
  assertNone(out, 'Proposed by Supplier', "party 2's authorship", ['md', 'pdf']);
  assert.deepEqual(ratingsOf(out), []);
  assert.deepEqual(proposers(out), []);
});

test('after the reveals everyone sees scores and authorship, but still no private interest', async () => {
  const out = await exportAll(readAs(buildTestBoard({ revealed: true }), 'p1'), VIEWER);
  assert.ok(P2_FIGURE.test(out.md) && P2_FIGURE.test(out.csv) && P2_FIGURE.test(out.pdf), 'control: revealed means');
  assert.ok(out.md.includes('Proposed by Supplier') && out.pdf.includes('Proposed by Supplier'), 'control: revealed authorship');
  assert.equal(ratingsOf(out).length, 18);
  assertNone(out, MARKERS.p1Private, "party 1's private interest (the viewer is not party 1)");
  assertNone(out, MARKERS.p2Private, "party 2's private interest");
});
