import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { toCsv, writeCsv } from './csv';
import { HOSTILE, buildTestBoard, readAs } from './test-board';

const viewer = { role: 'viewer' } as const;
const p1 = { role: 'party', partyId: 'p1' } as const;

/** Strict RFC 4180 parse: CRLF records, every row as wide as the header. */
function parseCsv(csv: string, cast = false): (string | number)[][] {
  return parse(csv, { bom: true, record_delimiter: '\r\n', relax_quotes: false, relax_column_count: false, cast });
}

function table(csv: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(csv) as string[][];
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

const revealedCsv = (scope: 'shortlist' | 'board') => toCsv(readAs(buildTestBoard({ revealed: true }), null), { scope, audience: viewer });

test('UTF-8 with BOM, CRLF records, RFC 4180 quoting that a strict parser reads back', () => {
  const csv = revealedCsv('board');
  assert.deepEqual([...Buffer.from(csv, 'utf8').subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.ok(csv.slice(1).startsWith('Option,Description,'));
  assert.match(csv, /\r\n$/);
  assert.ok(csv.includes('"She said ""yes, but"", then left"'), 'quotes doubled inside a quoted field');
  const rows = table(csv);
  assert.equal(rows.length, 6);
  const o1 = rows.find((r) => r.Option === 'Phase the price rise')!;
  assert.equal(o1.Description, HOSTILE.multiline, 'newlines survive inside the quoted field');
  assert.equal(o1['Owner (Supplier)'], HOSTILE.hebrew);
  assert.equal(o1.Tags, 'money; timing');
  assert.equal(rows.find((r) => r.Option === HOSTILE.hebrew + ' ' + HOSTILE.arabic)!['Review checkpoints'], `2027-04-01 ${HOSTILE.arabic}`);
  assert.equal(rows.find((r) => r.Option === "'-2+3")!.Description, `${HOSTILE.emoji} ${HOSTILE.accents}`);
});

test('formula injection: text cells starting with = + - @ tab or CR get a leading apostrophe', () => {
  const csv = revealedCsv('board');
  const rows = table(csv);
  const titles = rows.map((r) => r.Option);
  assert.ok(titles.includes(`'${HOSTILE.formula}`));
  assert.ok(titles.includes(`'${HOSTILE.at}`));
  assert.ok(titles.includes(`'${HOSTILE.minus}`));
  assert.equal(rows.find((r) => r.Option === `'${HOSTILE.at}`)!.Description, `'${HOSTILE.tab}`);
  assert.equal(rows.find((r) => r.Option!.startsWith('[x]'))!.Description, `'${HOSTILE.cr}`);
  assert.equal(rows.find((r) => r.Option!.startsWith('שלום'))!['Owner (Buyer)'], `'${HOSTILE.plus} (555) 0100`);
  for (const row of parseCsv(csv)) {
    for (const cell of row) assert.doesNotMatch(String(cell), /^[=+\-@\t\r]/, `cell ${JSON.stringify(cell)} is neutralised`);
  }
});

test('numbers stay numbers (a negative one too); only text is neutralised; absent scores are empty', () => {
  assert.equal(writeCsv([[-2, '-2', 3.5, '=1+1', null, '']]), '\uFEFF-2,\'-2,3.5,\'=1+1,,\r\n');
  const [header, ...rows] = parseCsv(revealedCsv('shortlist'), true);
  const col = (name: string) => header!.indexOf(name);
  const o1 = rows.find((r) => r[0] === 'Phase the price rise')!;
  assert.equal(o1[col('Buyer: impact')], 2);
  assert.equal(o1[col('Supplier: combined')], 4.5);
  assert.equal(o1[col('Overall: impact')], 3.67, 'overall mean of 2, 5 and 4, two decimals');
  assert.equal(o1[col('Gap')], 2.5);
  assert.equal(o1[col('Works for both')], 2);
  assert.equal(o1[col('Works for both met')], 'no');
  assert.equal(o1[col('Stage')], 1);
  const unrated = rows.find((r) => r[0] === "'-2+3")!;
  assert.equal(unrated[col('Buyer: impact')], '');
  assert.equal(unrated[col('Works for both')], '');
  assert.equal(unrated[col('Stage')], '', 'stage 0 = not staged yet: empty');
});

test('scope: shortlist rows in stage order; board adds the rest by cluster, unclustered last', () => {
  const shortlist = table(revealedCsv('shortlist')).map((r) => r.Option);
  assert.deepEqual(shortlist, [`'${HOSTILE.formula}`, 'Phase the price rise', `${HOSTILE.hebrew} ${HOSTILE.arabic}`, `'${HOSTILE.minus}`]);
  const board = table(revealedCsv('board'));
  assert.deepEqual(board.slice(4).map((r) => [r.Option, r.Cluster, r.Shortlisted]), [
    [`${HOSTILE.link} ${HOSTILE.img}`, HOSTILE.quotes, 'no'],
    [`'${HOSTILE.at}`, '', 'no'],
  ]);
  const o1 = board.find((r) => r.Option === 'Phase the price rise')!;
  assert.deepEqual([o1['Start date'], o1['Due date'], o1['Owner (Buyer)']], ['2027-01-01', '2027-06-30', 'Ana Müller']);
  assert.match(o1['Review checkpoints']!, /^2027-03-01 First review, "price"; 2027-05-15 First line/);
});

test('blind scoring: other parties\' cells read "hidden until reveal", own are numbers', () => {
  const csv = toCsv(readAs(buildTestBoard({ revealed: false }), 'p1'), { scope: 'shortlist', audience: p1 });
  const rows = table(csv);
  const o1 = rows.find((r) => r.Option === 'Phase the price rise')!;
  assert.equal(o1['Buyer: combined'], '2');
  assert.equal(o1['Supplier: impact'], 'hidden until reveal');
  assert.equal(o1['Overall: combined'], 'hidden until reveal');
  assert.equal(o1['Works for both'], 'hidden until reveal');
  assert.equal(o1['Proposed by'], 'Buyer', 'own proposal');
  assert.equal(rows[0]!['Proposed by'], '', "the other party's proposal stays anonymous");
});
