/**
 * Writes docs/export-format.schema.json from the zod schema, so the published
 * JSON Schema cannot drift from what parseBoardExport accepts (a test checks
 * the committed file equals this output).
 *
 *   npx tsx lib/export/write-schema.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { boardExportSchema } from './json-format';

export const SCHEMA_PATH = fileURLToPath(new URL('../../docs/export-format.schema.json', import.meta.url));

export function exportJsonSchema(): string {
  const schema = z.toJSONSchema(
    boardExportSchema.meta({
      title: 'Common Ground board export, version 1',
      description:
        'A whole board as exported by Common Ground (docs/export-format.md). References between records must point at records in the same file; the app checks that on import.',
    }),
    // input: what a file may contain (unknown keys are ignored on import, as in the app)
    { io: 'input' },
  );
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_PATH, exportJsonSchema());
  console.log(`wrote ${SCHEMA_PATH}`);
}
