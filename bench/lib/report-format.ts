/** Formatting shared by the benchmark report's sections (./report.ts, ./report-rooms.ts, ./report-browser.ts). */
import type { MemoryResult } from '../room-costs';
import type { RenderCount } from '../browser';
import type { MemorySample } from './process-probes';
import type { Durations } from './store-probe';

/** A frame is "within 16.7 ms" when it is one vsync interval at 60 Hz (rAF deltas are multiples of ~16.7 ms). */
export const FRAME_BUDGET_MS = 17.5;

export const f1 = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(1));
export const signed = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toFixed(1)}`;
/** "+0.3 ms (−0.4 … +0.9)": a difference and its 95 % interval (an older results file may have none). */
export const difference = (v: number, interval: readonly [number, number] | undefined) =>
  `${signed(v)} ms${interval ? ` (${signed(interval[0])} … ${signed(interval[1])})` : ''}`;
export const f0 = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : Math.round(v).toLocaleString('en-US'));
export const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : `${Math.round(v * 100)}%`);
export const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
export const kib = (bytes: number) => (Math.abs(bytes) >= 10 * 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(0)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`);
export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
/** A duration in ms: µs resolution below 1 ms (the event loop's share of an append is a few µs). */
export const dur = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : v < 1 ? v.toFixed(3) : v.toFixed(1));
/** p50 / p99 / max of a distribution of durations; '–' when nothing was measured (or a results file from before the writer thread) */
export const spread = (d: Durations | undefined, p50 = true) =>
  !d || d.count === 0 ? '–' : `${p50 ? `${dur(d.p50)} / ` : ''}${dur(d.p99)} / ${dur(d.max)} ms`;
export const yes = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? '**met**' : '**missed**');

export function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** JS heap plus ArrayBuffer contents (encoded documents and cached answers live outside the JS heap). */
export const held = (s: MemorySample) => s.heapUsed + (s.arrayBuffers ?? 0);

/** Per room with every room awake (ours: the joint rooms had hibernated before the lanes loaded; see MemoryResult). */
export function perRoom(m: MemoryResult | undefined) {
  if (!m) return null;
  const B = m.boards;
  // Each kind from the sample before it. The lanes' edits (and, on ours, the
  // publications they cause in the state rooms) are counted to the lanes.
  const joint = { loaded: (held(m.joints) - held(m.baseline)) / B, written: (held(m.jointsWritten) - held(m.baseline)) / B };
  const laneLoaded = (held(m.lanes) - held(m.jointsWritten)) / (2 * B);
  const lane = { loaded: laneLoaded, written: laneLoaded + (held(m.allWritten) - held(m.all)) / (2 * B) };
  const state = (held(m.all) - held(m.lanes)) / B;
  const rooms = m.rooms.allWritten;
  const mean = (held(m.allWritten) - held(m.baseline)) / rooms;
  const worst = Math.max(joint.loaded, joint.written, lane.loaded, lane.written, state);
  const rss = (m.allWritten.rss - m.baseline.rss) / rooms;
  const awake = m.awake ? (held(m.awake) - held(m.baseline)) / rooms : null;
  const left = held(m.afterLeave) - held(m.baseline);
  return { joint, lane, state, mean, worst, rooms, rss, awake, left };
}

/** Outside components by region, for the table: " (by region: score-matrix 1, …)". */
export function regions(r: RenderCount): string {
  const entries = Object.entries(r.outsideByRegion ?? {}).sort((a, b) => b[1] - a[1]);
  return entries.length ? ` (by region: ${entries.map(([region, n]) => `${region || 'none'} ${n}`).join(', ')})` : '';
}

export function renderSummary(r: RenderCount): string {
  const kinds = Object.entries(r.items).map(([kind, v]) => `${v.options} ${kind} (${v.components} components)`);
  return `${kinds.length ? kinds.join(', ') : 'no option'}; ${r.outside} outside`;
}

export function labels(r: RenderCount): string {
  return Object.entries(r.outsideByLabel)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([k, n]) => `${k.replaceAll('|', '/')} ×${n}`)
    .join(', ');
}
