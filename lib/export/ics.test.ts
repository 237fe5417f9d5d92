import assert from 'node:assert/strict';
import { test } from 'node:test';
import ICAL from 'ical.js';
import { toIcs } from './ics';
import { HOSTILE, buildTestBoard, readAs } from './test-board';

const viewer = { role: 'viewer' } as const;
const NOW = Date.UTC(2026, 0, 2, 9, 30);
const data = () => readAs(buildTestBoard({ revealed: true }), null);

function events(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return {
    calendar,
    events: calendar.getAllSubcomponents('vevent').map((component) => {
      const event = new ICAL.Event(component);
      return {
        uid: event.uid,
        summary: event.summary,
        description: event.description,
        start: event.startDate,
        end: event.endDate,
        stamp: (component.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().getTime(),
      };
    }),
  };
}

test('a calendar that parses (ical.js), with PRODID and VERSION, one event per checkpoint and due date', () => {
  const ics = toIcs(data(), { audience: viewer, now: NOW, boardId: 'board-1' });
  assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
  assert.ok(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75), 'lines folded at 75 octets');
  const { calendar, events: list } = events(ics);
  assert.equal(calendar.getFirstPropertyValue('prodid'), '-//Common Ground//Board export//EN');
  assert.equal(calendar.getFirstPropertyValue('version'), '2.0');
  assert.equal(calendar.getFirstPropertyValue('method'), 'PUBLISH');
  assert.deepEqual(
    list.map((e) => [e.start.toString(), e.summary]),
    [
      ['2027-03-01', 'First review, "price": Phase the price rise'],
      ['2027-04-01', `${HOSTILE.arabic}: ${HOSTILE.hebrew} ${HOSTILE.arabic}`],
      ['2027-05-15', `${HOSTILE.multiline.replace(/\s+/g, ' ')}: Phase the price rise`],
      ['2027-06-30', 'Due: Phase the price rise'],
      ['2027-09-15', `Due: ${HOSTILE.hebrew} ${HOSTILE.arabic}`],
    ],
  );
});

test('all-day events on their dates, ending the next day, stamped with the export time', () => {
  const { events: list } = events(toIcs(data(), { audience: viewer, now: NOW }));
  for (const e of list) {
    assert.equal(e.start.isDate, true, 'VALUE=DATE');
    assert.equal(e.end.isDate, true);
    const next = e.start.clone();
    next.adjust(1, 0, 0, 0);
    assert.equal(e.end.compare(next), 0);
    assert.equal(e.stamp, NOW);
  }
});

test('the description carries the plan, with commas, semicolons, quotes and newlines intact', () => {
  const { events: list } = events(toIcs(data(), { audience: viewer, now: NOW }));
  const due = list.find((e) => e.summary === 'Due: Phase the price rise')!;
  assert.equal(
    due.description,
    [
      'Option: Phase the price rise',
      `Owners: Buyer: Ana Müller; Supplier: ${HOSTILE.hebrew}`,
      `Metrics: Price index < 3%\n${HOSTILE.at}`,
      `Escalation: ${HOSTILE.plus} call both CEOs`,
      `Board: Supply 2027 ${HOSTILE.link}`,
    ].join('\n'),
  );
});

test('UIDs are unique, stable across exports, and differ between boards', () => {
  const first = events(toIcs(data(), { audience: viewer, now: NOW, boardId: 'board-1' })).events.map((e) => e.uid);
  const later = events(toIcs(data(), { audience: viewer, now: NOW + 86_400_000, boardId: 'board-1' })).events.map((e) => e.uid);
  const other = events(toIcs(data(), { audience: viewer, now: NOW, boardId: 'board-2' })).events.map((e) => e.uid);
  assert.equal(new Set(first).size, first.length);
  assert.deepEqual(later, first);
  assert.ok(first.every((uid) => !other.includes(uid)));
  assert.ok(first.includes('checkpoint-k1.board-1@common-ground') && first.includes('due-o1.board-1@common-ground'));
});

test('the same calendar days in every time zone', () => {
  const saved = process.env.TZ;
  try {
    const outputs = ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC'].map((tz) => {
      process.env.TZ = tz;
      return toIcs(data(), { audience: viewer, now: NOW });
    });
    assert.equal(outputs[0], outputs[1]);
    assert.equal(outputs[1], outputs[2]);
    assert.match(outputs[0]!, /DTSTART;VALUE=DATE:20270301\r\n/);
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});
