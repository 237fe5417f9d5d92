import { buildTestBoard, readAs } from '@/lib/export/test-board';
import { toCsv } from '@/lib/export/csv';
import { parse } from 'csv-parse/sync';
const b = buildTestBoard({ revealed: process.argv[2] === 'r' });
const csv = toCsv(readAs(b, 'p1'), { scope: 'board', audience: { role: 'party', partyId: 'p1' } });
console.log(JSON.stringify(csv.slice(0, 400)));
const rows = parse(csv, { bom: true, cast: false, relax_column_count: false });
for (const r of rows) console.log(JSON.stringify(r));
