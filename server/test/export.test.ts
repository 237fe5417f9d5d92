/**
 * Export and import over HTTP, against the real server: every format
 * downloaded and read back with a real parser (markdown-it, csv-parse, ajv
 * with the published JSON Schema, pdf.js, ical.js); confidentiality with
 * marker strings written by party 1 into its own lane through a real
 * provider; the import round trip; bad files; and tokens kept out of logs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { test, type TestContext } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import MarkdownIt from 'markdown-it';
import { addCheckpoint, setPlanField, setPlanOwner } from '@/lib/board/agree';
import { setShortlisted } from '@/lib/board/decide';
import { addInterest } from '@/lib/board/interests';
import type { BoardId } from '@/lib/board/ids';
import { addOption } from '@/lib/board/mutations';
import { CRITERIA } from '@/lib/board/schema';
import { recordProposal, setRating } from '@/lib/board/scoring';
import { parseBoardExport, toJson, type BoardExport } from '@/lib/export';
import { buildTestBoard, readAs } from '@/lib/export/test-board';
import { pdfText } from '@/lib/export/test-parsers';
import { SCHEMA_PATH } from '@/lib/export/write-schema';
import type { Config } from '../config';
import { contentDisposition, slugify } from '../http/export';
import { SqliteDocStore } from '../persistence/sqlite';
import type { DocStore } from '../persistence/types';
import { Harness, waitFor, type CreatedBoard } from './harness';
import { tamperedToken } from './hostile';

const FORMATS = ['md', 'csv', 'json', 'pdf', 'ics'] as const;
type Format = (typeof FORMATS)[number];
type Scope = 'shortlist' | 'board';

const TITLE = 'Water rights: Zoë & "friends"';
/** party 1's private interest, in its lane only */
const PRIVATE = 'PRIVATE-P1-MARKER-4b2e';
/** party 1's rater (participant id), in its lane only while scoring is blind */
const RATER = 'RATERP1MARKER9d';
/** party 1's unrevealed combined score of "Phase the price rise": (5 + 4 + 4) / 3 */
const P1_FIGURE = /\b4\.3\d*\b/;

const validate = new Ajv2020({ allErrors: true, validateFormats: false }).compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
const markdown = new MarkdownIt({ html: true });

type Download = { res: Response; bytes: Uint8Array; text: string };

