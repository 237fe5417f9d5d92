import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { toMarkdown } from './markdown';
import { mdLine, mdText } from './markdown-text';
import { HOSTILE, buildTestBoard, readAs } from './test-board';

// html: true is the dangerous setting: raw HTML in the source would pass through.
const renderer = new MarkdownIt({ html: true, linkify: false });
const linkifying = new MarkdownIt({ html: true, linkify: true });
const decode = (html: string) =>
  html.replace(/<br>\n?/g, '\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

const p1 = { role: 'party', partyId: 'p1' } as const;
const viewer = { role: 'viewer' } as const;
const revealed = () => readAs(buildTestBoard({ revealed: true }), null);

test('mdText: every hostile string renders back as exactly its own text, with no markup', () => {
  const torture = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~ **b** _e_ `c` ~~s~~ <b>x</b> &amp; &#x41; \\* [a]: http://x "t"';
  for (const text of [...Object.values(HOSTILE), torture, '1. not a list', '2) nor this', '> nor a quote', '=== ', '***']) {
    const html = renderer.renderInline(mdText(text));
    assert.doesNotMatch(html, /<(?!br>)[a-z]/i, `no element from ${JSON.stringify(text)}: ${html}`);
    const expected = text.split(/\r\n|\r|\n/).map((l) => l.trim()).filter(Boolean).join('\n');
    assert.equal(decode(html), expected);
  }
});

test('mdText: block syntax at the start of any line stays text when rendered as a block', () => {
  const html = renderer.render(`- item: ${mdText(HOSTILE.multiline, '  ')}\n\n${mdText('# title\n1. one\n> quote\n---')}\n`);
  assert.doesNotMatch(html, /<h[1-6]>|<ol|<blockquote|<hr/);
  assert.equal((html.match(/<li>/g) ?? []).length, 1, 'the user text adds no list items');
  assert.match(html, /# not a heading<br>\n- not a list/);
});

test('mdLine keeps table cells to one line and escapes pipes', () => {
  const html = renderer.render(`| a | b |\n|---|---|\n| ${mdLine('x | y\nz')} | 2 |\n`);
  assert.match(html, /<td>x \| y z<\/td>\s*<td>2<\/td>/);
});

test('rendered export: no element, link or image from user text; only http(s) links', () => {
  const md = toMarkdown(revealed(), { scope: 'board', audience: viewer, now: 0 });
  for (const html of [renderer.render(md), linkifying.render(md)]) {
    assert.doesNotMatch(html, /<img|<script|<[a-z]+[^>]*\son\w+=/i);
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) assert.match(href!, /^(https?:|mailto:)/);
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the markup is shown as text');
    assert.ok(html.includes('[x](javascript:alert(1))'), 'the link syntax is shown as text');
  }
  const headings = [...renderer.render(md).matchAll(/<h(\d)>(.*?)<\/h\1>/g)].map((m) => `${m[1]} ${decode(m[2]!)}`);
  assert.deepEqual(headings.filter((h) => h.startsWith('1 ')), [`1 Supply 2027 ${HOSTILE.link}`]);
  assert.ok(!headings.some((h) => h.includes('not a heading')));
});

test('shortlist in stage order (stage, then shortlist order), with scores, gap and works for both', () => {
  const md = toMarkdown(revealed(), { scope: 'shortlist', audience: viewer, now: Date.UTC(2026, 4, 1) });
  const titles = [...md.matchAll(/^#### \d+\. (.*)$/gm)].map((m) => m[1]);
  // o2 (order a0) before o1 (a1) in stage 1; then stage 2; "not staged yet" last
  assert.deepEqual(titles, ['\\=HYPERLINK("http://x")', 'Phase the price rise', 'שלום עולם مرحبا بالعالم', '\\-2+3']);
  assert.deepEqual([...md.matchAll(/^### (.*)$/gm)].map((m) => m[1]), ['Shared interests', 'Tensions', 'Stage 1', 'Stage 2', 'Not staged yet']);
  assert.match(md, /_Exported 2026-05-01 · shortlist_/);
  const o1 = md.slice(md.indexOf('Phase the price rise'), md.indexOf('### Stage 2'));
  assert.match(o1, /\| Buyer \| 2\.0 \| 2\.0 \| 2\.0 \| 2\.0 \|/);
  assert.match(o1, /\| Supplier \| 4\.5 \| 4\.5 \| 4\.5 \| 4\.5 \|/);
  assert.match(o1, /Gap: 2\.5 · Works for both: 2\.0 \(below the threshold\)/);
  assert.match(o1, /- Buyer \(need\): Stable prices\n- Supplier \(priority\): Busy plant Ωμέγα συμφωνία/);
  assert.match(o1, /- Buyer concedes A longer term, "10 years", \+1 to unlock A lower price, fixed \(benefit: cost\)\. Supplier confirmed/);
  assert.match(o1, /- Owners: Buyer: Ana Müller; Supplier: שלום עולם\n- Start: 2027-01-01\n- Due: 2027-06-30\n- Metrics: Price index \\< 3%\\\n {2}@SUM\(1\)/);
  assert.match(o1, /- Review checkpoints:\n {2}- 2027-03-01: First review, "price"\n {2}- 2027-05-15: First line/);
  assert.match(o1, /- Escalation: \\\+1 call both CEOs/);
  assert.doesNotMatch(md, /## Other options|## Debrief/, 'scope shortlist stops after the shortlist');
});

test('common ground: shared and tension pairs, each with both parties', () => {
  const md = toMarkdown(revealed(), { scope: 'shortlist', audience: viewer });
  assert.match(md, /### Shared interests\n\n- Buyer \(need\): Stable prices ↔ Supplier \(priority\): Busy plant Ωμέγα συμφωνία\n/);
  assert.match(md, /### Tensions\n\n- Buyer \(need\): Stable prices ↔ Supplier \(concern\): Привет, договор\n/);
});

test('scope board: the other options by cluster, unclustered last, then the debrief', () => {
  const md = toMarkdown(revealed(), { scope: 'board', audience: viewer });
  const rest = md.slice(md.indexOf('## Other options'));
  assert.deepEqual([...rest.matchAll(/^### (.*)$/gm)].map((m) => m[1]), [
    'She said "yes, but", then left',
    'Not in a cluster',
    'What worked',
    'What we would change',
  ]);
  assert.ok(rest.indexOf('\\[x\\](javascript:alert(1))') < rest.indexOf('@SUM(1)'));
  assert.match(rest, /## Debrief\n\n### What worked\n\n- Buyer: Crème brûlée à la façon de Zoë/);
  assert.match(rest, /### What we would change\n\n- \\=HYPERLINK/);
});

test('blind scoring: own party figures shown, the others "hidden until reveal"', () => {
  const md = toMarkdown(readAs(buildTestBoard({ revealed: false }), 'p1'), { scope: 'shortlist', audience: p1 });
  assert.match(md, /\| Buyer \| 2\.0 \| 2\.0 \| 2\.0 \| 2\.0 \|\n\| Supplier \| hidden until reveal \|/);
  assert.match(md, /Gap and works for both: hidden until reveal\./);
  assert.doesNotMatch(md, /Gap: /);
});
