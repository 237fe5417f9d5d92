/**
 * iCalendar export: each agreement plan's review checkpoints and due date as
 * all-day events (ical-generator writes the escaping, line folding and CRLF
 * that calendar programs are strict about).
 *
 * UIDs are stable across re-exports (record id + board key), so importing a
 * newer file updates events instead of duplicating them. Dates are given as
 * `YYYY-MM-DD` strings, which ical-generator formats as the same calendar
 * day in every time zone (DTSTART;VALUE=DATE), with DTEND the day after
 * (RFC 5545: the end is exclusive).
 */
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { BoardData } from '@/lib/board/board-data';
import type { Audience } from './audience';
import { allOptions, optionTitle, partyName, summarize, type BoardSummary, type OptionSummary } from './summary';

export type IcsOptions = {
  readonly audience: Audience;
  /** DTSTAMP; defaults to now */
  readonly now?: Date | number;
  /** makes UIDs unique across boards; without it the board's creation time is used */
  readonly boardId?: string;
};

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** SUMMARY is a one-line title in every calendar program. */
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

const isRealDay = (day: string): boolean => ISO_DAY.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`));

function planDescription(s: BoardSummary, o: OptionSummary): string {
  const lines = [`Option: ${optionTitle(o.option)}`];
  const owners = Object.entries(o.plan?.owners ?? {}).filter(([, name]) => name.trim());
  if (owners.length) lines.push(`Owners: ${owners.map(([p, name]) => `${partyName(s.board, p)}: ${name}`).join('; ')}`);
  if (o.plan?.metrics.trim()) lines.push(`Metrics: ${o.plan.metrics}`);
  if (o.plan?.escalation.trim()) lines.push(`Escalation: ${o.plan.escalation}`);
  return lines.join('\n');
}

export function toIcs(data: BoardData, options: IcsOptions): string {
  const s = summarize(data, options.audience, 'board');
  const boardKey = (options.boardId ?? `created-${s.board.meta.createdAt}`).replace(/[^A-Za-z0-9_-]/g, '');
  const title = s.board.meta.title || 'Untitled board';
  const calendar = ical({
    name: `${title}: agreement reviews`,
    prodId: { company: 'Common Ground', product: 'Board export', language: 'EN' },
    // PUBLISH: a file to add to a calendar, not an invitation to answer (Outlook asks otherwise)
    method: ICalCalendarMethod.PUBLISH,
  });
  const stamp = new Date(options.now ?? Date.now());
  type Event = { uid: string; day: string; summary: string; description: string };
  const events: Event[] = [];
  for (const o of allOptions(s)) {
    const description = planDescription(s, o);
    for (const c of o.checkpoints) {
      if (!isRealDay(c.date)) continue;
      const label = c.label.trim() || 'Review';
      events.push({ uid: `checkpoint-${c.id}`, day: c.date, summary: oneLine(`${label}: ${optionTitle(o.option)}`), description });
    }
    const due = o.plan?.dueDate ?? '';
    if (isRealDay(due)) events.push({ uid: `due-${o.option.id}`, day: due, summary: oneLine(`Due: ${optionTitle(o.option)}`), description });
  }
  events.sort((a, b) => a.day.localeCompare(b.day) || a.uid.localeCompare(b.uid));
  for (const e of events) {
    calendar.createEvent({
      id: `${e.uid}.${boardKey}@common-ground`,
      allDay: true,
      start: e.day,
      end: nextDay(e.day),
      stamp,
      summary: e.summary,
      description: `${e.description}\nBoard: ${title}`,
    });
  }
  return calendar.toString();
}
