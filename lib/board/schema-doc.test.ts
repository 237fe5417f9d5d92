/**
 * docs/schema.md states the current schema version in one place
 * ("Current schema version: **N**"); it must be the code's SCHEMA_VERSION,
 * and the migrations table must end at that version.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SCHEMA_VERSION } from './schema';

const DOC = new URL('../../docs/schema.md', import.meta.url);

test('docs/schema.md states the current SCHEMA_VERSION', () => {
  const text = readFileSync(DOC, 'utf8');
  const stated = [...text.matchAll(/^Current schema version: \*\*(\d+)\*\*$/gm)].map((m) => Number(m[1]));
  assert.equal(stated.length, 1, 'docs/schema.md must say "Current schema version: **N**" exactly once, on a line of its own');
  assert.equal(stated[0], SCHEMA_VERSION, `docs/schema.md documents schema version ${stated[0]}; lib/board/schema.ts has ${SCHEMA_VERSION}`);
});

test("docs/schema.md's migrations table ends at SCHEMA_VERSION", () => {
  const text = readFileSync(DOC, 'utf8');
  const section = text.split(/^## Versions and migrations$/m)[1]?.split(/^## /m)[0] ?? '';
  const versions = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
  assert.deepEqual(
    versions,
    Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
    'the table under "Versions and migrations" must list every version from 1 to SCHEMA_VERSION, in order',
  );
});