async function download(h: Harness, boardId: string, token: string | null, query: string, via: 'header' | 'query' = 'header'): Promise<Download> {
  const params = new URLSearchParams(query);
  if (token !== null && via === 'query') params.set('token', token);
  const res = await h.fetch(`/api/boards/${boardId}/export?${params}`, {
    headers: token !== null && via === 'header' ? { authorization: `Bearer ${token}` } : {},
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, text: new TextDecoder().decode(bytes) };
}

async function exportOk(h: Harness, boardId: string, token: string, format: Format, scope: Scope = 'board'): Promise<Download> {
  const d = await download(h, boardId, token, `format=${format}&scope=${scope}`);
  assert.equal(d.res.status, 200, `${format}/${scope}: ${d.text.slice(0, 300)}`);
  return d;
}

async function exportJson(h: Harness, boardId: string, token: string): Promise<BoardExport> {
  return JSON.parse((await exportOk(h, boardId, token, 'json')).text) as BoardExport;
}

/** The text a reader of the file would see (PDF through pdf.js). */
async function readable(format: Format, d: Download): Promise<string> {
  return format === 'pdf' ? (await pdfText(d.bytes)).text : d.text;
}

function importFile(h: Harness, body: unknown): Promise<Response> {
  return h.fetch('/api/boards/import', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Send raw bytes over HTTP/1.1 and read everything until the server closes the connection. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

type Populated = { board: CreatedBoard; options: { rise: string; warehouse: string; shifts: string } };

/**
 * A board with content, written the way clients write it: party 1 through
 * real providers on the joint board and on its own lane (a private interest,
 * ratings while scoring is blind, a side-blind proposal).
 */
async function populatedBoard(h: Harness): Promise<Populated> {
  const board = await h.createBoard({ title: TITLE, question: 'How might we share the river?', parties: ['Buyer', 'Supplier'] });
  const p1 = board.links.parties[0]!.token;
  const joint = await h.provider(board.id, p1);
  const lane = await h.provider(`${board.id}/party/p1`, p1);
  const rise = addOption(joint.doc, { title: 'Phase the price rise' })!;
  const warehouse = addOption(joint.doc, { title: 'Shared warehouse' })!;
  const shifts = addOption(joint.doc, { title: 'Night shifts' })!;
  setShortlisted(joint.doc, rise, true);
  setShortlisted(joint.doc, warehouse, true);
  setPlanField(joint.doc, rise, 'dueDate', '2027-06-30');
  setPlanOwner(joint.doc, rise, 'p1', 'Ana Müller');
  addCheckpoint(joint.doc, { optionId: rise, date: '2027-03-01', label: 'First price review' });
  addInterest(joint.doc, { partyId: 'p1', text: 'Stable prices', kind: 'need' });

  addInterest(lane.doc, { partyId: 'p1', text: PRIVATE, kind: 'constraint', importance: 3 });
  const values = { impact: 5, feasibility: 4, fairness: 4 } as const;
  for (const criterion of CRITERIA) setRating(lane.doc, { optionId: rise, participantId: RATER, criterion, value: values[criterion] });
  recordProposal(lane.doc, rise);

  // Stored on the server: party 1's own export shows all of it.
  await waitFor(
    async () => {
      const file = await exportJson(h, board.id, p1);
      return (
        file.board.options.length === 3 &&
        file.board.checkpoints.length === 1 &&
        file.board.ratings.length === 3 &&
        file.board.interests.some((i) => i.text === PRIVATE) &&
        file.board.options.some((o) => o.proposedBy === 'p1')
      );
    },
    { what: "party 1's content to reach the server", timeoutMs: 10_000 },
  );
  h.destroyProvider(joint);
  h.destroyProvider(lane);
  return { board, options: { rise, warehouse, shifts } };
}

/**
 * A file with its ids replaced by their position (and rater ids by order of
 * appearance), minus what an import is meant to change: `exportedAt` and the
 * board's creation time.
 */
function canonical(file: BoardExport): unknown {
  const b = file.board;
  const named = new Map<string, string>();
  const name = (kind: string, list: readonly { id: string }[]) => list.forEach((r, i) => named.set(`${kind}:${r.id}`, `${kind}-${i}`));
  name('interest', b.interests);
  name('cluster', b.clusters);
  name('option', b.options);
  name('tradeoff', b.tradeoffs);
  name('checkpoint', b.checkpoints);
  name('debrief', b.debriefNotes);
  [...new Set(b.ratings.map((r) => r.participantId))].forEach((id, i) => named.set(`rater:${id}`, `rater-${i}`));
  const id = (kind: string, value: string) => named.get(`${kind}:${value}`) ?? `MISSING ${kind}:${value}`;
  return {
    format: file.format,
    version: file.version,
    board: {
      ...b,
      createdAt: 'ignored',
      interests: b.interests.map((i) => ({ ...i, id: id('interest', i.id) })),
      interestLinks: b.interestLinks.map((l) => ({ ...l, a: id('interest', l.a), b: id('interest', l.b) })),
      clusters: b.clusters.map((c) => ({ ...c, id: id('cluster', c.id) })),
      options: b.options.map((o) => ({
        ...o,
        id: id('option', o.id),
        clusterId: o.clusterId === null ? null : id('cluster', o.clusterId),
        interestIds: o.interestIds.map((x) => id('interest', x)),
      })),
      tradeoffs: b.tradeoffs.map((t) => ({ ...t, id: id('tradeoff', t.id), optionIds: t.optionIds.map((x) => id('option', x)) })),
      plans: b.plans.map((p) => ({ ...p, optionId: id('option', p.optionId) })),
      checkpoints: b.checkpoints.map((c) => ({ ...c, id: id('checkpoint', c.id), optionId: id('option', c.optionId) })),
      debriefNotes: b.debriefNotes.map((d) => ({ ...d, id: id('debrief', d.id) })),
      ratings: b.ratings.map((r) => ({ ...r, optionId: id('option', r.optionId), participantId: id('rater', r.participantId) })),
    },
  };
}

test('every format downloads as an attachment and reads back with a real parser', async (t) => {
  const h = await Harness.start(t);
  const { board } = await populatedBoard(h);
  const token = board.links.facilitator.token;

  for (const scope of ['shortlist', 'board'] as const) {
    const wholeBoard = scope === 'board';

    const md = await exportOk(h, board.id, token, 'md', scope);
    assert.equal(md.res.headers.get('content-type'), 'text/markdown; charset=utf-8');
    assert.equal(md.res.headers.get('cache-control'), 'no-store');
    assert.equal(md.res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(
      md.res.headers.get('content-disposition'),
      `attachment; filename="water-rights-zoe-friends-${scope}.md"; filename*=UTF-8''water-rights-zo%C3%AB-friends-${scope}.md`,
    );
    const tokens = markdown.parse(md.text, {});
    assert.ok(tokens.some((tok) => tok.type === 'heading_open'), 'markdown with headings');
    const html = markdown.render(md.text);
    assert.match(html, /Phase the price rise/);
    assert.match(html, /Shared warehouse/);
    assert.equal(html.includes('Night shifts'), wholeBoard, 'the other options only with scope=board');

    const csv = await exportOk(h, board.id, token, 'csv', scope);
    assert.equal(csv.res.headers.get('content-type'), 'text/csv; charset=utf-8; header=present');
    const [header, ...rows] = parseCsv(csv.text, { bom: true, record_delimiter: '\r\n', relax_quotes: false, relax_column_count: false }) as string[][];
    assert.equal(header![0], 'Option');
    assert.deepEqual(rows.map((r) => r[0]).sort(), wholeBoard ? ['Night shifts', 'Phase the price rise', 'Shared warehouse'] : ['Phase the price rise', 'Shared warehouse']);

    const pdf = await exportOk(h, board.id, token, 'pdf', scope);
    assert.equal(pdf.res.headers.get('content-type'), 'application/pdf');
    assert.equal(Number(pdf.res.headers.get('content-length')), pdf.bytes.byteLength);
    assert.equal(new TextDecoder().decode(pdf.bytes.subarray(0, 5)), '%PDF-');
    const text = (await pdfText(pdf.bytes)).text;
    assert.match(text, /Phase the price rise/);
    assert.match(text, /Zoë/);
    assert.equal(text.includes('Night shifts'), wholeBoard);

    // JSON and iCalendar always hold the whole board, and say so in their names.
    const json = await exportOk(h, board.id, token, 'json', scope);
    assert.equal(json.res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.match(json.res.headers.get('content-disposition')!, /filename="water-rights-zoe-friends-board\.json"/);
    const file = JSON.parse(json.text) as BoardExport;
    assert.ok(validate(file), JSON.stringify(validate.errors));
    assert.equal(parseBoardExport(json.text).ok, true);
    assert.equal(file.board.title, TITLE);
    assert.deepEqual(file.board.options.map((o) => o.title), ['Phase the price rise', 'Shared warehouse', 'Night shifts']);

    const ics = await exportOk(h, board.id, token, 'ics', scope);
    assert.equal(ics.res.headers.get('content-type'), 'text/calendar; charset=utf-8');
    assert.match(ics.res.headers.get('content-disposition')!, /filename="water-rights-zoe-friends-board\.ics"/);
    const calendar = new ICAL.Component(ICAL.parse(ics.text));
    const events = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    assert.deepEqual(
      events.map((e) => [e.startDate.toString(), e.summary]),
      [
        ['2027-03-01', 'First price review: Phase the price rise'],
        ['2027-06-30', 'Due: Phase the price rise'],
      ],
    );
    assert.ok(events.every((e) => e.uid.includes(board.id)), 'UIDs are unique to the board');
  }

  // HEAD answers the headers only.
  const head = await h.fetch(`/api/boards/${board.id}/export?format=csv`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
  assert.equal(head.status, 200);
  assert.match(head.headers.get('content-disposition')!, /-shortlist\.csv"/, 'scope defaults to shortlist');
});

test('export: any role, Bearer or ?token=; 401, 403, 404, 405 and 422 like the other board routes', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const other = await h.createBoard();
  const roles = [board.links.facilitator.token, board.links.viewer.token, ...board.links.parties.map((p) => p.token)];
  for (const token of roles) {
    for (const via of ['header', 'query'] as const) {
      const d = await download(h, board.id, token, 'format=md', via);
      assert.equal(d.res.status, 200, d.text);
      assert.match(d.text, /Water rights/);
    }
  }
  const status = async (boardId: string, token: string | null, query = 'format=md') => {
    const d = await download(h, boardId, token, query);
    return { status: d.res.status, error: d.res.status === 200 ? null : (JSON.parse(d.text) as { error: { code: string; field?: string } }).error };
  };
  assert.deepEqual(await status(board.id, null), { status: 401, error: { code: 'unauthorized', message: 'a token is required (Authorization: Bearer …)' } });
  assert.equal((await status(board.id, 'not-a-token')).status, 401);
  assert.equal((await status(board.id, tamperedToken(board.links.viewer.token))).status, 401);
  assert.equal((await status(board.id, h.mint({ v: 1, b: board.id as BoardId, r: 'viewer', e: 0, x: 1 }))).status, 401, 'expired');
  assert.equal((await status(board.id, other.links.facilitator.token)).error?.code, 'forbidden');
  assert.equal((await status('not-a-board', board.links.viewer.token)).status, 404);
  const token = board.links.viewer.token;
  assert.deepEqual((await status(board.id, token, '')).error?.field, 'format');
  assert.deepEqual((await status(board.id, token, 'format=docx')).error?.field, 'format');
  assert.deepEqual((await status(board.id, token, 'format=md&scope=everything')).error?.field, 'scope');
  assert.equal((await status(board.id, token, 'format=docx')).status, 422);
  const post = await h.fetch(`/api/boards/${board.id}/export?format=md`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET');
});

test('confidentiality: party 1 lane content reaches no export but its own, in any format or scope', async (t) => {
  const h = await Harness.start(t);
  const { board } = await populatedBoard(h);
  const [p1, p2] = board.links.parties.map((p) => p.token) as [string, string];
  const others = { 'party 2': p2, viewer: board.links.viewer.token, facilitator: board.links.facilitator.token };

  for (const format of FORMATS) {
    for (const scope of ['shortlist', 'board'] as const) {
      for (const [who, token] of Object.entries(others)) {
        const text = await readable(format, await exportOk(h, board.id, token, format, scope));
        const where = `${format}/${scope} export by ${who}`;
        assert.equal(text.includes(PRIVATE), false, `${where} holds party 1's private interest`);
        assert.equal(text.includes(RATER), false, `${where} names party 1's rater`);
        assert.doesNotMatch(text, P1_FIGURE, `${where} shows party 1's unrevealed score`);
        assert.equal(text.includes('Proposed by Buyer'), false, `${where} shows unrevealed authorship`);
        if (format === 'json') {
          const file = JSON.parse(text) as BoardExport;
          assert.deepEqual(file.board.ratings, [], `${where} has ratings`);
          assert.deepEqual(file.board.options.map((o) => o.proposedBy), [null, null, null]);
          assert.deepEqual(file.board.interests.map((i) => i.text), ['Stable prices']);
        }
        if (format !== 'json' && format !== 'ics') assert.match(text, /Phase the price rise/, `${where} is not empty`);
      }
    }
  }

  // Positive control: party 1's own exports do carry it (so the checks above can fail).
  const own = async (format: Format) => readable(format, await exportOk(h, board.id, p1, format, 'board'));
  const ownJson = JSON.parse(await own('json')) as BoardExport;
  assert.ok(ownJson.board.interests.some((i) => i.text === PRIVATE && i.private));
  assert.deepEqual(new Set(ownJson.board.ratings.map((r) => r.participantId)), new Set([RATER]));
  assert.equal(ownJson.board.options[0]!.proposedBy, 'p1');
  const ownMd = await own('md');
  assert.ok(ownMd.includes(PRIVATE), 'md: own private interest');
  for (const [format, text] of [['md', ownMd], ['pdf', await own('pdf')]] as const) {
    // (the PDF lists only the interests an option serves, so it has no private interest to show)
    assert.match(text, P1_FIGURE, `${format}: own score`);
    assert.ok(text.includes('Proposed by Buyer'), `${format}: own authorship`);
  }
  assert.match(await own('csv'), P1_FIGURE, 'csv: own score');
});

test('import round trip: export JSON → POST /api/boards/import → a new board whose export is the same file', async (t) => {
  const h = await Harness.start(t, { PUBLIC_URL: 'https://cg.example' });
  const { board } = await populatedBoard(h);
  const first = await exportJson(h, board.id, board.links.facilitator.token);

  const res = await importFile(h, first);
  assert.equal(res.status, 201);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const created = (await res.json()) as CreatedBoard;
  assert.notEqual(created.id, board.id);
  assert.equal(created.links.facilitator.url, `https://cg.example/b/${created.id}#t=${created.links.facilitator.token}`);
  assert.deepEqual(created.links.parties.map((p) => [p.partyId, p.name]), [['p1', 'Buyer'], ['p2', 'Supplier']]);
  assert.equal(Object.keys(created.links).sort().join(), 'facilitator,parties,viewer', 'the shape of POST /api/boards');

  const info = await h.fetch(`/api/boards/${created.id}`, { headers: { authorization: `Bearer ${created.links.viewer.token}` } });
  assert.equal(((await info.json()) as { title: string }).title, TITLE);
  const second = await exportJson(h, created.id, created.links.facilitator.token);
  assert.notEqual(second.board.options[0]!.id, first.board.options[0]!.id, 'fresh ids');
  assert.deepEqual(canonical(second), canonical(first));
  // The original board's links do not open the copy.
  assert.equal((await download(h, created.id, board.links.facilitator.token, 'format=md')).res.status, 403);
});

test('import keeps published ratings and revealed authorship, also after the server republishes the state', async (t) => {
  const h = await Harness.start(t);
  // A file from a board with revealed scores and authorship (6 raters, 18 ratings).
  const file = toJson(readAs(buildTestBoard({ revealed: true }), null), { audience: { role: 'viewer' } });
  assert.equal(file.board.ratings.length, 18);
  const res = await importFile(h, file);
  assert.equal(res.status, 201, await res.clone().text());
  const created = (await res.json()) as CreatedBoard;
  const facilitator = created.links.facilitator.token;

  const first = await exportJson(h, created.id, created.links.viewer.token);
  // A settings action runs a full publication from the lanes (server/facilitation/publisher.ts).
  const settings = await h.fetch(`/api/boards/${created.id}/settings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${facilitator}` },
    body: '{}',
  });
  assert.equal(settings.status, 200, await settings.text());
  const after = await exportJson(h, created.id, created.links.viewer.token);
  for (const exported of [first, after]) {
    assert.equal(exported.board.ratings.length, 18, 'ratings survive');
    assert.deepEqual(canonical(exported), canonical(file));
  }
  // Nothing private came in: each party's lane holds only what was published.
  const p1 = await exportJson(h, created.id, created.links.parties[0]!.token);
  assert.ok(p1.board.interests.every((i) => !i.private));
});

test('bad import files answer 422 invalid_export naming the problem; too large 413', async (t) => {
  const h = await Harness.start(t);
  const good = toJson(readAs(buildTestBoard({ revealed: true }), null), { audience: { role: 'viewer' } });
  type Loose = Record<string, unknown> & { board: Record<string, unknown> & Record<'options' | 'ratings', Record<string, unknown>[]> };
  const broken = (change: (f: Loose) => void) => {
    const copy = JSON.parse(JSON.stringify(good)) as Loose;
    change(copy);
    return copy;
  };
  type Refusal = { error: { code: string; message: string; field: string; errors: { path: string; message: string }[]; errorCount: number } };
  const refused = async (body: unknown) => {
    const res = await importFile(h, body);
    assert.equal(res.status, 422);
    return ((await res.json()) as Refusal).error;
  };

  const notJson = await refused('{ "format": ');
  assert.equal(notJson.code, 'invalid_export');
  assert.equal(notJson.field, '(file)');
  assert.match(notJson.message, /not valid JSON/);

  assert.equal((await refused([1, 2])).message, '(file): expected a JSON object');
  assert.equal((await refused({ ...good, format: 'trello' })).field, 'format');
  const v2 = await refused({ ...good, version: 2 });
  assert.deepEqual([v2.field, v2.message], ['version', 'version: version 2 is not supported; this app reads version 1']);

  const dangling = await refused(broken((f) => (f.board.options[2]!.clusterId = 'nope')));
  assert.equal(dangling.field, 'board.options[2].clusterId');
  assert.match(dangling.message, /cluster "nope", which is not in the file/);

  const several = await refused(broken((f) => {
    delete f.board.title;
    f.board.ratings[0]!.value = 9;
  }));
  assert.ok(several.errors.some((e) => e.path === 'board.title'));
  assert.ok(several.errors.some((e) => e.path === 'board.ratings[0].value'));
  assert.equal(several.errorCount, several.errors.length);
  assert.match(several.message, /and \d+ more problem/);

  const many = await refused(broken((f) => f.board.ratings.forEach((r) => (r.value = 0))));
  assert.equal(many.errorCount, 18);
  assert.equal(many.errors.length, 18);

  // Over 5 MiB: refused from the declared length, before the body is read (a raw
  // socket sends only the start of it, so the server's close cannot race the upload).
  const answer = await rawRequest(
    h.port,
    `POST /api/boards/import HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${5 * 1024 * 1024 + 1}\r\n\r\n{"format":`,
  );
  assert.match(answer, /^HTTP\/1\.1 413 /);
  assert.match(answer, /"code":"body_too_large"/);

  const ok = await importFile(h, good);
  assert.equal(ok.status, 201);
});

test('an import whose document would pass MAX_DOCUMENT_BYTES is refused (413) and stores nothing', async (t) => {
  const h = await Harness.start(t, { MAX_DOCUMENT_BYTES: '2048' });
  const file = toJson(readAs(buildTestBoard({ revealed: true }), null), { audience: { role: 'viewer' } });
  const res = await importFile(h, file);
  assert.equal(res.status, 413);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'document_too_large');
});

/** A SQLite store whose loadRoom fails for the rooms named in `broken`. */
function breakableStore(broken: Set<string>) {
  return (config: Config): DocStore => {
    const inner = new SqliteDocStore({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous });
    return new Proxy(inner, {
      get(target, key, receiver) {
        if (key === 'loadRoom') {
          return async (name: string) => {
            if (broken.has(name)) throw new Error('disk trouble');
            return target.loadRoom(name);
          };
        }
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
}

test('tokens never reach the logs: exports by header and by ?token=, a failed export, an import', async (t: TestContext) => {
  const logLines: string[] = [];
  const broken = new Set<string>();
  const h = await Harness.start(t, { LOG_LEVEL: 'debug' }, { logLines, store: breakableStore(broken) });
  const board = await h.createBoard();
  const tokens = [board.links.facilitator.token, board.links.viewer.token, ...board.links.parties.map((p) => p.token)];
  for (const token of tokens) {
    await exportOk(h, board.id, token, 'md');
    assert.equal((await download(h, board.id, token, 'format=csv', 'query')).res.status, 200);
  }
  const imported = await importFile(h, await exportJson(h, board.id, tokens[0]!));
  assert.equal(imported.status, 201);
  const copy = (await imported.json()) as CreatedBoard;
  tokens.push(copy.links.facilitator.token, copy.links.viewer.token, ...copy.links.parties.map((p) => p.token));

  // A board whose state room cannot be read: the failure is logged, with its URL.
  const failing = await h.createBoard();
  broken.add(`${failing.id}/state`);
  const failed = await download(h, failing.id, failing.links.viewer.token, 'format=md', 'query');
  assert.equal(failed.res.status, 500);
  tokens.push(failing.links.viewer.token);

  await waitFor(() => logLines.some((l) => l.includes('request failed')), { what: 'the failure to be logged' });
  const log = logLines.join('');
  assert.match(log, /board exported/);
  assert.match(log, /board imported/);
  assert.match(log, /token=\[redacted\]/, 'the failed URL is logged, redacted');
  for (const token of tokens) {
    assert.equal(log.includes(token), false, 'a token in the logs');
    assert.equal(log.includes(token.split('.')[1]!), false, "a token's signature in the logs");
  }
});

test('PDFs are made off the event loop: a large board renders while the server keeps answering', async (t) => {
  const h = await Harness.start(t);
  const file = toJson(readAs(buildTestBoard({ revealed: true }), null), { audience: { role: 'viewer' } });
  const options = Array.from({ length: 500 }, (_, i) => ({
    ...file.board.options[3]!,
    id: `big${i}`,
    title: `Option ${i}: a title long enough to wrap on the page once or twice, like real ones do`,
    description: 'A description of a few sentences. '.repeat(8),
    shortlist: i % 5 === 0 ? { stage: 1, position: i / 5 + 1, at: 0 } : null,
  }));
  const big = { ...file, board: { ...file.board, options, ratings: [], plans: [], checkpoints: [], tradeoffs: [] } };
  const res = await importFile(h, big);
  assert.equal(res.status, 201, await res.clone().text());
  const created = (await res.json()) as CreatedBoard;

  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = Date.now();
  const pdfs = await Promise.all(
    (['board', 'shortlist', 'board'] as const).map((scope) => exportOk(h, created.id, created.links.viewer.token, 'pdf', scope)),
  );
  delay.disable();
  for (const pdf of pdfs) assert.equal(new TextDecoder().decode(pdf.bytes.subarray(0, 5)), '%PDF-');
  // In-process, one such PDF holds the loop for ~3 s on this hardware.
  const maxMs = delay.max / 1e6;
  assert.ok(maxMs < 1000, `the event loop stalled for ${maxMs.toFixed(0)} ms while ${Date.now() - started} ms of PDFs were made`);
  assert.match((await pdfText(pdfs[0]!.bytes)).text, /Option 499: a title long enough/);
});

test('file names: slugs of any script, RFC 6266 filename* with an ASCII fallback', () => {
  assert.equal(slugify('Water rights: Zoë & "friends"'), 'water-rights-zoë-friends');
  assert.equal(slugify('  ***  '), 'board');
  assert.equal(slugify('שלום עולם'), 'שלום-עולם');
  assert.equal(slugify('x'.repeat(100)).length, 60);
  assert.equal(contentDisposition('plain-board.md'), `attachment; filename="plain-board.md"; filename*=UTF-8''plain-board.md`);
  assert.equal(
    contentDisposition('שלום-shortlist.pdf'),
    `attachment; filename="shortlist.pdf"; filename*=UTF-8''%D7%A9%D7%9C%D7%95%D7%9D-shortlist.pdf`,
  );
  assert.match(contentDisposition('a"b\\c;d.md'), /^attachment; filename="a-b-c-d\.md"; filename\*=UTF-8''a%22b%5Cc%3Bd\.md$/);
});
