import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseBoardExport, toJson } from './json';
import type { BoardExport } from './json-format';
import { SCHEMA_PATH, exportJsonSchema } from './write-schema';
import { HOSTILE, buildTestBoard, readAs } from './test-board';

const viewer = { role: 'viewer' } as const;
const p1 = { role: 'party', partyId: 'p1' } as const;
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

const validate = new Ajv2020({ allErrors: true, validateFormats: false }).compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
const revealedExport = () => toJson(readAs(buildTestBoard({ revealed: true }), null), { audience: viewer, now: NOW });
/** A deep copy to break on purpose. */
type Loose = { board: Record<'options' | 'ratings' | 'checkpoints', Record<string, unknown>[]> } & Record<string, unknown>;
const copy = (value: BoardExport): Loose => JSON.parse(JSON.stringify(value));

test('docs/export-format.schema.json is what the zod schema generates (run write-schema.ts after changing it)', () => {
  assert.equal(readFileSync(SCHEMA_PATH, 'utf8'), exportJsonSchema());
});

test('exports validate against the published JSON Schema (ajv), revealed and blind', () => {
  for (const value of [revealedExport(), toJson(readAs(buildTestBoard({ revealed: false }), 'p1'), { audience: p1, now: NOW })]) {
    assert.ok(validate(JSON.parse(JSON.stringify(value))), JSON.stringify(validate.errors));
  }
  const broken = copy(revealedExport());
  broken.board.options[0]!.tags = ['has/slash'];
  assert.equal(validate(broken), false, 'the schema is not vacuous');
});

test('the envelope and the board content', () => {
  const value = revealedExport();
  assert.equal(value.format, 'common-ground.board');
  assert.equal(value.version, 1);
  assert.equal(value.exportedAt, '2026-01-02T03:04:05.000Z');
  const { board } = value;
  assert.equal(board.title, `Supply 2027 ${HOSTILE.link}`);
  assert.deepEqual(board.parties.map((p) => [p.id, p.name]), [['p1', 'Buyer'], ['p2', 'Supplier']]);
  assert.deepEqual(board.options.map((o) => o.id), ['o1', 'o2', 'o3', 'o4', 'o5', 'o6'], 'board order');
  const o1 = board.options[0]!;
  assert.deepEqual(o1.shortlist, { stage: 1, position: 2, at: 1_700_000_500_000 });
  assert.deepEqual(board.options[1]!.shortlist, { stage: 1, position: 1, at: 0 });
  assert.deepEqual(board.options[4]!.shortlist, { stage: 2, position: 1, at: 0 });
  assert.deepEqual(board.options[5]!.shortlist, { stage: 0, position: 1, at: 0 });
  assert.equal(board.options[2]!.shortlist, null);
  assert.deepEqual([o1.clusterId, o1.tags, o1.interestIds, o1.proposedBy], ['c1', ['money', 'timing'], ['i1', 'i2'], 'p1']);
  assert.equal(o1.description, HOSTILE.multiline);
  assert.deepEqual(board.interestLinks, [{ a: 'i1', b: 'i2', relation: 'shared' }, { a: 'i1', b: 'i3', relation: 'tension' }]);
  assert.deepEqual(board.plans[0], {
    optionId: 'o1', startDate: '2027-01-01', dueDate: '2027-06-30', metrics: `Price index < 3%\n${HOSTILE.at}`,
    escalation: `${HOSTILE.plus} call both CEOs`, owners: [{ partyId: 'p1', name: 'Ana Müller' }, { partyId: 'p2', name: HOSTILE.hebrew }],
  });
  assert.deepEqual(board.tradeoffs[0]!.responses, [{ partyId: 'p2', status: 'confirmed', note: HOSTILE.emoji, at: 6 }]);
  assert.equal(board.ratings.length, 18, '6 raters × option-criteria in the test board');
  assert.deepEqual(board.ratings[0], { optionId: 'o1', partyId: 'p1', participantId: 'u1', criterion: 'impact', value: 2 });
  assert.deepEqual(parseBoardExport(JSON.stringify(value)), { ok: true, value: JSON.parse(JSON.stringify(value)) });
});

test('parseBoardExport names what is wrong', () => {
  const errorsOf = (input: unknown) => {
    const result = parseBoardExport(input);
    assert.equal(result.ok, false);
    return result.ok ? [] : result.errors;
  };
  assert.match(errorsOf('{ nope')[0]!.message, /^not valid JSON/);
  assert.deepEqual(errorsOf([])[0], { path: '(file)', message: 'expected a JSON object' });
  assert.equal(errorsOf({ ...revealedExport(), format: 'other' })[0]!.path, 'format');
  assert.deepEqual(errorsOf({ ...revealedExport(), version: 2 })[0], {
    path: 'version', message: 'version 2 is not supported; this app reads version 1',
  });

  const missing = copy(revealedExport());
  delete (missing.board as Record<string, unknown>).title;
  missing.board.ratings[0]!.value = 9;
  const paths = errorsOf(missing).map((e) => e.path);
  assert.ok(paths.includes('board.title') && paths.includes('board.ratings[0].value'), paths.join(', '));

  const dangling = copy(revealedExport());
  dangling.board.options[2]!.clusterId = 'nope';
  dangling.board.checkpoints[1]!.id = 'k1';
  assert.deepEqual(errorsOf(dangling), [
    { path: 'board.checkpoints[1].id', message: 'duplicate id "k1" in checkpoints' },
    { path: 'board.options[2].clusterId', message: 'refers to cluster "nope", which is not in the file' },
  ]);
});

test('the example in docs/export-format.md is a valid export', () => {
  const doc = readFileSync(new URL('../../docs/export-format.md', import.meta.url), 'utf8');
  const example = doc.slice(doc.indexOf('## Example')).match(/```json\n([\s\S]*?)```/)![1]!;
  const result = parseBoardExport(example);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  assert.ok(validate(JSON.parse(example)), JSON.stringify(validate.errors));
});
